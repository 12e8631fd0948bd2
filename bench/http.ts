import fs from "node:fs";
import path from "node:path";
import autocannon, { type Result } from "autocannon";
import { httpLogin, REPO_ROOT } from "../apps/api/src/test/server-process";
import { ADMIN_PASSWORD, backendsFrom, cpuMs, freshStore, machine, memoryOf, parseArgs, startServer, stopServer, type Backend } from "./support";

/**
 * HTTP throughput of the real server: `GET /healthz` and an authenticated `GET /api/v1/users?limit=20`
 * over ~200 users, 50 connections for 10 s each, on PGlite and on PostgreSQL. Prints figures; never asserts.
 *
 *   npm run bench -- http [--db pglite|postgres|both] [--duration 10] [--connections 50] [--users 200] [--profile]
 *
 * --profile runs the server under `node --cpu-prof` and prints where its CPU time went.
 */
export async function main(args: string[]): Promise<void> {
  const opts = parseArgs(args);
  const duration = Number(opts.duration ?? 10);
  const connections = Number(opts.connections ?? 50);
  const userCount = Number(opts.users ?? 200);
  const profile = opts.profile === "true";
  console.log(`# HTTP benchmark — ${connections} connections, ${duration} s per endpoint, ${userCount} users; ${machine()}`);
  const rows: string[][] = [];
  for (const backend of backendsFrom(opts.db)) {
    rows.push(...(await runBackend(backend, { duration, connections, userCount, profile })));
  }
  console.log("\n| database | endpoint | req/s (mean) | p50 ms | p99 ms | errors | non-2xx | server CPU ms/req | postgres CPU ms/req | server RSS after, MB | peak RSS, MB |");
  console.log("|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
  for (const r of rows) console.log(`| ${r.join(" | ")} |`);
  console.log("\nTargets: authenticated list ≥ 1,500 req/s on PostgreSQL with p99 < 50 ms; RSS < 300 MB.");
}

async function runBackend(backend: Backend, o: { duration: number; connections: number; userCount: number; profile: boolean }): Promise<string[][]> {
  const store = await freshStore(backend);
  const profileDir = path.join(REPO_ROOT, "bench/results", `cpu-${backend}-${Date.now()}`);
  const { server, baseUrl } = await startServer(store, o.profile ? ["--cpu-prof", `--cpu-prof-dir=${profileDir}`] : []);
  const rows: string[][] = [];
  try {
    const admin = await httpLogin(baseUrl, "admin", ADMIN_PASSWORD);
    await seedUsers(admin, o.userCount);
    const endpoints: { name: string; url: string; headers: Record<string, string> }[] = [
      { name: "GET /healthz", url: `${baseUrl}/healthz`, headers: {} },
      { name: "GET /api/v1/users?limit=20 (signed in)", url: `${baseUrl}/api/v1/users?limit=20`, headers: { cookie: admin.cookie } },
    ];
    const probe = await fetch(endpoints[1]!.url, { headers: endpoints[1]!.headers });
    const page = (await probe.json()) as { items: unknown[] };
    if (probe.status !== 200 || page.items.length !== 20) throw new Error(`user list probe: ${probe.status}, ${page.items?.length} items`);
    for (const e of endpoints) {
      // A short warm-up so the JIT and the database caches are not part of the figure.
      await autocannon({ url: e.url, headers: e.headers, connections: o.connections, duration: 2 });
      const cpuBefore = cpuMs(server.pid);
      const r: Result = await autocannon({ url: e.url, headers: e.headers, connections: o.connections, duration: o.duration });
      const cpuAfter = cpuMs(server.pid);
      const mem = memoryOf(server.pid);
      const served = r["2xx"] + r.non2xx;
      const perRequest = (ms: number) => (served ? (Math.max(0, ms) / served).toFixed(2) : "-");
      const serverCpu = perRequest(cpuAfter.server - cpuBefore.server);
      const pgCpu = backend === "postgres" ? perRequest(cpuAfter.postgres - cpuBefore.postgres) : "-";
      rows.push([backend, e.name, r.requests.mean.toFixed(0), String(r.latency.p50), String(r.latency.p99), String(r.errors + r.timeouts), String(r.non2xx), serverCpu, pgCpu, mem.rssMb.toFixed(0), mem.peakMb.toFixed(0)]);
      console.log(`${backend}  ${e.name}: ${r.requests.mean.toFixed(0)} req/s, p99 ${r.latency.p99} ms, server CPU ${serverCpu} ms/req, RSS ${mem.rssMb.toFixed(0)} MB`);
    }
  } finally {
    await stopServer(server);
    await store.drop();
  }
  if (o.profile) printProfile(profileDir);
  return rows;
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

/** Prints the functions and files with the most self time in the server's CPU profile. */
function printProfile(dir: string): void {
  const file = fs.readdirSync(dir).find((f) => f.endsWith(".cpuprofile"));
  if (!file) {
    console.log(`(no CPU profile written in ${dir})`);
    return;
  }
  const prof = JSON.parse(fs.readFileSync(path.join(dir, file), "utf8")) as CpuProfile;
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
  console.log(`\nCPU profile ${path.join(dir, file)} — self time by package:\n${top(selfByPackage, 15)}\n\nby function:\n${top(selfByFunction, 25)}`);
}
