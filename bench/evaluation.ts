import { GRID_LEVEL } from "@caihong/domain";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { drizzle } from "drizzle-orm/node-postgres";
import pg from "pg";
import { build } from "../apps/api/src/app";
import { loadConfig } from "../apps/api/src/config/env";
import type { Db } from "../apps/api/src/db/client";
import * as schema from "../apps/api/src/db/schema";
import { monthsBetween } from "../apps/api/src/modules/cases/evaluation.presenter";
import { aggregateEvaluation, aggregateEvaluationRaw } from "../apps/api/src/modules/cases/evaluation.repository";
import { systemContext } from "../apps/api/src/lib/principal";
import { rebuildEvaluationRollups } from "../apps/api/src/modules/cases";
import { periodOf } from "../apps/api/src/modules/cases/use-cases/evaluate-cases";
import { createUserAndLogin, login, seeded, type Session } from "../apps/api/src/test/harness";
import { generateCases } from "./case-generator";
import { ADMIN_PASSWORD, backendsFrom, CLOCK_TICKS_PER_SECOND, cpuTicks, machine, median, parseArgs, percentile, PG_ADMIN_URL, type Backend } from "./support";
import { adminQuery } from "../apps/api/src/test/pg-admin";

/** The database this benchmark creates on the PostgreSQL server, and drops at the end. */
const DB_NAME = "caihong_bench_eval";

/**
 * 考核评价 over many cases: generates cases in bulk with SQL (147 micro grids, 2021–2022, a
 * realistic mix of states, flags, units and categories), then times the evaluation summary of a
 * year through the API (app.inject: contract, service, one SQL statement, presenter, JSON).
 * The cases go in by SQL, past the steps' rollup upkeep, so the tenant's rollups are rebuilt after
 * the load (as `caihong rollups rebuild` does). Then the anchor: the same summaries from the rollups
 * (what the page reads) and from the raw statement over the cases, alternating, in the same run.
 * Prints p50/p95/max; never asserts.
 *
 *   npm run bench -- evaluation [--db postgres|pglite|both] [--cases 1000000] [--pglite-cases 100000] [--runs 50] [--cover] [--keep]
 *   npm run bench -- evaluation --upkeep [--db …] [--steps 1200] [--concurrency 8] [--rounds 3]
 *
 * --upkeep measures the rollups' price on steps instead (bench/evaluation-upkeep.ts): steps/s
 * through the use case with the upkeep and with its statement skipped, same run.
 * --cover times the queries a second time after adding the covering index docs/evaluation.md
 * proposes (it is not in the schema); --keep leaves the PostgreSQL database in place (to EXPLAIN
 * the queries by hand).
 * PostgreSQL: DATABASE_URL (or BENCH_PG_URL, or postgres://postgres@127.0.0.1:5432/postgres) names
 * the server; the benchmark creates the database caihong_bench_eval on it and drops it afterwards.
 */
export async function main(args: string[]): Promise<void> {
  const opts = parseArgs(args);
  if (opts.upkeep === "true") return (await import("./evaluation-upkeep")).main(opts);
  const runs = Number(opts.runs ?? 50);
  const counts: Record<Backend, number> = { postgres: Number(opts.cases ?? 1_000_000), pglite: Number(opts["pglite-cases"] ?? 100_000) };
  console.log(`# Evaluation summary — ${runs} timed runs per query after 3 warm-ups; ${machine()}`);
  const results: string[][] = [];
  for (const backend of backendsFrom(opts.db ?? "both")) {
    results.push(...(await runBackend(backend, counts[backend], runs, { cover: opts.cover === "true", keep: opts.keep === "true" })));
  }
  console.log("\n| database | cases | query | rows | p50 ms | p95 ms | max ms |");
  console.log("|---|---:|---|---:|---:|---:|---:|");
  for (const r of results) console.log(`| ${r.join(" | ")} |`);
  console.log("\nTarget: the sub-district's summary from the rollups p95 < 50 ms over 1,000,000 cases on PostgreSQL (and at 10,000,000: `bench -- city`, ≥ 20× the raw statement there).");
}

