import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { FastifyInstance } from "fastify";
import pg from "pg";
import type { Config } from "../apps/api/src/config/env";
import type { Database } from "../apps/api/src/db/client";
import { spawnServer, waitUntilListening, type ServerProcess } from "../apps/api/src/test/server-process";

export const ADMIN_PASSWORD = "bench-admin-password";
/** The PostgreSQL server benchmarks create their databases on. */
export const PG_ADMIN_URL = process.env.BENCH_PG_URL ?? "postgres://postgres@127.0.0.1:5432/postgres";

export type Backend = "pglite" | "postgres";

/** Reads `--name value` options (and bare `--flag`s as "true"). */
export function parseArgs(args: string[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (!a.startsWith("--")) continue;
    const next = args[i + 1];
    if (next !== undefined && !next.startsWith("--")) {
      out[a.slice(2)] = next;
      i++;
    } else {
      out[a.slice(2)] = "true";
    }
  }
  return out;
}

export function backendsFrom(value: string | undefined): Backend[] {
  if (!value || value === "both") return ["pglite", "postgres"];
  if (value === "pglite" || value === "postgres") return [value];
  throw new Error(`--db must be pglite, postgres or both, not ${value}`);
}

/** A fresh data directory and, for PostgreSQL, a fresh database; `drop()` removes both. */
export async function freshStore(backend: Backend): Promise<{ dataDir: string; databaseUrl: string; drop(): Promise<void> }> {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "caihong-bench-"));
  if (backend === "pglite") {
    return { dataDir, databaseUrl: "", drop: async () => fs.rmSync(dataDir, { recursive: true, force: true }) };
  }
  const name = `caihong_bench_${randomBytes(5).toString("hex")}`;
  const admin = new pg.Client({ connectionString: PG_ADMIN_URL });
  await admin.connect();
  await admin.query(`create database ${name}`);
  await admin.end();
  const url = new URL(PG_ADMIN_URL);
  url.pathname = `/${name}`;
  return {
    dataDir,
    databaseUrl: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: PG_ADMIN_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
      fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** Starts the real server (a child process) on a store and waits until it listens. */
export async function startServer(store: { dataDir: string; databaseUrl: string }, nodeArgs: string[] = []): Promise<{ server: ServerProcess; baseUrl: string }> {
  const server = spawnServer({ CAIHONG_DATA_DIR: store.dataDir, DATABASE_URL: store.databaseUrl, CAIHONG_ADMIN_PASSWORD: ADMIN_PASSWORD, LOG_LEVEL: "info" }, { nodeArgs });
  return { server, baseUrl: await waitUntilListening(server) };
}

/** Stops a server with SIGTERM and waits for it to exit. */
export async function stopServer(server: ServerProcess): Promise<void> {
  server.child.kill("SIGTERM");
  const { code } = await server.exited;
  if (code !== 0) throw new Error(`server exited with ${code}:\n${server.stderr()}`);
}

/** Resident set size of a process now and at its peak, in MB (from /proc/<pid>/status). */
export function memoryOf(pid: number): { rssMb: number; peakMb: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, "utf8");
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+) kB`, "m").exec(status)?.[1] ?? NaN);
  return { rssMb: kb("VmRSS") / 1024, peakMb: kb("VmHWM") / 1024 };
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}

/** What else is running: benchmarks on a shared machine need the load beside the figures. */
export function machine(): string {
  const [l1, l5] = os.loadavg();
  return `${os.cpus().length} CPU(s) ${os.cpus()[0]?.model ?? ""}, load ${l1!.toFixed(2)}/${l5!.toFixed(2)}, Node ${process.version}`;
}

export const CLOCK_TICKS_PER_SECOND = 100;

/** utime + stime of a process, in clock ticks (/proc/<pid>/stat). */
export function cpuTicks(pid: number): number {
  const stat = fs.readFileSync(`/proc/${pid}/stat`, "utf8");
  const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
  return Number(fields[11]) + Number(fields[12]); // utime + stime
}

/** CPU time used so far, in ms: by one process, and by every process named `postgres` on this host. */
export function cpuMs(pid: number): { server: number; postgres: number } {
  let postgres = 0;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      if (stat.includes("(postgres)")) postgres += cpuTicks(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return { server: (cpuTicks(pid) * 1000) / CLOCK_TICKS_PER_SECOND, postgres: (postgres * 1000) / CLOCK_TICKS_PER_SECOND };
}

// ---------------------------------------------------------------------------------------------
// A server process with bare routes: the real app, and beside it on a second port a Fastify
// instance whose routes share the app's database pool (`app.deps.database`). Benchmarks measure
// the product against what one statement on the same pool costs. The bare routes exist only in
// benchmarks, never in the product.

/** The bench server child process and its two ports. */
export interface BenchServer {
  child: ChildProcess;
  pid: number;
  ports: { app: number; bare: number };
  stop(): Promise<void>;
}

/** What a benchmark's bare routes get in the server process. */
export interface BareRouteDeps {
  database: Database;
  config: Config;
}

/**
 * Spawns `entry serve` (a benchmark file that calls `serveWithBareRoutes` when run so) on a store
 * and waits for the line with its two ports.
 */
export async function startBenchServer(entry: string, store: { dataDir: string; databaseUrl: string }, o: { nodeArgs?: string[]; env?: Record<string, string> } = {}): Promise<BenchServer> {
  const child = spawn(process.execPath, [...(o.nodeArgs ?? []), "--import", "tsx", entry, "serve"], {
    env: {
      ...process.env,
      CAIHONG_DATA_DIR: store.dataDir,
      DATABASE_URL: store.databaseUrl,
      CAIHONG_ADMIN_PASSWORD: ADMIN_PASSWORD,
      CAIHONG_SEED_DEMO_CASES: "false",
      LOG_LEVEL: "warn",
      ...o.env,
    },
    stdio: ["ignore", "pipe", "inherit"],
  });
  const exited = new Promise<number | null>((resolve) => child.once("exit", (code) => resolve(code)));
  const ports = await new Promise<{ app: number; bare: number }>((resolve, reject) => {
    let out = "";
    child.stdout!.setEncoding("utf8");
    child.stdout!.on("data", (chunk: string) => {
      out += chunk;
      const line = /^\{"ports".*\}$/m.exec(out);
      if (line) resolve((JSON.parse(line[0]) as { ports: { app: number; bare: number } }).ports);
    });
    void exited.then((code) => reject(new Error(`bench server exited with ${code} before listening:\n${out}`)));
  });
  return {
    child,
    pid: child.pid!,
    ports,
    async stop() {
      child.kill("SIGTERM");
      const code = await exited;
      if (code !== 0) throw new Error(`bench server exited with ${code}`);
    },
  };
}

/**
 * The server process's side: opens the database as server.ts does, builds the real app and
 * listens; then a second Fastify instance on another port with the benchmark's bare routes on the
 * same database; prints `{"ports":…}`; closes both on SIGTERM. Imported lazily, so benchmarks
 * without a server process do not load the app.
 */
export async function serveWithBareRoutes(register: (bare: FastifyInstance, deps: BareRouteDeps) => void): Promise<void> {
  const [{ build }, { loadConfig }, { openConfiguredDatabase }, { default: Fastify }] = await Promise.all([
    import("../apps/api/src/app"),
    import("../apps/api/src/config/env"),
    import("../apps/api/src/server"),
    import("fastify"),
  ]);
  const config = loadConfig(process.env, { host: "127.0.0.1", port: 0 });
  const { database, lock } = await openConfiguredDatabase(config);
  const app = await build({ config, database, logger: { level: config.logLevel } });
  await app.listen({ host: "127.0.0.1", port: 0 });
  const bare = Fastify({ logger: false });
  register(bare, { database, config });
  await bare.listen({ host: "127.0.0.1", port: 0 });
  const portOf = (server: { server: { address(): unknown } }) => (server.server.address() as { port: number }).port;
  process.stdout.write(`${JSON.stringify({ ports: { app: portOf(app), bare: portOf(bare) } })}\n`);
  const shutdown = () => {
    void (async () => {
      await bare.close();
      await app.close();
      lock?.release();
      process.exit(0);
    })();
  };
  process.once("SIGTERM", shutdown);
  process.once("SIGINT", shutdown);
}

/** The value at fraction `p` (0–1) of the sorted values: nearest rank. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}

/**
 * CPU time used so far by the PostgreSQL backends serving one database, in ms (their process
 * titles name it): other databases on a shared server, other benchmarks' and tests', do not count.
 */
export function databaseCpuMs(databaseUrl: string): number {
  const database = databaseUrl ? new URL(databaseUrl).pathname.slice(1) : null;
  if (!database) return 0;
  let ticks = 0;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(` ${database} `)) continue;
      ticks += cpuTicks(Number(entry));
    } catch {
      // The process ended while we looked.
    }
  }
  return (ticks * 1000) / CLOCK_TICKS_PER_SECOND;
}
