import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../../app";
import { loadConfig } from "../../config/env";
import { ADMIN_PASSWORD, backend, createTestDatabase, createUserAndLogin, login, seeded, testClock, type Session } from "../../test/harness";

/**
 * Two server processes on one PostgreSQL database (`caihong serve --workers 2`), as two apps built
 * in this test on the same database: each has its own pool, caches, change bus and case clock.
 * The embedded database is one process, so this runs on PostgreSQL only.
 */
describe.skipIf(backend === "pglite")("two workers on one PostgreSQL database", () => {
  const dataKey = randomBytes(32).toString("base64");
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "caihong-workers-"));
  const clock = testClock(new Date("2026-11-25T09:00:00+08:00")); // a Wednesday
  let store: Awaited<ReturnType<typeof createTestDatabase>>;
  let a: FastifyInstance;
  let b: FastifyInstance;

  const start = (): Promise<FastifyInstance> => {
    const config = loadConfig(
      { CAIHONG_TENANT: "xinhong", LOG_LEVEL: "silent" },
      { databaseUrl: store.url, inMemory: false, dataDir: dir, photoDir: path.join(dir, "photos"), clockIntervalSeconds: 0, seedDemoCases: false, adminPassword: ADMIN_PASSWORD, dataKey },
    );
    return build({ config, clock: clock.clock, logger: false });
  };

  beforeAll(async () => {
    store = await createTestDatabase();
    // One after the other, as the primary forks them: the first migrates and seeds.
    a = await start();
    b = await start();
  });
  afterAll(async () => {
    await a?.close();
    await b?.close();
    await store.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it("fires each escalation stage once when both clocks tick at the same moments", async () => {
    const admin = await login(a, "admin", ADMIN_PASSWORD);
    const ids = await seeded(admin);
    const micro = ids.grids.find((g) => g.level === 4)!;
    const centroid = ((await admin.request("GET", `/api/v1/grids/${micro.id}`)).json() as { centroid: { lng: number; lat: number } }).centroid;
    const cats = ((await admin.request("GET", "/api/v1/case-categories")).json() as { items: { id: string; code: string }[] }).items;
    const worker = await createUserAndLogin(admin, a, { username: "workers-clock", roles: [{ roleId: ids.role("grid_worker"), scope: "subtree", gridId: micro.id }] });
    // Three cases, so the two clocks' batches overlap on more than one row.
    const caseIds: string[] = [];
    for (let i = 0; i < 3; i++) {
      const c = (await admin.request("POST", "/api/v1/cases", { channel: "staff_proxy", categoryId: cats.find((x) => x.code === "0104")!.id, description: `路面油污 ${i}`, location: centroid })).json() as { id: string; version: number };
      const filed = (await admin.request("POST", `/api/v1/cases/${c.id}/transitions`, { action: "file", version: c.version })).json() as { version: number };
      const dispatched = await admin.request("POST", `/api/v1/cases/${c.id}/transitions`, { action: "dispatch", version: filed.version, assignee: { userId: worker.userId } });
      expect(dispatched.statusCode, dispatched.body).toBe(200);
      caseIds.push(c.id);
    }

    // Past the warning (10:36), then past every stage (overdue 11:00, council, sub-district).
    const fired: number[] = [];
    for (const at of ["2026-11-25T10:40:00+08:00", "2026-11-26T10:00:00+08:00", "2026-11-26T10:00:00+08:00"]) {
      clock.set(new Date(at));
      const [x, y] = await Promise.all([a.caseClock.tick(), b.caseClock.tick()]);
      fired.push(x.fired + y.fired);
    }
    expect(fired).toEqual([3, 9, 0]);
    const rows = (await a.deps.database.query("select case_id, stage, count(*)::int as n from case_escalations group by case_id, stage")) as { case_id: string; stage: string; n: number }[];
    expect(rows).toHaveLength(caseIds.length * 4);
    expect(rows.every((r) => r.n === 1)).toBe(true);
    const events = (await a.deps.database.query("select count(*)::int as n from case_events where action in ('warn','escalate')")) as { n: number }[];
    expect(events[0]!.n).toBe(caseIds.length * 4);
  });

  it("uses a holiday set through one worker in the other's next request", async () => {
    const adminA = await login(a, "admin", ADMIN_PASSWORD);
    const adminB: Session = await login(b, "admin", ADMIN_PASSWORD);
    expect((await b.deps.calendar.get()).isWorkingDay("2026-12-02")).toBe(true);
    const put = await adminA.request("PUT", "/api/v1/work-calendar/2026-12-02", { kind: "holiday", name: "测试假日" });
    expect(put.statusCode, put.body).toBe(200);
    // Any request B serves reads the change counters with its session: B's calendar is dropped then.
    expect((await adminB.request("GET", "/api/v1/auth/me")).statusCode).toBe(200);
    expect((await b.deps.calendar.get()).isWorkingDay("2026-12-02")).toBe(false);
  });
});
