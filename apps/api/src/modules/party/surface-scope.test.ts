import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_PASSWORD, createTestApp, createUserAndLogin, login, seeded, type Session, type TestApp } from "../../test/harness";

// Scope matrix over the surface routes (grids, organisations, people, units): a 网格长 of 爱博片区
// cannot read or change 华美片区's records; a 网格员 sees only their micro grid.

let t: TestApp;
let admin: Session;
let aiboHead: Session;
let worker: Session;
const own = {} as { micro: string; org: string; person: { id: string; version: number }; unit: { id: string; version: number } };
const other = {} as { disposal: string; micro: string; org: string; disposalOrg: string; person: { id: string; version: number }; unit: { id: string; version: number } };
let aiboAutonomousOrg: string;

const listIds = async (s: Session, url: string) => ((await s.request("GET", url)).json().items as { id: string }[]).map((i) => i.id);

beforeAll(async () => {
  t = await createTestApp();
  admin = await login(t.app, "admin", ADMIN_PASSWORD);
  const { grid, role, grids } = await seeded(admin);
  const microUnder = (disposal: string) => {
    const autonomous = grids.filter((g) => g.parentId === grid(disposal));
    return { autonomous: autonomous[0]!.id, micro: grids.find((g) => g.parentId === autonomous[0]!.id)!.id };
  };
  const aibo = microUnder("爱博片区");
  const huamei = microUnder("华美片区");
  own.micro = aibo.micro;
  other.micro = huamei.micro;
  other.disposal = grid("华美片区");
  const orgOf = async (gridId: string) => (await admin.request("GET", `/api/v1/party-orgs?gridId=${gridId}&limit=1`)).json().items[0].id as string;
  own.org = await orgOf(aibo.micro);
  other.org = await orgOf(huamei.micro);
  other.disposalOrg = await orgOf(other.disposal);
  aiboAutonomousOrg = await orgOf(aibo.autonomous);
  own.person = (await admin.request("POST", "/api/v1/people", { name: "爱博居民（示例）", gridId: aibo.micro })).json();
  other.person = (await admin.request("POST", "/api/v1/people", { name: "华美居民（示例）", gridId: huamei.micro })).json();
  own.unit = (await admin.request("POST", "/api/v1/units", { name: "爱博小店（示例）", kind: "enterprise", gridId: aibo.micro })).json();
  other.unit = (await admin.request("POST", "/api/v1/units", { name: "华美小店（示例）", kind: "enterprise", gridId: huamei.micro })).json();
  aiboHead = await createUserAndLogin(admin, t.app, { username: "scope.aibo.head", gridId: grid("爱博片区"), roles: [{ roleId: role("grid_head"), scope: "subtree", gridId: grid("爱博片区") }] });
  worker = await createUserAndLogin(admin, t.app, { username: "scope.aibo.worker", gridId: aibo.micro, roles: [{ roleId: role("grid_worker"), scope: "subtree", gridId: aibo.micro }] });
});
afterAll(async () => t.close());

