import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import pg from "pg";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { build } from "../app";
import { loadConfig } from "../config/env";
import { DATABASE_RETRY_AFTER_SECONDS } from "../lib/db-availability";
import { ADMIN_PASSWORD, login, type Session } from "../test/harness";
import { postgresBinDir, startPrivatePostgres, type PrivatePostgres } from "../test/private-postgres";

// Issue 10 §3: a lost database connection is a 503 with Retry-After and a code of its own, /readyz
// says not ready until the database answers, the log says so once per outage, and the server
// recovers by itself. Against a PostgreSQL the test starts and stops itself — never the shared one.

const bin = postgresBinDir();

describe.skipIf(!bin)("a lost database connection (a private PostgreSQL the test stops and starts)", () => {
  let server: PrivatePostgres | undefined;
  let app: FastifyInstance | undefined;
  let admin: Session;
  let dir: string;
  const lines: { level: number; msg: string }[] = [];
  const logged = (msg: string) => lines.filter((l) => l.msg.startsWith(msg)).length;

  beforeAll(async () => {
    server = await startPrivatePostgres(bin!);
    dir = fs.mkdtempSync(path.join(os.tmpdir(), "caihong-outage-"));
    const config = loadConfig(
      { CAIHONG_TENANT: "xinhong", LOG_LEVEL: "info" },
      { databaseUrl: server.url, inMemory: false, dataDir: dir, photoDir: null, clockIntervalSeconds: 0, seedDemo: false, seedDemoCases: false, adminPassword: ADMIN_PASSWORD, dataKey: randomBytes(32).toString("base64") },
    );
    app = await build({ config, logger: { level: "info", destination: { write: (line: string) => lines.push(JSON.parse(line)) } } });
    admin = await login(app, "admin", ADMIN_PASSWORD);
  }, 120_000);

  afterAll(async () => {
    await app?.close();
    await server?.remove();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const expectUnavailable = (res: { statusCode: number; headers: Record<string, unknown>; body: string; json(): unknown }) => {
    expect(res.statusCode, res.body).toBe(503);
    expect(res.headers["retry-after"]).toBe(String(DATABASE_RETRY_AFTER_SECONDS));
    expect(res.headers["content-type"]).toContain("application/problem+json");
    expect(res.json()).toMatchObject({ code: "DATABASE_UNAVAILABLE", status: 503 });
  };

  it("answers 503 DATABASE_UNAVAILABLE with Retry-After while PostgreSQL is down, logs the outage once, and is back by itself when it returns", async () => {
    const readyz = () => app!.inject({ method: "GET", url: "/readyz" });
    expect((await readyz()).statusCode).toBe(200);
    expect((await admin.request("GET", "/api/v1/cases")).statusCode).toBe(200);

    // A request in flight: its query waits behind a lock the test holds when the server stops. The
    // lock belongs to a prepared transaction, so the stop cannot release it (ending the holder's
    // session first) and let the query finish: the waiting session can only be ended, by 57P01.
    const observer = new pg.Client({ connectionString: server!.url });
    observer.on("error", () => undefined);
    await observer.connect();
    await observer.query("begin");
    await observer.query("lock table cases in access exclusive mode");
    await observer.query("prepare transaction 'caihong-outage-test'");
    const inFlight = admin.request("GET", "/api/v1/cases");
    const deadline = Date.now() + 30_000;
    for (;;) {
      const waiting = await observer.query<{ n: number }>("select count(*)::int as n from pg_stat_activity where wait_event_type = 'Lock' and query ilike '%cases%'");
      if (waiting.rows[0]!.n > 0) break;
      if (Date.now() > deadline) throw new Error("the request never reached the locked table");
    }
    // The listening connection (change bus) reconnects by itself: every cache drops once it is back.
    const relistened = new Promise((resolve) => {
      const off = app!.deps.changes.subscribe("grids", (event) => {
        off();
        resolve(event);
      });
    });

    await server!.stop();
    expectUnavailable(await inFlight);
    await observer.end().catch(() => undefined);

    // Requests arriving while it is down: reads, writes, the readiness probe.
    expectUnavailable(await admin.request("GET", "/api/v1/cases"));
    expectUnavailable(await admin.request("GET", "/api/v1/auth/me"));
    expectUnavailable(await admin.request("POST", "/api/v1/people", { name: "停机时登记" }));
    const notReady = await readyz();
    expect(notReady.statusCode).toBe(503);
    expect(notReady.headers["retry-after"]).toBe(String(DATABASE_RETRY_AFTER_SECONDS));
    expect(notReady.json()).toMatchObject({ status: "unavailable" });
    expect(logged("database unreachable"), JSON.stringify(lines)).toBe(1);
    expect(logged("database back"), JSON.stringify(lines)).toBe(0);
    expect(lines.filter((l) => l.level >= 50 && !l.msg.startsWith("database unreachable"))).toEqual([]);

    await server!.start();
    // The prepared transaction survived the restart with its lock: end it.
    const cleaner = new pg.Client({ connectionString: server!.url });
    await cleaner.connect();
    await cleaner.query("rollback prepared 'caihong-outage-test'");
    await cleaner.end();
    const back = await admin.request("GET", "/api/v1/cases");
    expect(back.statusCode, back.body).toBe(200);
    expect((await admin.request("POST", "/api/v1/people", { name: "恢复后登记" })).statusCode).toBe(201);
    expect((await readyz()).statusCode).toBe(200);
    expect(logged("database back"), JSON.stringify(lines)).toBe(1);
    expect(logged("database unreachable"), JSON.stringify(lines)).toBe(1);
    expect(await relistened).toEqual({ tenantId: null, detail: null });
  });
});
