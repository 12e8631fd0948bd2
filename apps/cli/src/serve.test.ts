import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { backend, createTestDatabase, spawnServer, waitUntilListening } from "@caihong/api/testing";

const BIN = fileURLToPath(new URL("../bin/caihong.mjs", import.meta.url));
const ADMIN_PASSWORD = "serve-test-admin-1";

/** Whether a process is still there. */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

describe("caihong serve --workers", () => {
  let root: string;
  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "caihong-serve-"));
  });
  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  // Needs no database: it is refused before anything is opened. Run once, on the PGlite run.
  it.skipIf(backend === "postgres")("refuses several workers on the embedded database with a clear message, leaving the data directory untouched", async () => {
    const dir = path.join(root, "embedded");
    fs.mkdirSync(dir);
    const server = spawnServer({ CAIHONG_DATA_DIR: dir, CAIHONG_ADMIN_PASSWORD: ADMIN_PASSWORD }, { command: [BIN, "serve", "--workers", "2"] });
    expect(await server.exited).toEqual({ code: 2, signal: null });
    expect(server.stderr()).toContain("--workers 2 needs PostgreSQL (DATABASE_URL)");
    expect(server.stderr()).toContain("需要 PostgreSQL");
    expect(fs.readdirSync(dir)).toEqual([]);
  });

  it.skipIf(backend === "pglite")("serves from two worker processes on one port and stops them all on SIGTERM", async () => {
    const store = await createTestDatabase();
    try {
      const server = spawnServer({ DATABASE_URL: store.url!, CAIHONG_DATA_DIR: path.join(root, "workers"), CAIHONG_ADMIN_PASSWORD: ADMIN_PASSWORD }, { command: [BIN, "serve", "--workers", "2"] });
      try {
        const baseUrl = await waitUntilListening(server);
        const ready = JSON.parse(await server.waitForLine(/"msg":"caihong workers ready"/)) as { pid: number; workers: number[] };
        expect(ready.pid).toBe(server.pid);
        expect(new Set(ready.workers).size).toBe(2);
        expect(ready.workers).not.toContain(server.pid);
        // Both workers listen on the port the first one reported (each writes its own line, in no set order with the primary's).
        for (const pid of ready.workers) {
          const line = JSON.parse(await server.waitForLine(new RegExp(`"pid":${pid},.*"msg":"Server listening at `))) as { msg: string };
          expect(line.msg).toBe(`Server listening at ${baseUrl}`);
        }
        expect((await fetch(`${baseUrl}/readyz`)).status).toBe(200);

        server.child.kill("SIGTERM");
        expect(await server.exited).toEqual({ code: 0, signal: null });
        expect(ready.workers.filter(isAlive)).toEqual([]);
      } finally {
        if (server.child.exitCode === null && server.child.signalCode === null) server.child.kill("SIGKILL");
        await server.exited;
      }
    } finally {
      await store.drop();
    }
  }, 180_000);
});
