import fs from "node:fs";
import { Session } from "node:inspector";
import path from "node:path";
import { fileURLToPath } from "node:url";
import autocannon, { type Result } from "autocannon";
import { httpLogin, REPO_ROOT } from "../apps/api/src/test/server-process";
import { ADMIN_PASSWORD, backendsFrom, cpuMs, databaseCpuMs, freshStore, machine, median, memoryOf, parseArgs, serveWithBareRoutes, startBenchServer, type BareRouteDeps, type Backend } from "./support";
import type { FastifyInstance } from "fastify";

/**
 * HTTP throughput of the real server: `GET /healthz`, the signed-in user list
 * (`GET /api/v1/users?limit=20`, ~200 users) and case list (`GET /api/v1/cases?limit=20`, the
 * Xinhong demo's six months of cases), each list beside a bare route on the same database pool
 * that reads one page of the same table with one prepared SELECT — what the product adds on top
 * of that statement. 50 connections for 8 s each; each list and its bare route alternate for 3
 * rounds and the ratio is the median of the rounds'. On PGlite and on PostgreSQL. Prints figures; never asserts.
 *
 *   npm run bench -- http [--db pglite|postgres|both] [--duration 8] [--rounds 3] [--connections 50] [--users 200] [--profile] [--only cases]
 *
 * --profile records the server's CPU profile while each endpoint is measured (node:inspector, in
 * the server process) and prints where its time went; --only measures just the endpoints whose
 * name contains the text.
 *
 * The server (the real app from app.ts, plus the bare routes on a second port sharing
 * `app.deps.database`) runs in a child process, so autocannon does not share its event loop.
 * Server RSS is that process's, bare routes included.
 */
