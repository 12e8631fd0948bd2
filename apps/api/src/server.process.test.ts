import { spawn } from "node:child_process";
import { randomInt } from "node:crypto";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { httpLogin, spawnServer, waitUntilListening, type ServerProcess } from "./test/server-process";
import { createTemplateDataDir, TEMPLATE_ADMIN_PASSWORD } from "./test/templates";

const ADMIN_PASSWORD = TEMPLATE_ADMIN_PASSWORD;

/** The top level of a data directory: names, sizes and mtimes, plus the directory's own mtime. */
function snapshot(dir: string) {
  const entries = fs.readdirSync(dir).sort().map((name) => {
    const st = fs.statSync(path.join(dir, name));
    return { name, size: st.isFile() ? st.size : null, mtimeMs: st.mtimeMs };
  });
  return { dirMtimeMs: fs.statSync(dir).mtimeMs, entries, lock: fs.readFileSync(path.join(dir, "caihong.lock"), "utf8") };
}

/** A PID that is certainly not running: a process that has already exited. */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await new Promise((resolve) => child.once("exit", resolve));
  return child.pid!;
}

// These tests run the real server as a child process on an embedded PGlite data directory; with
// DATABASE_URL set they would run the same PGlite processes again, so they run once, without it.
describe.skipIf(!!process.env.DATABASE_URL)("server process (PGlite data directory)", () => {
  let root: string;
  const running: ServerProcess[] = [];

  function start(dataDir: string, env: Record<string, string> = {}): ServerProcess {
    const server = spawnServer({ CAIHONG_DATA_DIR: dataDir, CAIHONG_ADMIN_PASSWORD: ADMIN_PASSWORD, ...env });
    running.push(server);
    return server;
  }

  async function stop(server: ServerProcess) {
    server.child.kill("SIGTERM");
    return server.exited;
  }

  /**
   * A fresh data directory as a first start leaves it, copied from the run's seeded template
   * (global-setup.ts): PGlite's initdb and the seed are the slow part of a first start.
   */
  async function dataDir(name: string): Promise<string> {
    const dir = path.join(root, name);
    await createTemplateDataDir(dir);
    return dir;
  }

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "caihong-process-"));
  });
  afterEach(async () => {
    // A failed test may leave a server up: stop exactly the ones this file started.
    for (const s of running.splice(0)) {
      if (s.child.exitCode === null && s.child.signalCode === null) s.child.kill("SIGKILL");
      await s.exited;
    }
  });
  afterAll(() => {
    fs.rmSync(root, { recursive: true, force: true });
  });

  it("refuses a second server on the same data directory, naming the first one's PID, and leaves the directory alone", async () => {
    const dir = await dataDir("second");
    const first = start(dir);
    const baseUrl = await waitUntilListening(first);
    const before = snapshot(dir);

    const second = start(dir);
    const { code } = await second.exited;
    expect(code).not.toBe(0);
    expect(second.stderr()).toContain(`PID ${first.pid}`);
    expect(second.lines.some((l) => l.includes("Server listening"))).toBe(false);
    expect(snapshot(dir)).toEqual(before);

    expect((await fetch(`${baseUrl}/readyz`)).status).toBe(200);
    expect((await stop(first)).code).toBe(0);
    expect(fs.existsSync(path.join(dir, "caihong.lock"))).toBe(false);
  }, 180_000);

  it("tells each step of a first start, prints the generated password once and ends with one sentence naming the address and the account", async () => {
    // A new directory: initdb, every migration, the seed (without the demo, which only adds steps).
    const server = spawnServer({ CAIHONG_DATA_DIR: path.join(root, "first"), CAIHONG_SEED_DEMO: "false" });
    running.push(server);
    const baseUrl = await waitUntilListening(server);
    await server.waitForLine(/^Caihong is ready/);
    const steps = server.lines.filter((l) => /^\[ *\d+\.\d s\] /.test(l));
    expect(steps[0]).toMatch(/打开内嵌数据库（PGlite，.*first\/pg） · Opening the embedded database/);
    expect(steps[1]).toMatch(/迁移数据库：\d+ 个迁移 · Migrating the database: \d+ migration\(s\)/);
    expect(steps.at(-1)).toMatch(/就绪 · Ready$/);
    const password = server.lines[server.lines.findIndex((l) => l.includes("shown only once")) + 2]!.trim();
    expect(password.length).toBeGreaterThanOrEqual(12);
    const port = new URL(baseUrl).port;
    expect(server.lines).toContain(`彩虹桥已就绪：请在浏览器打开 http://127.0.0.1:${port} ，用管理员账号 admin 登录（初始密码见上方，仅显示这一次）。`);
    expect(server.lines).toContain(`Caihong is ready: open http://127.0.0.1:${port} in a browser and sign in as admin (its password is printed above, once).`);
    // The printed password is the admin's.
    await httpLogin(baseUrl, "admin", password);
    expect((await stop(server)).code).toBe(0);

    // The next start migrates nothing, prints no password and says how to get one back.
    const again = spawnServer({ CAIHONG_DATA_DIR: path.join(root, "first"), CAIHONG_SEED_DEMO: "false" });
    running.push(again);
    await waitUntilListening(again);
    await again.waitForLine(/^Caihong is ready/);
    expect(again.lines.some((l) => l.includes("迁移数据库") || l.includes("shown only once"))).toBe(false);
    expect(again.lines.find((l) => l.startsWith("Caihong is ready"))).toContain("forgot it? run npx caihong user reset-password admin");
    const stopped = await stop(again);
    expect({ code: stopped.code, signal: stopped.signal }, again.lines.join("\n") + again.stderr()).toEqual({ code: 0, signal: null });
  }, 180_000);

  it("takes over a lock left by a process that no longer exists", async () => {
    const dir = await dataDir("stale");
    const dead = await deadPid();
    fs.writeFileSync(path.join(dir, "caihong.lock"), JSON.stringify({ pid: dead, startTime: null, hostname: os.hostname(), command: "caihong serve", acquiredAt: new Date().toISOString() }));
    const server = start(dir);
    const baseUrl = await waitUntilListening(server);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "caihong.lock"), "utf8")).pid).toBe(server.pid);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "caihong.lock.stale"), "utf8")).pid).toBe(dead);
    expect((await fetch(`${baseUrl}/readyz`)).status).toBe(200);
    expect((await stop(server)).code).toBe(0);
  }, 180_000);

  it("keeps every acknowledged write through three kill -9s at random moments", async () => {
    const dir = await dataDir("crash");
    const acknowledged: string[] = [];
    for (let round = 0; round < 3; round++) {
      const server = start(dir);
      const admin = await httpLogin(await waitUntilListening(server), "admin", ADMIN_PASSWORD);
      const target = randomInt(5, 41);
      const writers = randomInt(2, 7);
      let acks = 0;
      let seq = 0;
      let killed = false;
      const writer = async () => {
        while (!killed) {
          const code = `crash_r${round}_${seq++}`;
          let res: Response;
          try {
            res = await admin.request("POST", "/api/v1/roles", { code, nameZh: `角色${code}`, nameEn: code, permissions: ["users.read"] });
          } catch (err) {
            if (killed) return; // the connection died with the server: not acknowledged
            throw err;
          }
          if (res.status !== 201) throw new Error(`POST /roles ${code}: ${res.status} ${await res.text()}`);
          if (killed) return; // answered after the kill was decided: count only what came before
          acknowledged.push(code);
          if (++acks === target) {
            killed = true;
            // The other writers' requests are in flight at this moment.
            server.child.kill("SIGKILL");
          }
        }
      };
      await Promise.all(Array.from({ length: writers }, writer));
      expect((await server.exited).signal).toBe("SIGKILL");
      expect(fs.existsSync(path.join(dir, "caihong.lock"))).toBe(true);
    }

    const server = start(dir);
    const admin = await httpLogin(await waitUntilListening(server), "admin", ADMIN_PASSWORD);
    const res = await admin.request("GET", "/api/v1/roles");
    expect(res.status).toBe(200);
    const codes = new Set(((await res.json()) as { items: { code: string }[] }).items.map((r) => r.code));
    expect(acknowledged.length).toBeGreaterThanOrEqual(15);
    expect(acknowledged.filter((c) => !codes.has(c))).toEqual([]);
    // And the recovered database still takes writes.
    expect((await admin.request("POST", "/api/v1/roles", { code: "after_recovery", nameZh: "恢复后", nameEn: "After recovery", permissions: [] })).status).toBe(201);
    expect((await stop(server)).code).toBe(0);
  }, 300_000);

  it("on SIGTERM finishes the request in flight, exits 0 and removes the lock", async () => {
    const dir = await dataDir("sigterm");
    // Debug level logs "incoming request" with our request id once the headers are in: the signal
    // that the request is in flight before we send SIGTERM.
    const server = start(dir, { LOG_LEVEL: "debug" });
    const baseUrl = await waitUntilListening(server);
    const admin = await httpLogin(baseUrl, "admin", ADMIN_PASSWORD);
    const body = JSON.stringify({ code: "drained_role", nameZh: "排空", nameEn: "Drained", permissions: [] });
    const port = Number(new URL(baseUrl).port);
    const socket = net.connect(port, "127.0.0.1");
    await new Promise<void>((resolve, reject) => socket.once("connect", resolve).once("error", reject));
    let response = "";
    socket.setEncoding("utf8");
    socket.on("data", (d: string) => (response += d));
    const ended = new Promise<void>((resolve) => socket.once("close", () => resolve()));
    socket.write(
      [
        "POST /api/v1/roles HTTP/1.1",
        `Host: 127.0.0.1:${port}`,
        "Content-Type: application/json",
        `Content-Length: ${Buffer.byteLength(body)}`,
        `Cookie: ${admin.cookie}`,
        `X-CSRF-Token: ${admin.csrf}`,
        "X-Request-Id: sigterm-in-flight",
        "Connection: close",
        "",
        body.slice(0, 10),
      ].join("\r\n"),
    );
    await server.waitForLine(/"reqId":"sigterm-in-flight".*"msg":"incoming request"/);
    server.child.kill("SIGTERM");
    await server.waitForLine(/shutting down/);
    socket.end(body.slice(10));
    await ended;
    expect(response).toMatch(/^HTTP\/1\.1 201 /);
    expect(response).toContain('"code":"drained_role"');
    expect(await server.exited).toEqual({ code: 0, signal: null });
    expect(fs.existsSync(path.join(dir, "caihong.lock"))).toBe(false);

    // The drained write was committed before the database closed.
    const again = start(dir);
    const check = await httpLogin(await waitUntilListening(again), "admin", ADMIN_PASSWORD);
    const roles = (await (await check.request("GET", "/api/v1/roles")).json()) as { items: { code: string }[] };
    expect(roles.items.map((r) => r.code)).toContain("drained_role");
    const stopped = await stop(again);
    expect({ code: stopped.code, signal: stopped.signal }, again.stderr()).toEqual({ code: 0, signal: null });
  }, 180_000);
});
