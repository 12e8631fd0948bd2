import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backend, createTestDatabase } from "./test/harness";
import { spawnServer, waitUntilListening, type ServerProcess } from "./test/server-process";

// Two real server processes on one PostgreSQL database, as `caihong serve --workers 2` runs them:
// the limiter counts in the database (ADR 0014), so a limit holds across processes instead of
// being multiplied by their number. The embedded database is one process: PostgreSQL only.
describe.skipIf(backend === "pglite")("the limiter across two server processes", () => {
  let store: Awaited<ReturnType<typeof createTestDatabase>>;
  let root: string;
  const running: ServerProcess[] = [];
  let urlA: string;
  let urlB: string;

  beforeAll(async () => {
    store = await createTestDatabase();
    root = fs.mkdtempSync(path.join(os.tmpdir(), "caihong-limits-processes-"));
    const dataKey = randomBytes(32).toString("base64");
    const start = (name: string) => {
      const server = spawnServer({ DATABASE_URL: store.url!, CAIHONG_DATA_DIR: path.join(root, name), CAIHONG_DATA_KEY: dataKey, CAIHONG_ADMIN_PASSWORD: "limits-admin-pass-1", CAIHONG_SEED_DEMO_CASES: "false" });
      running.push(server);
      return waitUntilListening(server);
    };
    urlA = await start("a");
    urlB = await start("b");
  }, 240_000);
  afterAll(async () => {
    for (const s of running) {
      if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill("SIGTERM");
      await s.exited;
    }
    await store?.drop();
    if (root) fs.rmSync(root, { recursive: true, force: true });
  });

  const login = (url: string, username: string, password: string) =>
    fetch(`${url}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password }) });

  it("throttles sign-in failures of one account and address counted on both processes", async () => {
    const statuses = [];
    for (const url of [urlA, urlB, urlA, urlB, urlA]) statuses.push((await login(url, "intruder.target", "wrong-password")).status);
    expect(statuses).toEqual([401, 401, 401, 401, 401]);
    const onB = await login(urlB, "intruder.target", "wrong-password");
    expect(onB.status).toBe(429);
    expect(Number(onB.headers.get("retry-after"))).toBeGreaterThan(0);
    // The admin, who signed in from nowhere yet, is not affected by another account's failures.
    expect((await login(urlA, "admin", "limits-admin-pass-1")).status).toBe(200);
  });
});