export async function main(args: string[]): Promise<void> {
  const opts = parseArgs(args);
  const duration = Number(opts.duration ?? 8);
  const rounds = Number(opts.rounds ?? 3);
  const connections = Number(opts.connections ?? 50);
  const userCount = Number(opts.users ?? 200);
  const profile = opts.profile === "true";
  console.log(`# HTTP benchmark — ${connections} connections, ${duration} s per measurement, ${rounds} rounds per list, ${userCount} users; ${machine()}`);
  const rows: string[][] = [];
  for (const backend of backendsFrom(opts.db)) {
    rows.push(...(await runBackend(backend, { duration, connections, userCount, rounds, profile, only: opts.only })));
  }
  console.log("\n| database | endpoint | req/s (mean) | p50 ms | p99 ms | errors | non-2xx | server CPU ms/req | postgres CPU ms/req (this database) | list / bare | server RSS after, MB | peak RSS, MB |");
  console.log("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) console.log(`| ${r.join(" | ")} |`);
  console.log(`\n${summary.join("\n")}`);
  console.log("\nTargets on PostgreSQL: each list ≥ 0.5 × its bare route's req/s (same run); server RSS < 300 MB after the list benchmark.");
}

interface Endpoint {
  name: string;
  url: string;
  headers: Record<string, string>;
  /** The bare endpoint this one is compared with (its req/s is the denominator). */
  bare?: string;
}

/** The ratio lines, printed again under the table. */
const summary: string[] = [];

async function runBackend(backend: Backend, o: { duration: number; connections: number; userCount: number; rounds: number; profile: boolean; only?: string }): Promise<string[][]> {
  const store = await freshStore(backend);
  const profileDir = path.join(REPO_ROOT, "bench/results", `cpu-${backend}-${Date.now()}`);
  // The demo's cases give the case list a realistic table (thousands of cases with events).
  const server = await startBenchServer(SELF, store, { env: { CAIHONG_SEED_DEMO_CASES: "true" } });
  const rows: string[][] = [];
  try {
    const baseUrl = `http://127.0.0.1:${server.ports.app}`;
    const bareUrl = `http://127.0.0.1:${server.ports.bare}`;
    const admin = await httpLogin(baseUrl, "admin", ADMIN_PASSWORD);
    await seedUsers(admin, o.userCount);
    // Fresh statistics after the bulk load, as autovacuum would gather them (PostgreSQL here runs without it).
    await fetch(`${bareUrl}/bare/analyze`, { method: "POST" });
    const signedIn = { cookie: admin.cookie };
    const endpoints: Endpoint[] = [
      { name: "GET /healthz", url: `${baseUrl}/healthz`, headers: {} },
      { name: "bare SELECT of a users page", url: `${bareUrl}/bare/users?limit=20`, headers: {} },
      { name: "GET /api/v1/users?limit=20 (signed in)", url: `${baseUrl}/api/v1/users?limit=20`, headers: signedIn, bare: "bare SELECT of a users page" },
      { name: "bare SELECT of a cases page", url: `${bareUrl}/bare/cases?limit=20`, headers: {} },
      { name: "GET /api/v1/cases?limit=20 (signed in)", url: `${baseUrl}/api/v1/cases?limit=20`, headers: signedIn, bare: "bare SELECT of a cases page" },
    ];
    for (const e of endpoints.filter((x) => x.url.includes("limit=20"))) {
      const probe = await fetch(e.url, { headers: e.headers });
      const page = (await probe.json()) as { items: unknown[] };
      if (probe.status !== 200 || page.items.length !== 20) throw new Error(`${e.name} probe: ${probe.status}, ${page.items?.length} items`);
    }
    const counts = (await (await fetch(`${bareUrl}/bare/stats`)).json()) as { users: number; cases: number };
    console.log(`${backend}: ${counts.users} users, ${counts.cases} cases`);
    const measure = async (e: Endpoint, label: string): Promise<number> => {
      // A short warm-up so the JIT and the database caches are not part of the figure.
      await autocannon({ url: e.url, headers: e.headers, connections: o.connections, duration: 2 });
      if (o.profile) await fetch(`${bareUrl}/bare/profile/start`, { method: "POST" });
      const cpuBefore = { server: cpuMs(server.pid).server, postgres: databaseCpuMs(store.databaseUrl) };
      const r: Result = await autocannon({ url: e.url, headers: e.headers, connections: o.connections, duration: o.duration });
      const cpuAfter = { server: cpuMs(server.pid).server, postgres: databaseCpuMs(store.databaseUrl) };
      if (o.profile) {
        const file = path.join(profileDir, `${label.replace(/[^a-z0-9]+/gi, "-")}.cpuprofile`);
        fs.mkdirSync(profileDir, { recursive: true });
        fs.writeFileSync(file, await (await fetch(`${bareUrl}/bare/profile/stop`, { method: "POST" })).text());
        printProfile(file, label);
      }
      const mem = memoryOf(server.pid);
      const served = r["2xx"] + r.non2xx;
      const perRequest = (ms: number) => (served ? (Math.max(0, ms) / served).toFixed(2) : "-");
      const serverCpu = perRequest(cpuAfter.server - cpuBefore.server);
      const pgCpu = backend === "postgres" ? perRequest(cpuAfter.postgres - cpuBefore.postgres) : "-";
      rows.push([backend, label, r.requests.mean.toFixed(0), String(r.latency.p50), String(r.latency.p99), String(r.errors + r.timeouts), String(r.non2xx), serverCpu, pgCpu, "", mem.rssMb.toFixed(0), mem.peakMb.toFixed(0)]);
      console.log(`${backend}  ${label}: ${r.requests.mean.toFixed(0)} req/s, p99 ${r.latency.p99} ms, server CPU ${serverCpu} ms/req, RSS ${mem.rssMb.toFixed(0)} MB`);
      return r.requests.mean;
    };
    const wanted = (e: Endpoint) => !o.only || e.name.includes(o.only);
    if (wanted(endpoints[0]!)) await measure(endpoints[0]!, endpoints[0]!.name);
    // Each list beside its bare route, alternating which goes first, round after round: the
    // machine's load drifts, and a ratio is only fair between measurements close in time.
    for (const list of endpoints.filter((e) => e.bare && wanted(e))) {
      const bare = endpoints.find((e) => e.name === list.bare)!;
      const ratios: number[] = [];
      for (let round = 1; round <= o.rounds; round++) {
        const order = round % 2 === 1 ? [bare, list] : [list, bare];
        const rps = new Map<Endpoint, number>();
        for (const e of order) rps.set(e, await measure(e, `${e.name}, round ${round}`));
        const ratio = rps.get(list)! / rps.get(bare)!;
        ratios.push(ratio);
        rows.find((r) => r[1] === `${list.name}, round ${round}`)![9] = ratio.toFixed(2);
      }
      const line = `${backend}: ${list.name} / ${bare.name}: median ${median(ratios).toFixed(2)} over ${o.rounds} rounds (${ratios.map((r) => r.toFixed(2)).join(", ")})`;
      summary.push(line);
      console.log(line);
    }
    const heap = (await (await fetch(`${bareUrl}/bare/stats`)).json()) as { memory: NodeJS.MemoryUsage };
    const mb = (n: number) => `${(n / 1048576).toFixed(0)} MB`;
    console.log(`${backend}: server memory after the lists: rss ${mb(heap.memory.rss)}, heap total ${mb(heap.memory.heapTotal)}, heap used ${mb(heap.memory.heapUsed)}, external ${mb(heap.memory.external)}, array buffers ${mb(heap.memory.arrayBuffers)}`);
  } finally {
    await server.stop();
    await store.drop();
  }
  return rows;
}

const SELF = fileURLToPath(import.meta.url);

/**
 * The bare routes: one named prepared SELECT of a page of users or of cases (the columns a list
 * row shows, newest first, as the product's lists order them) on the app's pool, sent as JSON.
 * No session, no scope, no labels, no validation: the floor under each list.
 */
function registerBareRoutes(bare: FastifyInstance, { database, config }: BareRouteDeps): void {
  const page = (request: { query: unknown }) => Math.min(100, Number((request.query as { limit?: string }).limit ?? 20));
  bare.get("/bare/users", async (request) => {
    const limit = page(request);
    const rows = await database.prepared(
      "bench_bare_users",
      `select id, username, display_name, phone_enc, status, grid_id, locale, last_login_at, created_at, version
         from users where tenant_id = $1 order by created_at desc, id desc limit $2`,
      [config.tenant, limit + 1],
    );
    return { items: rows.slice(0, limit), nextCursor: rows.length > limit ? "more" : null };
  });
  bare.get("/bare/cases", async (request) => {
    const limit = page(request);
    const rows = await database.prepared(
      "bench_bare_cases",
      `select id, number, channel, state, priority, category_id, description, address, grid_id, assignee_user_id, assignee_unit_id,
              reported_at, warn_at, handle_due_at, closed_at, rework_count, extension_count, reopen_count, satisfaction
         from cases where tenant_id = $1 order by reported_at desc, id limit $2`,
      [config.tenant, limit + 1],
    );
    return { items: rows.slice(0, limit), nextCursor: rows.length > limit ? "more" : null };
  });
  // The server's CPU profile over one measurement, recorded in-process (start, then stop returns it).
  const inspector = new Session();
  inspector.connect();
  const post = (method: string) => new Promise<unknown>((resolve, reject) => inspector.post(method, (err, result) => (err ? reject(err) : resolve(result))));
  bare.post("/bare/profile/start", async () => {
    await post("Profiler.enable");
    await post("Profiler.start");
    return { ok: true };
  });
  bare.post("/bare/profile/stop", async () => ((await post("Profiler.stop")) as { profile: unknown }).profile);
  bare.post("/bare/analyze", async () => {
    await database.query("analyze");
    return { ok: true };
  });
  bare.get("/bare/stats", async () => {
    const [counts] = await database.query<{ users: number; cases: number }>(
      "select (select count(*)::int from users where tenant_id = $1) as users, (select count(*)::int from cases where tenant_id = $1) as cases",
      [config.tenant],
    );
    return { ...counts, memory: process.memoryUsage() };
  });
}

if (process.argv[1] === SELF && process.argv[2] === "serve") {
  await serveWithBareRoutes(registerBareRoutes);
}

/** Creates users through the API (the same path an admin takes), a few at a time. */
async function seedUsers(admin: Awaited<ReturnType<typeof httpLogin>>, count: number): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < count) {
      const i = next++;
      const res = await admin.request("POST", "/api/v1/users", {
        username: `bench${String(i).padStart(4, "0")}`,
        displayName: `压测用户${i}`,
        password: "bench-password-1",
        phone: `139${String(10_000_000 + i).slice(-8)}`,
        roles: [],
      });
      if (res.status !== 201) throw new Error(`seed user ${i}: ${res.status} ${await res.text()}`);
    }
  };
  await Promise.all(Array.from({ length: 4 }, worker));
}

