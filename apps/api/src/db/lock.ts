import fs from "node:fs";
import os from "node:os";
import path from "node:path";

/** Thrown when another live process owns the data directory. */
export class DataDirLockedError extends Error {
  constructor(
    readonly dataDir: string,
    readonly holderPid: number,
    readonly holderCommand: string,
  ) {
    super(
      `数据目录 ${dataDir} 正被进程 PID ${holderPid}（${holderCommand}）使用；请先停止该进程。\n` +
        `The data directory ${dataDir} is in use by process PID ${holderPid} (${holderCommand}); stop it first. ` +
        `PGlite allows one process per data directory: a second opener would corrupt it.`,
    );
  }
}

interface LockInfo {
  pid: number;
  /** Kernel start time of the process (/proc/<pid>/stat field 22), to survive PID reuse. */
  startTime: string | null;
  hostname: string;
  command: string;
  acquiredAt: string;
}

/** Exclusive ownership of a data directory, released on close or process exit. */
export interface DataDirLock {
  readonly file: string;
  release(): void;
}

function processStartTime(pid: number): string | null {
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
    // The command name (field 2) may contain spaces; fields after the last ')' are fixed.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return fields[19] ?? null;
  } catch {
    return null;
  }
}

function isAlive(info: LockInfo): boolean {
  // A torn or foreign file has no usable PID (and kill(-1, 0) would signal every process).
  if (!Number.isInteger(info.pid) || info.pid <= 0) return false;
  if (info.hostname !== os.hostname()) return true; // cannot check another host: assume alive
  try {
    process.kill(info.pid, 0);
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === "EPERM";
  }
  const start = processStartTime(info.pid);
  return info.startTime === null || start === null || start === info.startTime;
}

const TORN: LockInfo = { pid: -1, startTime: null, hostname: "", command: "unknown", acquiredAt: "" };

function readLockText(file: string): string | null {
  try {
    return fs.readFileSync(file, "utf8");
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === "ENOENT") return null;
    throw err;
  }
}

function parseLock(text: string): LockInfo {
  try {
    const parsed = JSON.parse(text) as LockInfo | null;
    // A torn or foreign file: treat as stale so a crash mid-write never bricks the directory.
    return parsed && typeof parsed === "object" ? parsed : TORN;
  } catch {
    return TORN;
  }
}

function readLock(file: string): LockInfo | null {
  const text = readLockText(file);
  return text === null ? null : parseLock(text);
}

/**
 * Takes the lock file `<dataDir>/caihong.lock` before anything opens the directory.
 * Creation is atomic (link of a fully written temp file); a lock left by a dead process is
 * detected by PID and process start time, and taken over.
 */
export function acquireDataDirLock(dataDir: string, command = process.argv.slice(1).join(" ")): DataDirLock {
  fs.mkdirSync(dataDir, { recursive: true });
  const file = path.join(dataDir, "caihong.lock");
  const info: LockInfo = {
    pid: process.pid,
    startTime: processStartTime(process.pid),
    hostname: os.hostname(),
    command: command.slice(0, 200) || "node",
    acquiredAt: new Date().toISOString(),
  };
  // Refuse a live holder before writing anything, so a refused opener leaves the directory untouched.
  const existing = readLock(file);
  if (existing && existing.pid !== process.pid && isAlive(existing)) {
    throw new DataDirLockedError(dataDir, existing.pid, existing.command);
  }
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(info));
  try {
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        fs.linkSync(tmp, file);
        return makeLock(file, info);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
      }
      const text = readLockText(file);
      if (text === null) continue;
      const holder = parseLock(text);
      if (holder.pid !== process.pid && isAlive(holder)) {
        throw new DataDirLockedError(dataDir, holder.pid, holder.command);
      }
      if (holder.pid === process.pid) return makeLock(file, info);
      // Stale: move it aside under a name of our own, then retry the link.
      const aside = `${file}.${process.pid}.stale`;
      try {
        fs.renameSync(file, aside);
      } catch (err) {
        if ((err as NodeJS.ErrnoException).code !== "ENOENT") throw err;
        continue;
      }
      // Another taker may have replaced the stale file with its live lock between our read and our
      // rename: if what we moved is not what we judged stale, put it back (and then meet it as live).
      if (readLockText(aside) !== text) {
        try {
          fs.linkSync(aside, file);
        } catch (err) {
          if ((err as NodeJS.ErrnoException).code !== "EEXIST") throw err;
        }
        fs.rmSync(aside, { force: true });
        continue;
      }
      fs.renameSync(aside, `${file}.stale`);
    }
    const holder = readLock(file);
    throw new DataDirLockedError(dataDir, holder?.pid ?? -1, holder?.command ?? "unknown");
  } finally {
    fs.rmSync(tmp, { force: true });
  }
}

function makeLock(file: string, info: LockInfo): DataDirLock {
  let released = false;
  const release = () => {
    if (released) return;
    released = true;
    process.off("exit", release);
    const current = readLock(file);
    if (current?.pid === info.pid) fs.rmSync(file, { force: true });
  };
  process.on("exit", release);
  return { file, release };
}
