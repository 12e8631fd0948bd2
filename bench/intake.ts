import { spawn, type ChildProcess } from "node:child_process";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bboxOf, createRng, pointInGeometry, type GridGeometry } from "@caihong/domain";
import autocannon, { type Options, type Result } from "autocannon";
import Fastify from "fastify";
import { build } from "../apps/api/src/app";
import { loadConfig } from "../apps/api/src/config/env";
import { openConfiguredDatabase } from "../apps/api/src/server";
import { httpLogin, REPO_ROOT } from "../apps/api/src/test/server-process";
import { ADMIN_PASSWORD, backendsFrom, cpuMs, freshStore, machine, parseArgs, type Backend } from "./support";

/**
 * Case intake under load: `POST /api/v1/cases` (contract, API-key auth, category and extra-field
 * checks, point → micro grid, case number from the year's counter row, insert, report event,
 * audit entry, response with the case detail) against a bare route in the same process that only
 * INSERTs an equivalent row through the same database pool — what the product adds on top of one
 * INSERT. 50 connections, on PGlite and PostgreSQL. Prints figures; never asserts.
 *
 *   npm run bench -- intake [--db pglite|postgres|both] [--duration 10] [--connections 50] [--points 200] [--profile]
 *
 * --profile runs the server process under `node --cpu-prof` and prints where the profile went.
 *
 * The server (the real app from app.ts, plus the bare route on a second port sharing
 * `app.deps.database`) runs in a child process of this benchmark, so autocannon does not share
 * its event loop. The bare route exists only here, never in the product.
 */
