import { randomBytes } from "node:crypto";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { bboxOf, createRng, pointInGeometry, type GridGeometry } from "@caihong/domain";
import autocannon, { type Options, type Result } from "autocannon";
import type { FastifyInstance } from "fastify";
import { httpLogin, REPO_ROOT } from "../apps/api/src/test/server-process";
import { ADMIN_PASSWORD, backendsFrom, cpuMs, databaseCpuMs, freshStore, machine, parseArgs, serveWithBareRoutes, startBenchServer, type BareRouteDeps, type Backend } from "./support";

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
  const server = await startBenchServer(SELF, store, { nodeArgs: o.profile ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : [] });
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
      const before = { server: cpuMs(server.child.pid!).server, postgres: databaseCpuMs(store.databaseUrl) };
      const r = await load(target, o.connections, o.duration);
      const after = { server: cpuMs(server.child.pid!).server, postgres: databaseCpuMs(store.databaseUrl) };
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
// The server process: the real app and, beside it, the bare route on the same database pool

const SELF = fileURLToPath(import.meta.url);

/**
 * The bare route: INSERTs a row like intake's (number from an in-process counter) with
 * `database.query` — the pool the app uses.
 */
function bareIntake(bare: FastifyInstance, { database, config }: BareRouteDeps): void {
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
}

if (process.argv[1] === SELF && process.argv[2] === "serve") {
  await serveWithBareRoutes(bareIntake);
}
