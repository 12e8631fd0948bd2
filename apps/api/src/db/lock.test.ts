import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { acquireDataDirLock, DataDirLockedError } from "./lock";

const LOCK_MODULE = fileURLToPath(new URL("./lock.ts", import.meta.url));

/** A process that lives until its stdin closes. */
function startSleeper(): ChildProcess {
  return spawn(process.execPath, ["-e", "process.stdin.resume(); process.stdin.on('end', () => process.exit(0))"], { stdio: ["pipe", "ignore", "ignore"] });
}

function exited(child: ChildProcess): Promise<number | null> {
  if (child.exitCode !== null || child.signalCode !== null) return Promise.resolve(child.exitCode);
  return new Promise((resolve) => child.once("exit", (code) => resolve(code)));
}

/** The PID of a process that has exited (and so cannot hold a lock). */
async function deadPid(): Promise<number> {
  const child = spawn(process.execPath, ["-e", ""], { stdio: "ignore" });
  await exited(child);
  return child.pid!;
}

function startTimeOf(pid: number): string {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  return stat.slice(stat.lastIndexOf(")") + 2).split(" ")[19]!;
}

function writeLock(dir: string, info: Record<string, unknown>) {
  fs.writeFileSync(path.join(dir, "caihong.lock"), JSON.stringify({ startTime: null, hostname: os.hostname(), command: "caihong serve", acquiredAt: new Date().toISOString(), ...info }));
}

function lockOf(dir: string) {
  return JSON.parse(fs.readFileSync(path.join(dir, "caihong.lock"), "utf8")) as { pid: number; startTime: string | null; hostname: string };
}

