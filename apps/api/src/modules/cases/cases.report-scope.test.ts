import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_PASSWORD, createTestApp, createUserAndLogin, login, seeded, type Session, type TestApp } from "../../test/harness";

// A report either succeeds and says so, or changes nothing (issue 10 §3, ADR 0013): staff may
// report anywhere and follow what they reported; every refusal comes before the first write.

let t: TestApp;
let admin: Session;
let worker: Session;
let head: Session;
let resident: Session;
let council: Session;
let pointOutside: { lng: number; lat: number };
let gridOutside: string;
let category: string;

/** What an intake writes, row for row: a refused report must leave all of it as it was. */
async function written() {
  const q = async (sql: string) => JSON.stringify(await t.app.deps.database.query(sql));
  return {
    cases: await q("select count(*)::int as n from cases"),
    events: await q("select count(*)::int as n from case_events"),
    audit: await q("select count(*)::int as n from audit_log"),
    outbox: await q("select count(*)::int as n from webhook_outbox"),
    idempotency: await q("select count(*)::int as n from idempotency_keys"),
    counters: await q("select year, last from case_counters order by year"),
  };
}

beforeAll(async () => {
  t = await createTestApp();
  admin = await login(t.app, "admin", ADMIN_PASSWORD);
  const { grid, role, grids } = await seeded(admin);
  const microUnder = (disposal: string) => grids.find((g) => g.level === 4 && grids.find((a) => a.id === g.parentId)!.parentId === grid(disposal))!.id;
  const aiboMicro = microUnder("爱博片区");
  gridOutside = microUnder("华美片区");
  pointOutside = ((await admin.request("GET", `/api/v1/grids/${gridOutside}`)).json() as { centroid: { lng: number; lat: number } }).centroid;
  const cats = ((await admin.request("GET", "/api/v1/case-categories")).json() as { items: { id: string; code: string }[] }).items;
  category = cats.find((c) => c.code === "0104")!.id;
  worker = await createUserAndLogin(admin, t.app, { username: "report.aibo.worker", gridId: aiboMicro, roles: [{ roleId: role("grid_worker"), scope: "subtree", gridId: aiboMicro }] });
  head = await createUserAndLogin(admin, t.app, { username: "report.aibo.head", gridId: grid("爱博片区"), roles: [{ roleId: role("grid_head"), scope: "subtree", gridId: grid("爱博片区") }] });
  resident = await createUserAndLogin(admin, t.app, { username: "report.resident", roles: [{ roleId: role("resident"), scope: "own" }] });
  council = await createUserAndLogin(admin, t.app, { username: "report.council", gridId: grid("爱博片区"), roles: [{ roleId: role("council_member"), scope: "subtree", gridId: grid("爱博片区") }] });
}, 120_000);
afterAll(async () => t.close());

describe("staff reporting outside their scope", () => {
  it("stores a 网格员's report at a point outside their grid once, answers 201, and lets them follow it", async () => {
    const before = JSON.parse((await written()).cases)[0].n as number;
    const body = { categoryId: category, description: "路过华美片区，路面有大片油污", location: { ...pointOutside, crs: "wgs84" } };
    const res = await worker.request("POST", "/api/v1/cases", body, { "idempotency-key": "outside-scope-1" });
    expect(res.statusCode, res.body).toBe(201);
    const c = res.json() as { id: string; channel: string; gridId: string; state: string };
    expect(c).toMatchObject({ channel: "patrol", gridId: gridOutside, state: "reported" });
    // A retry of the same request answers the same case; nothing is stored twice.
    const retry = await worker.request("POST", "/api/v1/cases", body, { "idempotency-key": "outside-scope-1" });
    expect(retry.statusCode, retry.body).toBe(201);
    expect(retry.json().id).toBe(c.id);
    expect(JSON.parse((await written()).cases)[0].n).toBe(before + 1);
    // The reporter follows it: the case, and their own list.
    const read = await worker.request("GET", `/api/v1/cases/${c.id}`);
    expect(read.statusCode, read.body).toBe(200);
    const mine = (await worker.request("GET", "/api/v1/cases?reportedByMe=true&limit=50")).json() as { items: { id: string }[] };
    expect(mine.items.map((i) => i.id)).toContain(c.id);
    // Other cases of that grid stay out of reach.
    const all = (await worker.request("GET", "/api/v1/cases?limit=200")).json() as { items: { id: string; gridId: string }[] };
    expect(all.items.filter((i) => i.gridId === gridOutside).map((i) => i.id)).toEqual([c.id]);
  });

  it("stores a 网格长's entry on a citizen's behalf outside their scope once and answers 201 with the tracking code", async () => {
    const before = JSON.parse((await written()).cases)[0].n as number;
    const res = await head.request("POST", "/api/v1/cases", { channel: "staff_proxy", categoryId: category, description: "市民来电：华美片区路面油污", location: { ...pointOutside, crs: "wgs84" }, reporter: { name: "周女士", phone: "13700001111" } });
    expect(res.statusCode, res.body).toBe(201);
    expect(res.json()).toMatchObject({ channel: "staff_proxy", gridId: gridOutside });
    expect(res.json().trackingCode).toMatch(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
    expect(JSON.parse((await written()).cases)[0].n).toBe(before + 1);
  });
});

describe("a refused report", () => {
  it("writes nothing: no permission, a channel the caller may not use, a bad category, a grid outside the caller's scope, a point outside the area", async () => {
    const base = { categoryId: category, description: "路面有油污", location: { ...pointOutside, crs: "wgs84" } };
    const before = await written();
    const refusals = [
      [council, base, 403],
      [resident, { ...base, channel: "staff_proxy" }, 403],
      [resident, { ...base, channel: "open311" }, 403],
      [worker, { ...base, categoryId: "00000000-0000-4000-8000-000000000000" }, 422],
      [head, { ...base, gridId: gridOutside, gridOverrideReason: "定位偏差" }, 403],
      [worker, { ...base, location: { lng: 121.9, lat: 31.0, crs: "wgs84" } }, 422],
    ] as const;
    for (const [i, [who, body, status]] of refusals.entries()) {
      const res = await who.request("POST", "/api/v1/cases", body, { "idempotency-key": `refused-${i}` });
      expect(res.statusCode, res.body).toBe(status);
      expect(res.headers["content-type"]).toContain("application/problem+json");
    }
    expect(await written()).toEqual(before);
  });
});