async function runBackend(backend: Backend, caseCount: number, runs: number, o: { cover: boolean; keep: boolean }): Promise<string[][]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "caihong-bench-eval-"));
  const serverUrl = process.env.DATABASE_URL || PG_ADMIN_URL;
  let databaseUrl: string | undefined;
  if (backend === "postgres") {
    await adminQuery(serverUrl, `drop database if exists ${DB_NAME} with (force)`);
    await adminQuery(serverUrl, `create database ${DB_NAME}`);
    const url = new URL(serverUrl);
    url.pathname = `/${DB_NAME}`;
    databaseUrl = url.toString();
  }
  // The demo grid tree (147 micro grids) and units come with the first start; no demo cases.
  const config = loadConfig(
    { CAIHONG_TENANT: "xinhong", LOG_LEVEL: "silent", CAIHONG_SEED_DEMO_CASES: "false" },
    { databaseUrl, inMemory: backend === "pglite", dataDir: dir, photoDir: dir, clockIntervalSeconds: 0, adminPassword: ADMIN_PASSWORD, dataKey: randomBytes(32).toString("base64") },
  );
  const t0 = performance.now();
  const app = await build({ config, logger: false });
  console.log(`\n${backend}: app built (migrations, tenant and demo seed) in ${((performance.now() - t0) / 1000).toFixed(1)} s`);
  const rows: string[][] = [];
  try {
    const admin = await login(app, "admin", ADMIN_PASSWORD);
    const ids = await seeded(admin);
    const disposal = ids.grids.filter((g) => g.level === GRID_LEVEL.disposal)[0]!;
    const head = await createUserAndLogin(admin, app, { username: "bench-head", roles: [{ roleId: ids.role("grid_head"), scope: "subtree", gridId: disposal.id }] });

    const t1 = performance.now();
    await generateCases(app.deps.database, { template: app.deps.tenantId, tenants: [app.deps.tenantId], count: caseCount });
    const inserted = performance.now();
    // Autovacuum's steady state (statistics, hint bits, visibility map); PGlite has no autovacuum,
    // and without statistics on the small tables the drill-down's joins rescan the cases.
    await app.deps.database.query("vacuum analyze");
    console.log(`${backend}: ${caseCount.toLocaleString("en-US")} cases inserted in ${((inserted - t1) / 1000).toFixed(1)} s, vacuumed and analyzed in ${((performance.now() - inserted) / 1000).toFixed(1)} s`);
    const t3 = performance.now();
    // As `caihong rollups rebuild` does: the recount, then the clock's overdue sweep.
    const [rebuilt] = await rebuildEvaluationRollups(systemContext(app.deps, "bench"));
    await app.deps.database.query("vacuum analyze cases");
    await app.deps.database.query("analyze case_rollups");
    console.log(`${backend}: rollups rebuilt in ${((performance.now() - t3) / 1000).toFixed(1)} s (${rebuilt!.rows.toLocaleString("en-US")} rows from ${rebuilt!.cases.toLocaleString("en-US")} cases; the sweep marked ${rebuilt!.marked.toLocaleString("en-US")} due cases overdue), cases vacuumed`);
    for (const level of [GRID_LEVEL.disposal, GRID_LEVEL.micro]) {
      const filter = { tenantId: app.deps.tenantId, scope: { kind: "all" } as const, ...periodOf("2021-01-01", "2021-12-31"), months: monthsBetween("2021-01-01", "2021-12-31"), now: new Date(), groupBy: "grid" as const, level, locale: "zh-CN" as const };
      const fromRollups: number[] = [];
      const fromRaw: number[] = [];
      for (let i = 0; i < Math.min(runs, 20) + 2; i++) {
        for (const [fn, times] of [[aggregateEvaluation, fromRollups], [aggregateEvaluationRaw, fromRaw]] as const) {
          const start = performance.now();
          await fn(app.deps.db, filter);
          if (i >= 2) times.push(performance.now() - start);
        }
      }
      const p95r = percentile(fromRollups, 0.95);
      const p95w = percentile(fromRaw, 0.95);
      console.log(`${backend}: summary, grid level ${level}, 2021 — rollups p50 ${median(fromRollups).toFixed(1)} / p95 ${p95r.toFixed(1)} ms; raw statement p50 ${median(fromRaw).toFixed(1)} / p95 ${p95w.toFixed(1)} ms; raw ÷ rollups (p95) ${(p95w / p95r).toFixed(1)}× (target p95 < 50 ms, ≥ 20× at 10,000,000)`);
    }

    const year = "from=2021-01-01&to=2021-12-31";
    const queries: { name: string; session: Session; url: string; count: (body: { rows?: unknown[]; items?: unknown[] }) => number }[] = [
      { name: "summary, grid level 2, 2021 (admin)", session: admin, url: `/api/v1/evaluation?${year}&groupBy=grid&level=2`, count: (b) => b.rows!.length },
      { name: "summary, grid level 4, 2021 (admin)", session: admin, url: `/api/v1/evaluation?${year}&groupBy=grid&level=4`, count: (b) => b.rows!.length },
      { name: "summary, unit, 2021 (admin)", session: admin, url: `/api/v1/evaluation?${year}&groupBy=unit`, count: (b) => b.rows!.length },
      { name: "summary, category, 2021 (admin)", session: admin, url: `/api/v1/evaluation?${year}&groupBy=category`, count: (b) => b.rows!.length },
      { name: "summary, grid level 4, 2021 (网格长, one disposal grid)", session: head, url: `/api/v1/evaluation?${year}&groupBy=grid&level=4`, count: (b) => b.rows!.length },
      { name: "summary, grid level 2, 2021–2022 (admin)", session: admin, url: `/api/v1/evaluation?from=2021-01-01&to=2022-12-31&groupBy=grid&level=2`, count: (b) => b.rows!.length },
      { name: "drill-down, first page of 返工数 of one disposal grid", session: admin, url: `/api/v1/evaluation/cases?${year}&groupBy=grid&level=2&key=${disposal.id}&metric=reworkRate&part=numerator`, count: (b) => b.items!.length },
    ];
    const passes = o.cover ? ["", " + covering index"] : [""];
    for (const pass of passes) {
      if (pass) {
        const t2 = performance.now();
        await app.deps.database.query(COVERING_INDEX);
        await app.deps.database.query("vacuum analyze cases");
        console.log(`${backend}: covering index built in ${((performance.now() - t2) / 1000).toFixed(1)} s`);
      }
      for (const q of queries) {
        let count = 0;
        const times: number[] = [];
        for (let i = 0; i < runs + 3; i++) {
          const start = performance.now();
          const res = await q.session.request("GET", q.url);
          const ms = performance.now() - start;
          if (res.statusCode !== 200) throw new Error(`${q.url}: ${res.statusCode} ${res.body}`);
          if (i >= 3) times.push(ms);
          count = q.count(res.json() as { rows?: unknown[]; items?: unknown[] });
        }
        const row = [backend, caseCount.toLocaleString("en-US"), q.name + pass, String(count), median(times).toFixed(1), percentile(times, 0.95).toFixed(1), Math.max(...times).toFixed(1)];
        console.log(`${backend}: ${q.name}${pass}: ${count} rows, p50 ${row[4]} ms, p95 ${row[5]} ms, max ${row[6]} ms; ${machine()}`);
        rows.push(row);
      }
      if (databaseUrl) {
        for (const level of [2, 4]) {
          const cpu = await backendCpu(databaseUrl, app.deps.tenantId, level, runs);
          if (cpu) console.log(`${backend}: summary, grid level ${level}, 2021${pass}: PostgreSQL CPU ${cpu.cpuMs} ms (one backend, no parallel workers; median), ${cpu.wallMs} ms wall`);
        }
      }
    }
  } finally {
    await app.close();
    if (backend === "postgres" && !o.keep) await adminQuery(serverUrl, `drop database if exists ${DB_NAME} with (force)`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

/**
 * CPU the PostgreSQL backend spends on one summary statement, which the machine's load does not
 * inflate the way it inflates wall time: the repository's statement on a connection of its own
 * with parallel workers off, the backend's utime + stime read from /proc (same host only).
 */
async function backendCpu(databaseUrl: string, tenantId: string, level: number, runs: number): Promise<{ cpuMs: number; wallMs: number } | null> {
  const client = new pg.Client({ connectionString: databaseUrl });
  await client.connect();
  try {
    const pid = Number((await client.query<{ pid: number }>("select pg_backend_pid() as pid")).rows[0]!.pid);
    if (!fs.existsSync(`/proc/${pid}/stat`)) return null;
    await client.query("set max_parallel_workers_per_gather = 0");
    const db = drizzle(client, { schema }) as unknown as Db;
    const filter = { tenantId, scope: { kind: "all" } as const, ...periodOf("2021-01-01", "2021-12-31"), months: monthsBetween("2021-01-01", "2021-12-31"), now: new Date(), groupBy: "grid" as const, level, locale: "zh-CN" as const };
    const cpu: number[] = [];
    const wall: number[] = [];
    for (let i = 0; i < Math.min(runs, 20) + 2; i++) {
      const c0 = cpuTicksMs(pid);
      const w0 = performance.now();
      await aggregateEvaluation(db, filter);
      if (i >= 2) {
        wall.push(performance.now() - w0);
        cpu.push(cpuTicksMs(pid) - c0);
      }
    }
    return { cpuMs: Math.round(median(cpu)), wallMs: Math.round(median(wall)) };
  } finally {
    await client.end();
  }
}

/** utime + stime of a process in ms. */
const cpuTicksMs = (pid: number): number => (cpuTicks(pid) * 1000) / CLOCK_TICKS_PER_SECOND;


/**
 * The index docs/evaluation.md proposes for index-only scans of a period (every column the
 * summary reads, behind the cohort's tenant and reported_at); an experiment here, not the schema.
 */
const COVERING_INDEX = `create index if not exists cases_evaluation_bench_idx on cases (tenant_id, reported_at) include (grid_id, assignee_unit_id, category_id,
  merged_into_id, filed_at, dispatched_at, self_resolved, handled_on_time, closed_at, closed_on_time, rework_count, extension_count, satisfaction,
  handling_minutes, handle_due_at)`;
