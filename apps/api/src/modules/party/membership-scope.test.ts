import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_PASSWORD, createTestApp, createUserAndLogin, login, seeded, type Session, type TestApp } from "../../test/harness";

// The person a membership or a staff post names must lie in the caller's scope, and no error names
// a record the caller cannot read (issue 10 §3, ADR 0013). The caller: a 党建办 account of 爱博片区.

let t: TestApp;
let admin: Session;
let office: Session;
let aiboMicro: string;
let aiboOrg: string;
let huameiOrg: { id: string; name: string };
let huameiMember: { id: string };
let huameiCitizen: { id: string };

const HUAMEI_MEMBER = "华美党员甲（示例）";
const HUAMEI_CITIZEN = "华美群众乙（示例）";

async function written() {
  const q = async (sql: string) => JSON.stringify(await t.app.deps.database.query(sql));
  return { memberships: await q("select count(*)::int as n from party_memberships"), posts: await q("select count(*)::int as n from staff_assignments"), audit: await q("select count(*)::int as n from audit_log") };
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await login(t.app, "admin", ADMIN_PASSWORD);
  const { grid, role, grids } = await seeded(admin);
  const microUnder = (disposal: string) => grids.find((g) => g.level === 4 && grids.find((a) => a.id === g.parentId)!.parentId === grid(disposal))!.id;
  aiboMicro = microUnder("爱博片区");
  const huameiMicro = microUnder("华美片区");
  const orgOf = async (gridId: string) => (await admin.request("GET", `/api/v1/party-orgs?gridId=${gridId}&limit=1`)).json().items[0] as { id: string; name: string };
  aiboOrg = (await orgOf(aiboMicro)).id;
  huameiOrg = await orgOf(huameiMicro);
  huameiMember = (await admin.request("POST", "/api/v1/people", { name: HUAMEI_MEMBER, isPartyMember: true, joinedPartyOn: "2012-07-01", gridId: huameiMicro })).json();
  huameiCitizen = (await admin.request("POST", "/api/v1/people", { name: HUAMEI_CITIZEN, gridId: huameiMicro })).json();
  office = await createUserAndLogin(admin, t.app, { username: "party.aibo.office", gridId: grid("爱博片区"), roles: [{ roleId: role("party_office"), scope: "subtree", gridId: grid("爱博片区") }] });
}, 120_000);
afterAll(async () => t.close());

describe("adding a Party membership", () => {
  it("adds a member of the caller's own 片区 to its organisation", async () => {
    const own = (await admin.request("POST", "/api/v1/people", { name: "爱博党员丙（示例）", isPartyMember: true, joinedPartyOn: "2015-07-01", gridId: aiboMicro })).json();
    const res = await office.request("POST", `/api/v1/party-orgs/${aiboOrg}/memberships`, { personId: own.id, role: "member", fromDate: "2021-01-01" });
    expect(res.statusCode, res.body).toBe(201);
  });

  it("refuses a person of another 片区 (403) without naming them, whatever else is wrong with the request, and writes nothing", async () => {
    const before = await written();
    const attempts = [
      await office.request("POST", `/api/v1/party-orgs/${aiboOrg}/memberships`, { personId: huameiMember.id, role: "member", fromDate: "2021-01-01" }),
      await office.request("POST", `/api/v1/party-orgs/${aiboOrg}/memberships`, { personId: huameiCitizen.id, role: "member", fromDate: "2021-01-01" }),
      await office.request("POST", `/api/v1/party-orgs/${aiboOrg}/memberships`, { personId: huameiMember.id, role: "member", fromDate: "2021-01-01" }, { "accept-language": "en" }),
      await office.request("POST", "/api/v1/staff-assignments", { gridId: aiboMicro, personId: huameiCitizen.id, post: "grid_worker", fromDate: "2021-01-01" }),
    ];
    expect(attempts.map((r) => r.statusCode)).toEqual([403, 403, 403, 403]);
    for (const res of attempts) {
      expect(res.json()).toMatchObject({ code: "FORBIDDEN", errors: [{ path: "body.personId" }] });
      expect(res.body).not.toContain(HUAMEI_MEMBER);
      expect(res.body).not.toContain(HUAMEI_CITIZEN);
    }
    expect(await written()).toEqual(before);
  });

  it("answers an unknown person id with 400 on the field", async () => {
    const res = await office.request("POST", `/api/v1/party-orgs/${aiboOrg}/memberships`, { personId: "00000000-0000-4000-8000-000000000000", role: "member", fromDate: "2021-01-01" });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ code: "VALIDATION_FAILED", errors: [{ path: "body.personId" }] });
  });
});

describe("errors about a person in scope", () => {
  it("do not name their memberships of organisations outside the caller's scope", async () => {
    const mover = (await admin.request("POST", "/api/v1/people", { name: "爱博党员丁（示例）", isPartyMember: true, joinedPartyOn: "2016-07-01", gridId: aiboMicro })).json() as { id: string; version: number };
    const joined = await admin.request("POST", `/api/v1/party-orgs/${huameiOrg.id}/memberships`, { personId: mover.id, role: "member", fromDate: "2021-01-01" });
    expect(joined.statusCode, joined.body).toBe(201);
    const res = await office.request("PATCH", `/api/v1/people/${mover.id}`, { version: mover.version, isPartyMember: false, joinedPartyOn: null });
    expect(res.statusCode, res.body).toBe(422);
    expect(res.body).not.toContain(huameiOrg.name);
    expect(res.json().detail).toContain("1");
  });
});