export async function main(args: string[]): Promise<void> {
  const opts = parseArgs(args);
  const duration = Number(opts.duration ?? 10);
  const connections = Number(opts.connections ?? 50);
  const pointCount = Number(opts.points ?? 200);
  const profile = opts.profile === "true";
  console.log(`# Intake benchmark — POST /api/v1/cases vs a bare INSERT on the same pool; ${connections} connections, ${duration} s each; ${machine()}`);
  const rows: string[][] = [];
  for (const backend of backendsFrom(opts.db)) rows.push(...(await runBackend(backend, { duration, connections, pointCount, profile })));
  console.log("\n| database | endpoint | req/s (mean) | p50 ms | p99 ms | errors | non-2xx | server CPU ms/req | postgres CPU ms/req (this database) | intake / bare |");
  console.log("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) console.log(`| ${r.join(" | ")} |`);
  console.log("\nTargets on PostgreSQL: intake ≥ 0.5 × the bare route's req/s, p99 < 100 ms.");
}

interface Point {
  lng: number;
  lat: number;
  gridId: string;
}

async function runBackend(backend: Backend, o: { duration: number; connections: number; pointCount: number; profile: boolean }): Promise<string[][]> {
  const store = await freshStore(backend);
  const profileDir = path.join(REPO_ROOT, "bench/results", `cpu-intake-${backend}-${Date.now()}`);
  const server = await startBenchServer(store, o.profile ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []);
  const rows: string[][] = [];
  const database = store.databaseUrl ? new URL(store.databaseUrl).pathname.slice(1) : null;
  try {
    const base = `http://127.0.0.1:${server.ports.app}`;
    const bare = `http://127.0.0.1:${server.ports.bare}`;
    const admin = await httpLogin(base, "admin", ADMIN_PASSWORD);
    const keyRes = await admin.request("POST", "/api/v1/api-keys", { name: "bench intake", permissions: ["cases.read", "cases.report", "cases.dispatch"], scope: "all" });
    if (keyRes.status !== 201) throw new Error(`api key: ${keyRes.status} ${await keyRes.text()}`);
    const auth = { authorization: `Bearer ${((await keyRes.json()) as { secret: string }).secret}`, "content-type": "application/json" };
    const categories = (await (await fetch(`${base}/api/v1/case-categories`, { headers: auth })).json()) as { items: { id: string; code: string }[] };
    const categoryId = categories.items.find((c) => c.code === "0601")!.id;
    const points = await pointsInMicroGrids(admin, o.pointCount);

    // The same report both ways: a located, categorised staff entry; the bare route gets the grid precomputed.
    const bodies = points.map((p, i) => ({
      intake: JSON.stringify({ channel: "staff_proxy", categoryId, description: `压测：共享单车堆放 #${i}`, location: { lng: p.lng, lat: p.lat }, attributes: { bike_brand: ["hellobike"] } }),
      bare: JSON.stringify({ categoryId, description: `压测：共享单车堆放 #${i}`, lng: p.lng, lat: p.lat, gridId: p.gridId }),
    }));
    const probe = await fetch(`${base}/api/v1/cases`, { method: "POST", headers: auth, body: bodies[0]!.intake });
    if (probe.status !== 201) throw new Error(`intake probe: ${probe.status} ${await probe.text()}`);
    const bareProbe = await fetch(`${bare}/bare/cases`, { method: "POST", headers: { "content-type": "application/json" }, body: bodies[0]!.bare });
    if (bareProbe.status !== 201) throw new Error(`bare probe: ${bareProbe.status} ${await bareProbe.text()}`);

    const targets = [
      { name: "POST /api/v1/cases (API key)", url: `${base}/api/v1/cases`, headers: auth, body: (i: number) => bodies[i % bodies.length]!.intake },
      { name: "bare INSERT, same pool", url: `${bare}/bare/cases`, headers: { "content-type": "application/json" }, body: (i: number) => bodies[i % bodies.length]!.bare },
    ];
    const measured: { name: string; r: Result; serverCpu: string; pgCpu: string }[] = [];
    for (const target of targets) {
      await load(target, o.connections, 3);
      // Let the warm-up's last requests drain: one more request waits behind them.
      await fetch(target.url, { method: "POST", headers: target.headers, body: target.body(0) });
      const before = { server: cpuMs(server.child.pid!).server, postgres: backendCpuMs(database) };
      const r = await load(target, o.connections, o.duration);
      const after = { server: cpuMs(server.child.pid!).server, postgres: backendCpuMs(database) };
      const served = r["2xx"] + r.non2xx;
      const perRequest = (ms: number) => (served ? (Math.max(0, ms) / served).toFixed(2) : "-");
      measured.push({ name: target.name, r, serverCpu: perRequest(after.server - before.server), pgCpu: database ? perRequest(after.postgres - before.postgres) : "-" });
      console.log(`${backend}  ${target.name}: ${r.requests.mean.toFixed(0)} req/s, p99 ${r.latency.p99} ms, ${r.non2xx} non-2xx`);
    }
    const ratio = measured[0]!.r.requests.mean / measured[1]!.r.requests.mean;
    for (const [i, m] of measured.entries()) {
      rows.push([backend, m.name, m.r.requests.mean.toFixed(0), String(m.r.latency.p50), String(m.r.latency.p99), String(m.r.errors + m.r.timeouts), String(m.r.non2xx), m.serverCpu, m.pgCpu, i === 0 ? ratio.toFixed(2) : "1"]);
    }
  } finally {
    await server.stop();
    await store.drop();
  }
  if (o.profile) console.log(`${backend}: server CPU profile in ${profileDir}`);
  return rows;
}

/**
 * CPU time used so far by the PostgreSQL backends serving one database, in ms (their process
 * titles name it): other databases on a shared server do not count.
 */
function backendCpuMs(database: string | null): number {
  if (!database) return 0;
  let ticks = 0;
  for (const entry of fs.readdirSync("/proc")) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      if (!fs.readFileSync(`/proc/${entry}/cmdline`, "utf8").includes(` ${database} `)) continue;
      const stat = fs.readFileSync(`/proc/${entry}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // The process ended while we looked.
    }
  }
  return ticks * 10;
}

/** Runs autocannon for `seconds`, cycling through the request bodies. */
async function load(target: { url: string; headers: Record<string, string>; body: (i: number) => string }, connections: number, seconds: number): Promise<Result> {
  let next = 0;
  // autocannon's `requests` with `setupRequest` (not in the local typings): a new body per request.
  const options = {
    url: target.url,
    connections,
    duration: seconds,
    requests: [{ method: "POST", headers: target.headers, setupRequest: (req: Record<string, unknown>) => ({ ...req, body: target.body(next++) }) }],
  };
  return autocannon(options as unknown as Options);
}

/** `count` random points inside the micro grids (deterministic), with the grid each lies in. */
async function pointsInMicroGrids(admin: Awaited<ReturnType<typeof httpLogin>>, count: number): Promise<Point[]> {
  const res = await admin.request("GET", "/api/v1/grids/map.geojson?level=4");
  if (res.status !== 200) throw new Error(`grid map: ${res.status} ${await res.text()}`);
  const map = (await res.json()) as { features: { id: string; geometry: GridGeometry }[] };
  const rng = createRng(20210725);
  const points: Point[] = [];
  for (let i = 0; points.length < count && i < count * 100; i++) {
    const f = map.features[i % map.features.length]!;
    const [minX, minY, maxX, maxY] = bboxOf(f.geometry);
    const lng = minX + rng() * (maxX - minX);
    const lat = minY + rng() * (maxY - minY);
    if (pointInGeometry(lng, lat, f.geometry)) points.push({ lng: Math.round(lng * 1e6) / 1e6, lat: Math.round(lat * 1e6) / 1e6, gridId: f.id });
  }
  if (points.length < count) throw new Error(`only ${points.length} points found in ${map.features.length} micro grids`);
  return points;
}

// ---------------------------------------------------------------------------------------------
// The server process: the real app and the bare route on one database pool

interface BenchServer {
  child: ChildProcess;
  ports: { app: number; bare: number };
  stop(): Promise<void>;
}

const SELF = fileURLToPath(import.meta.url);

/** Spawns this file as the server process and waits for the line with its two ports. */
async function startBenchServer(store: { dataDir: string; databaseUrl: string }, nodeArgs: string[]): Promise<BenchServer> {
  const child = spawn(process.execPath, [...nodeArgs, "--import", "tsx", SELF, "serve"], {
    env: {
      ...process.env,
      CAIHONG_DATA_DIR: store.dataDir,
      DATABASE_URL: store.databaseUrl,
      CAIHONG_ADMIN_PASSWORD: ADMIN_PASSWORD,
      CAIHONG_SEED_DEMO_CASES: "false",
      LOG_LEVEL: "warn",
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
    ports,
    async stop() {
      child.kill("SIGTERM");
      const code = await exited;
      if (code !== 0) throw new Error(`bench server exited with ${code}`);
    },
  };
}

/**
 * The server process: opens the database as server.ts does, builds the real app and listens; then
 * a second Fastify instance on another port with one route that INSERTs a row like intake's
 * (number from an in-process counter) with `database.query` — the same pool the app uses.
 */
async function serve(): Promise<void> {
  const config = loadConfig(process.env, { host: "127.0.0.1", port: 0 });
  const { database, lock } = await openConfiguredDatabase(config);
  const app = await build({ config, database, logger: { level: config.logLevel } });
  await app.listen({ host: "127.0.0.1", port: 0 });

  const bare = Fastify({ logger: false });
  let counter = 0;
  const year = new Date().getFullYear();
  bare.post("/bare/cases", async (request, reply) => {
    const b = request.body as { categoryId: string; description: string; lng: number; lat: number; gridId: string };
    const number = `XB-${year}-${String(++counter).padStart(6, "0")}`;
    const [row] = await database.query<{ id: string }>(
      `insert into cases (tenant_id, number, channel, state, priority, category_id, description, lng, lat, grid_id, attributes, anonymous, tracking_hash, reported_at)
       values ($1, $2, 'staff_proxy', 'reported', 'normal', $3, $4, $5, $6, $7, $8, false, $9, now()) returning id`,
      [config.tenant, number, b.categoryId, b.description, b.lng, b.lat, b.gridId, JSON.stringify({ bike_brand: ["hellobike"] }), randomBytes(32).toString("hex")],
    );
    return reply.code(201).send({ id: row!.id, number });
  });
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

if (process.argv[1] === SELF && process.argv[2] === "serve") {
  await serve();
}