interface CpuProfile {
  nodes: { id: number; callFrame: { functionName: string; url: string; lineNumber: number } }[];
  samples: number[];
  timeDeltas: number[];
}

/** Prints the functions and files with the most self time in a CPU profile of the server. */
function printProfile(file: string, what: string): void {
  const prof = JSON.parse(fs.readFileSync(file, "utf8")) as CpuProfile;
  const byId = new Map(prof.nodes.map((n) => [n.id, n]));
  const selfByFunction = new Map<string, number>();
  const selfByPackage = new Map<string, number>();
  let total = 0;
  prof.samples.forEach((id, i) => {
    const dt = prof.timeDeltas[i] ?? 0;
    total += dt;
    const frame = byId.get(id)!.callFrame;
    const where = frame.url.replace(/^file:\/\//, "").replace(REPO_ROOT + "/", "");
    const fn = `${frame.functionName || "(anonymous)"}  ${where}:${frame.lineNumber + 1}`;
    selfByFunction.set(fn, (selfByFunction.get(fn) ?? 0) + dt);
    const pkg = /node_modules\/((?:@[^/]+\/)?[^/]+)/.exec(where)?.[1] ?? (where.startsWith("apps/") || where.startsWith("packages/") ? where.split("/").slice(0, 2).join("/") : where ? "node:internal" : frame.functionName);
    selfByPackage.set(pkg, (selfByPackage.get(pkg) ?? 0) + dt);
  });
  const top = (m: Map<string, number>, n: number) =>
    [...m.entries()]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, v]) => `  ${((100 * v) / total).toFixed(1).padStart(5)}%  ${k}`)
      .join("\n");
  console.log(`\nCPU profile of the server during ${what} (${file}) — self time by package:\n${top(selfByPackage, 12)}\n\nby function:\n${top(selfByFunction, 20)}\n`);
}
