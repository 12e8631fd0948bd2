import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import pg from "pg";
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

const CLOCK_TICKS_PER_SECOND = 100;

function cpuTicks(pid: number): number {
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

/** The value at fraction `p` (0–1) of the sorted values: nearest rank. */
export function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1)]!;
}
