import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../app";
import { loadConfig } from "../../config/env";
import { ADMIN_PASSWORD, createTestDatabase, createUserAndLogin, login, seeded, testClock } from "../../test/harness";
import { ancestorAt } from "@caihong/domain";

/**
 * The clock across a restart: the database is kept (a PGlite data directory, or one PostgreSQL
 * database) while the app is built, closed and built again, as a server restart would.
 */
describe("the case clock", () => {
  const dataKey = randomBytes(32).toString("base64");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "caihong-clock-"));
  let db: Awaited<ReturnType<typeof createTestDatabase>>;
  const clock = testClock(new Date("2026-11-25T09:00:00+08:00")); // a Wednesday

  const start = async (): Promise<FastifyInstance> => {
    const config = loadConfig(
      { CAIHONG_TENANT: "xinhong", LOG_LEVEL: "silent" },
      { databaseUrl: db.url, inMemory: false, dataDir: dir, photoDir: path.join(dir, "photos"), clockIntervalSeconds: 0, seedDemoCases: false, adminPassword: ADMIN_PASSWORD, dataKey } as never,
    );
    return build({ config, clock: clock.clock, logger: false });
  };

  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("finds a micro grid's ancestors on its path", () => {
    expect(ancestorAt("/a/b/c/d/", 1)).toBe("a");
    expect(ancestorAt("/a/b/c/d/", 3)).toBe("c");
    expect(ancestorAt("/a/b/", 3)).toBeNull();
  });

  it("fires each escalation stage exactly once across a restart, catching up on the ones missed while down", async () => {
    let app = await start();
    const admin = await login(app, "admin", ADMIN_PASSWORD);
    const ids = await seeded(admin);
    const micro = ids.grids.find((g) => g.level === 4)!;
    const centroid = ((await admin.request("GET", `/api/v1/grids/${micro.id}`)).json() as { centroid: { lng: number; lat: number } }).centroid;
    const cats = ((await admin.request("GET", "/api/v1/case-categories")).json() as { items: { id: string; code: string }[] }).items;
    const worker = await createUserAndLogin(admin, app, { username: "clock-worker", roles: [{ roleId: ids.role("grid_worker"), scope: "subtree", gridId: micro.id }] });
    // A grid head on the autonomous grid receives the overdue 督办 notice.
    const autonomous = micro.parentId!;
    const head = await createUserAndLogin(admin, app, { username: "clock-head", roles: [{ roleId: ids.role("grid_head"), scope: "subtree", gridId: autonomous }] });
    // 0104 道路不洁: handle within 2 working hours → warning 10:36, overdue 11:00, council 12:00 → 13:00+… (lunch skipped)
    const c = (await admin.request("POST", "/api/v1/cases", { channel: "staff_proxy", categoryId: cats.find((x) => x.code === "0104")!.id, description: "路面油污", location: centroid })).json() as { id: string; version: number };
    const filed = (await admin.request("POST", `/api/v1/cases/${c.id}/transitions`, { action: "file", version: c.version })).json() as { version: number };
    const dispatched = await admin.request("POST", `/api/v1/cases/${c.id}/transitions`, { action: "dispatch", version: filed.version, assignee: { userId: worker.userId } });
    expect(dispatched.statusCode, dispatched.body).toBe(200);
    expect(dispatched.json().handleDueAt).toBe(new Date("2026-11-25T11:00:00+08:00").toISOString());

    // Before 80 %: nothing.
    clock.set(new Date("2026-11-25T10:30:00+08:00"));
    expect((await app.caseClock.tick()).fired).toBe(0);
    // Past the warning: one stage, and a second tick repeats nothing.
    clock.set(new Date("2026-11-25T10:40:00+08:00"));
    expect((await app.caseClock.tick()).fired).toBe(1);
    expect((await app.caseClock.tick()).fired).toBe(0);
    const warned = (await admin.request("GET", `/api/v1/cases/${c.id}`)).json() as { sla: string; escalation: string };
    expect(warned).toMatchObject({ sla: "warning", escalation: "warning" });
    await app.close();

    // Down overnight; restarted the next morning: overdue, council and sub-district all fire, once each.
    clock.set(new Date("2026-11-26T10:00:00+08:00"));
    app = await start();
    expect((await app.caseClock.tick()).fired).toBe(3);
    expect((await app.caseClock.tick()).fired).toBe(0);
    const rows = (await app.deps.database.query("select stage, count(*)::int as n from case_escalations where case_id = $1 group by stage order by stage", [c.id])) as { stage: string; n: number }[];
    expect(rows).toEqual([
      { stage: "council", n: 1 },
      { stage: "overdue", n: 1 },
      { stage: "subdistrict", n: 1 },
      { stage: "warning", n: 1 },
    ]);
    const events = (await app.deps.database.query("select action, data->>'stage' as stage from case_events where case_id = $1 and action in ('warn','escalate') order by seq", [c.id])) as { action: string; stage: string }[];
    expect(events.map((e) => e.stage)).toEqual(["warning", "overdue", "council", "subdistrict"]);
    const headSession = await login(app, "clock-head", "permanent-pass-1");
    const notes = (await headSession.request("GET", "/api/v1/notifications")).json() as { items: { kind: string }[] };
    expect(notes.items.filter((n) => n.kind === "supervise").length).toBe(1);
    const detail = (await (await login(app, "admin", ADMIN_PASSWORD)).request("GET", `/api/v1/cases/${c.id}`)).json() as { sla: string; escalation: string };
    expect(detail).toMatchObject({ sla: "overdue", escalation: "subdistrict" });
    const next = (await app.deps.database.query("select next_escalation_at from cases where id = $1", [c.id])) as { next_escalation_at: string | null }[];
    expect(next[0]!.next_escalation_at).toBeNull();
    void head;
    await app.close();
  }, 120_000);
});