describe("acquireDataDirLock", () => {
  let root: string;
  let sleeper: ChildProcess;
  let dir: string;
  let n = 0;

  beforeAll(() => {
    root = fs.mkdtempSync(path.join(os.tmpdir(), "caihong-lock-"));
    sleeper = startSleeper();
  });
  afterAll(async () => {
    sleeper.stdin!.end();
    await exited(sleeper);
    fs.rmSync(root, { recursive: true, force: true });
  });
  beforeEach(() => {
    dir = path.join(root, `d${++n}`);
  });

  it("creates the directory and a lock naming this process, and removes it on release", () => {
    const lock = acquireDataDirLock(dir, "caihong serve");
    expect(lockOf(dir)).toMatchObject({ pid: process.pid, startTime: startTimeOf(process.pid), hostname: os.hostname() });
    expect(fs.readdirSync(dir)).toEqual(["caihong.lock"]);
    lock.release();
    expect(fs.existsSync(lock.file)).toBe(false);
    acquireDataDirLock(dir).release();
  });

  it("refuses a live holder, names its PID and command, and writes nothing", () => {
    fs.mkdirSync(dir);
    writeLock(dir, { pid: sleeper.pid, startTime: startTimeOf(sleeper.pid!), command: "caihong serve --port 3000" });
    const before = fs.readFileSync(path.join(dir, "caihong.lock"), "utf8");
    const mtime = fs.statSync(dir).mtimeMs;
    let error: unknown;
    try {
      acquireDataDirLock(dir);
    } catch (err) {
      error = err;
    }
    expect(error).toBeInstanceOf(DataDirLockedError);
    expect((error as DataDirLockedError).holderPid).toBe(sleeper.pid);
    expect((error as Error).message).toContain(`PID ${sleeper.pid}`);
    expect((error as Error).message).toContain("caihong serve --port 3000");
    expect(fs.readFileSync(path.join(dir, "caihong.lock"), "utf8")).toBe(before);
    expect(fs.readdirSync(dir)).toEqual(["caihong.lock"]);
    expect(fs.statSync(dir).mtimeMs).toBe(mtime);
  });

  it("treats a live PID without a recorded start time as alive", () => {
    fs.mkdirSync(dir);
    writeLock(dir, { pid: sleeper.pid, startTime: null });
    expect(() => acquireDataDirLock(dir)).toThrow(DataDirLockedError);
  });

  it("takes over a lock left by a process that has exited, keeping the old one as .stale", async () => {
    fs.mkdirSync(dir);
    const dead = await deadPid();
    writeLock(dir, { pid: dead });
    const lock = acquireDataDirLock(dir);
    expect(lockOf(dir).pid).toBe(process.pid);
    expect(JSON.parse(fs.readFileSync(path.join(dir, "caihong.lock.stale"), "utf8")).pid).toBe(dead);
    expect(fs.readdirSync(dir).sort()).toEqual(["caihong.lock", "caihong.lock.stale"]);
    lock.release();
  });

  it("takes over a lock whose PID now belongs to another process (start time differs)", () => {
    fs.mkdirSync(dir);
    writeLock(dir, { pid: sleeper.pid, startTime: "1" });
    const lock = acquireDataDirLock(dir);
    expect(lockOf(dir).pid).toBe(process.pid);
    lock.release();
  });

  it.each([
    ["an empty file", ""],
    ["half a JSON object", '{"pid":12'],
    ["JSON null", "null"],
    ["an object without a PID", "{}"],
    ["a negative PID", '{"pid":-1}'],
    ["binary garbage", "\u0000\u0001\u00ff"],
  ])("takes over a torn lock file: %s", (_name, content) => {
    fs.mkdirSync(dir);
    fs.writeFileSync(path.join(dir, "caihong.lock"), content);
    const lock = acquireDataDirLock(dir);
    expect(lockOf(dir).pid).toBe(process.pid);
    lock.release();
  });

  it("refuses a lock from another host, whose process it cannot check", async () => {
    fs.mkdirSync(dir);
    const dead = await deadPid();
    writeLock(dir, { pid: dead, hostname: "some-other-host" });
    expect(() => acquireDataDirLock(dir)).toThrow(new RegExp(`PID ${dead}`));
  });

  it("release leaves alone a lock that another process has since taken", () => {
    const lock = acquireDataDirLock(dir);
    writeLock(dir, { pid: sleeper.pid, startTime: startTimeOf(sleeper.pid!) });
    lock.release();
    expect(lockOf(dir).pid).toBe(sleeper.pid);
  });

  /** Starts contenders together; winners hold the lock until every contender has reported. */
  async function race(count: number): Promise<string[]> {
    const script = path.join(root, "contender.mts");
    fs.writeFileSync(
      script,
      `import { acquireDataDirLock, DataDirLockedError } from ${JSON.stringify(LOCK_MODULE)};
       try { acquireDataDirLock(process.argv[2]); console.log("won"); process.stdin.resume(); process.stdin.on("end", () => process.exit(0)); }
       catch (err) { console.log(err instanceof DataDirLockedError ? "refused" : "error " + err); process.exit(0); }`,
    );
    const contenders = Array.from({ length: count }, () => spawn(process.execPath, ["--import", "tsx", script, dir], { stdio: ["pipe", "pipe", "inherit"] }));
    const reports = await Promise.all(
      contenders.map(
        (c) =>
          new Promise<string>((resolve) => {
            let out = "";
            c.stdout!.on("data", (d: Buffer) => {
              out += d.toString();
              if (out.includes("\n")) resolve(out.trim());
            });
            c.once("exit", () => resolve(out.trim()));
          }),
      ),
    );
    for (const c of contenders) c.stdin!.end();
    await Promise.all(contenders.map(exited));
    return reports.sort();
  }

  it("lets exactly one of several processes starting together take a free directory", async () => {
    fs.mkdirSync(dir);
    expect(await race(6)).toEqual(["refused", "refused", "refused", "refused", "refused", "won"]);
  });

  it("lets exactly one of two processes take over the same stale lock", async () => {
    fs.mkdirSync(dir);
    writeLock(dir, { pid: await deadPid() });
    expect(await race(2)).toEqual(["refused", "won"]);
  });
});
