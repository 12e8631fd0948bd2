import { CASE_STATES } from "@caihong/contracts";
import { GRID_LEVEL } from "@caihong/domain";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADMIN_PASSWORD, createTestApp, login, seeded, type Session, type TestApp } from "../test/harness";
import { buildCase } from "./case-factory";

// buildCase plays a case along the main path with the demo's case player (the live machine and
// projection) and writes it: the product must then read it like any case it wrote itself.

describe("buildCase", () => {
  let t: TestApp;
  let admin: Session;
  let grid: { id: string; path: string };
  let unit: { id: string; name: string };

  beforeAll(async () => {
    t = await createTestApp();
    admin = await login(t.app, "admin", ADMIN_PASSWORD);
    const ids = await seeded(admin);
    const micro = ids.grids.find((g) => g.level === GRID_LEVEL.micro)!;
    const [row] = await t.app.deps.database.query<{ path: string }>("select path from grids where id = $1", [micro.id]);
    grid = { id: micro.id, path: row!.path };
    unit = ((await admin.request("GET", "/api/v1/units?limit=1")).json() as { items: { id: string; name: string }[] }).items[0]!;
  });
  afterAll(() => t.close());

  const built = CASE_STATES.filter((s) => s !== "merged");

  it.each(built)("leaves a case %s that the API opens in that state with its history", async (state) => {
    const c = await buildCase(t.app.deps.db, { tenantId: "xinhong", grid, state, unit, reportedAt: new Date("2026-11-24T09:00:00+08:00") });
    const res = await admin.request("GET", `/api/v1/cases/${c.id}`);
    expect(res.statusCode, res.body).toBe(200);
    const detail = res.json() as { state: string; number: string; events: { action: string; toState: string }[] };
    expect(detail.state).toBe(state);
    expect(detail.number).toMatch(/^XH-2026-\d{6}$/);
    expect(detail.events[0]!.action).toBe("report");
    expect(detail.events.at(-1)!.toState).toBe(state);
  });

  it("gives a dispatched case its due times, so the clock escalates it once", async () => {
    const c = await buildCase(t.app.deps.db, { tenantId: "xinhong", grid, state: "dispatched", unit, categoryCode: "0104", reportedAt: new Date("2026-11-24T09:00:00+08:00") });
    expect(c.handleDueAt).not.toBeNull();
    t.clock.set(new Date("2026-11-30T09:00:00+08:00"));
    const first = await t.app.caseClock.tick();
    expect(first.fired).toBeGreaterThanOrEqual(4);
    expect((await t.app.caseClock.tick()).fired).toBe(0);
    // Six days on, the morning's session has expired: sign in again to look.
    const later = await login(t.app, "admin", ADMIN_PASSWORD);
    const detail = (await later.request("GET", `/api/v1/cases/${c.id}`)).json() as { sla: string; escalation: string };
    expect(detail).toMatchObject({ sla: "overdue", escalation: "subdistrict" });
  });

  it("refuses a state after 派遣 without a unit to dispatch to", async () => {
    await expect(buildCase(t.app.deps.db, { tenantId: "xinhong", grid, state: "handled", reportedAt: new Date("2026-11-24T09:00:00+08:00") })).rejects.toThrow(/needs a unit/);
  });
});
