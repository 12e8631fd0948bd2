import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_PASSWORD, createTestApp, createUserAndLogin, login, seeded, type Session, type TestApp } from "../../test/harness";

/** A point inside 爱博片区's first micro grid, found from the grid's own centroid. */
async function pointIn(admin: Session, gridName: string) {
  const grids = (await admin.request("GET", "/api/v1/grids/map.geojson")).json() as { features: { properties: { name: string; level: number; centroid?: [number, number] }; geometry: unknown }[] };
  const f = grids.features.find((x) => x.properties.name === gridName);
  return f;
}

describe("a case from report to closure", () => {
  let t: TestApp;
  let admin: Session;
  let ids: Awaited<ReturnType<typeof seeded>>;
  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t.app, "admin", ADMIN_PASSWORD);
    ids = await seeded(admin);
  }, 60_000);
  afterAll(async () => t.close());

  it("smoke", async () => {
    const cats = (await admin.request("GET", "/api/v1/case-categories")).json();
    expect(cats.items.length).toBeGreaterThan(30);
    const micro = ids.grids.find((g) => g.level === 4)!;
    const detail = (await admin.request("GET", `/api/v1/grids/${micro.id}`)).json();
    void pointIn;
    const centroid = [detail.centroid.lng, detail.centroid.lat] as [number, number];
    const bikes = cats.items.find((c: { code: string }) => c.code === "0601");
    const worker = await createUserAndLogin(admin, t.app, { username: "worker1", roles: [{ roleId: ids.role("grid_worker"), scope: "subtree", gridId: micro.id }] });
    const created = await admin.request("POST", "/api/v1/cases", { channel: "staff_proxy", categoryId: bikes.id, description: "共享单车堆在地铁口", location: { lng: centroid[0], lat: centroid[1] }, reporter: { name: "王小明", phone: "13800138000" } }, { "idempotency-key": "abc-1" });
    expect(created.statusCode, created.body).toBe(201);
    const c = created.json();
    expect(c.gridId).toBe(micro.id);
    const again = await admin.request("POST", "/api/v1/cases", { channel: "staff_proxy", categoryId: bikes.id, description: "共享单车堆在地铁口", location: { lng: centroid[0], lat: centroid[1] }, reporter: { name: "王小明", phone: "13800138000" } }, { "idempotency-key": "abc-1" });
    expect(again.json().id).toBe(c.id);
    let r = await admin.request("POST", `/api/v1/cases/${c.id}/transitions`, { action: "file", version: c.version });
    expect(r.statusCode, r.body).toBe(200);
    r = await admin.request("POST", `/api/v1/cases/${c.id}/transitions`, { action: "dispatch", version: r.json().version, assignee: { userId: worker.userId } });
    expect(r.statusCode, r.body).toBe(200);
    const w = await worker.request("GET", `/api/v1/cases/${c.id}`);
    expect(w.json().allowedActions).toContain("acknowledge");
    r = await worker.request("POST", `/api/v1/cases/${c.id}/transitions`, { action: "acknowledge", version: w.json().version });
    expect(r.statusCode, r.body).toBe(200);
    r = await worker.request("POST", `/api/v1/cases/${c.id}/transitions`, { action: "handle", version: r.json().version, note: "已清运" });
    expect(r.statusCode, r.body).toBe(200);
    r = await admin.request("POST", `/api/v1/cases/${c.id}/transitions`, { action: "verify", version: r.json().version });
    r = await admin.request("POST", `/api/v1/cases/${c.id}/transitions`, { action: "close", version: r.json().version });
    expect(r.json().state).toBe("closed");
    expect(r.json().events.map((e: { action: string }) => e.action)).toEqual(["report", "file", "dispatch", "acknowledge", "handle", "verify", "close"]);
    const track = await t.app.inject({ method: "GET", url: `/api/v1/public/cases/track?number=${c.number}&code=${c.trackingCode}` });
    expect(track.statusCode, track.body).toBe(200);
  });
});