describe("a 网格长 of 爱博片区", () => {
  it("cannot read 华美片区's grid, organisation, person or unit (403), and never sees them in lists", async () => {
    for (const url of [
      `/api/v1/grids/${other.disposal}`,
      `/api/v1/party-orgs/${other.org}`,
      `/api/v1/party-orgs/${other.disposalOrg}`,
      `/api/v1/people/${other.person.id}`,
      `/api/v1/units/${other.unit.id}`,
    ]) {
      expect((await aiboHead.request("GET", url)).statusCode, url).toBe(403);
    }
    expect(await listIds(aiboHead, "/api/v1/grids")).not.toContain(other.disposal);
    expect(await listIds(aiboHead, "/api/v1/party-orgs?limit=200")).not.toContain(other.org);
    expect(await listIds(aiboHead, "/api/v1/party-orgs/tree")).not.toContain(other.org);
    expect(await listIds(aiboHead, "/api/v1/people?limit=200")).not.toContain(other.person.id);
    expect(await listIds(aiboHead, "/api/v1/units?limit=200")).not.toContain(other.unit.id);
    const consistency = (await aiboHead.request("GET", "/api/v1/party-orgs/consistency")).json();
    expect(consistency.organisations).toBeLessThan(181);
  });

  it("cannot change 华美片区's grid, person or unit, nor move records into it, and nothing is written", async () => {
    const audits = async () => (await t.app.deps.database.query("select count(*)::int as n from audit_log"))[0]!.n;
    const before = await audits();
    const attempts = [
      await aiboHead.request("PATCH", `/api/v1/grids/${other.disposal}`, { version: 1, name: "改名" }),
      await aiboHead.request("PATCH", `/api/v1/party-orgs/${other.org}`, { version: 1, name: "改名" }),
      await aiboHead.request("PATCH", `/api/v1/people/${other.person.id}`, { version: other.person.version, name: "改名" }),
      await aiboHead.request("PATCH", `/api/v1/units/${other.unit.id}`, { version: other.unit.version, name: "改名" }),
      await aiboHead.request("POST", "/api/v1/people", { name: "越界人员", gridId: other.micro }),
      await aiboHead.request("POST", "/api/v1/units", { name: "越界单位", kind: "enterprise", gridId: other.micro }),
      await aiboHead.request("PATCH", `/api/v1/people/${own.person.id}`, { version: own.person.version, gridId: other.micro }),
      await aiboHead.request("POST", "/api/v1/staff-assignments", { gridId: other.micro, personId: own.person.id, post: "grid_worker", fromDate: "2021-01-01" }),
    ];
    expect(attempts.map((r) => r.statusCode)).toEqual([403, 403, 403, 403, 403, 403, 403, 403]);
    expect(await audits()).toBe(before);
  });

  it("can read and change the same kinds of record inside 爱博片区", async () => {
    expect((await aiboHead.request("GET", `/api/v1/party-orgs/${own.org}`)).statusCode).toBe(200);
    const person = await aiboHead.request("PATCH", `/api/v1/people/${own.person.id}`, { version: own.person.version, birthYear: 1990 });
    expect(person.statusCode).toBe(200);
    const unit = await aiboHead.request("PATCH", `/api/v1/units/${own.unit.id}`, { version: own.unit.version, address: "爱博路 1 号" });
    expect(unit.statusCode).toBe(200);
    own.person.version = person.json().version;
  });
});

describe("a 网格员 of one micro grid", () => {
  it("sees only that micro grid, its organisation, its people and its units", async () => {
    expect(await listIds(worker, "/api/v1/grids")).toEqual([own.micro]);
    expect(await listIds(worker, "/api/v1/party-orgs?limit=200")).toEqual([own.org]);
    expect(await listIds(worker, "/api/v1/units?limit=200")).toEqual([own.unit.id]);
    const people = (await worker.request("GET", "/api/v1/people?limit=200")).json().items as { gridId: string }[];
    expect(people.length).toBeGreaterThan(0);
    expect(new Set(people.map((p) => p.gridId))).toEqual(new Set([own.micro]));
    expect((await worker.request("GET", `/api/v1/party-orgs/${aiboAutonomousOrg}`)).statusCode).toBe(403);
    expect((await worker.request("GET", `/api/v1/people/${other.person.id}`)).statusCode).toBe(403);
  });

  it("cannot write people or units (no write permission) and cannot reveal personal data", async () => {
    expect((await worker.request("PATCH", `/api/v1/people/${own.person.id}`, { version: own.person.version, name: "改名" })).statusCode).toBe(403);
    expect((await worker.request("POST", "/api/v1/units", { name: "网格员新建", kind: "enterprise", gridId: own.micro })).statusCode).toBe(403);
    expect((await worker.request("GET", `/api/v1/people/${own.person.id}/personal-data`)).statusCode).toBe(403);
  });
});
