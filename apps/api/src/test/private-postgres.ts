import { execFile, execFileSync } from "node:child_process";
import fs from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);

/** The directory of PostgreSQL's server binaries (initdb, pg_ctl), newest version first; null when none is installed. */
export function postgresBinDir(): string | null {
  const root = "/usr/lib/postgresql";
  const versions = fs.existsSync(root) ? fs.readdirSync(root).filter((v) => /^\d+$/.test(v)).sort((a, b) => Number(b) - Number(a)) : [];
  for (const v of versions) {
    const dir = path.join(root, v, "bin");
    if (fs.existsSync(path.join(dir, "initdb")) && fs.existsSync(path.join(dir, "pg_ctl"))) return dir;
  }
  return null;
}

/** A TCP port the OS says is free now (bound to port 0, read, closed). */
export async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", resolve);
  });
  const port = (server.address() as net.AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

/** A PostgreSQL server of a test's own: its cluster in a temporary folder, its own port, stopped and started at will. */
export interface PrivatePostgres {
  /** postgres://postgres@127.0.0.1:<port>/postgres */
  url: string;
  port: number;
  /** pg_ctl stop -m fast: sessions are ended with 57P01 admin_shutdown; waits until it is down. */
  stop(): Promise<void>;
  /** pg_ctl start: waits until it accepts connections. */
  start(): Promise<void>;
  /** Stops it (if running) and removes its folder. */
  remove(): Promise<void>;
}

/**
 * initdb into a temporary folder and start the server on a free port, listening on 127.0.0.1 and
 * a socket in the same folder (never the shared server's), with prepared transactions enabled (a
 * test can hold a lock across a restart). initdb and the server refuse to run as root: as root
 * they run as the `postgres` user (runuser), in a folder that user owns.
 */
export async function startPrivatePostgres(bin: string): Promise<PrivatePostgres> {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "caihong-private-pg-"));
  const data = path.join(root, "data");
  const asRoot = process.getuid?.() === 0;
  if (asRoot) {
    const uid = Number(execFileSync("id", ["-u", "postgres"], { encoding: "utf8" }).trim());
    const gid = Number(execFileSync("id", ["-g", "postgres"], { encoding: "utf8" }).trim());
    fs.chownSync(root, uid, gid);
  }
  const pgRun = (tool: string, args: string[]) => (asRoot ? run("runuser", ["-u", "postgres", "--", path.join(bin, tool), ...args]) : run(path.join(bin, tool), args));
  const port = await freePort();
  let running = false;
  const start = async () => {
    await pgRun("pg_ctl", ["start", "-w", "-t", "60", "-D", data, "-l", path.join(root, "server.log"), "-o", `-p ${port} -c listen_addresses=127.0.0.1 -k ${root} -c fsync=off -c max_prepared_transactions=4`]);
    running = true;
  };
  const stop = async () => {
    await pgRun("pg_ctl", ["stop", "-w", "-t", "60", "-m", "fast", "-D", data]);
    running = false;
  };
  try {
    await pgRun("initdb", ["-D", data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C.UTF-8", "--no-sync"]);
    await start();
  } catch (err) {
    fs.rmSync(root, { recursive: true, force: true });
    throw err;
  }
  return {
    url: `postgres://postgres@127.0.0.1:${port}/postgres`,
    port,
    start,
    stop,
    async remove() {
      try {
        if (running) await stop();
      } finally {
        fs.rmSync(root, { recursive: true, force: true });
      }
    },
  };
}
