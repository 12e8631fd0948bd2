import { GRID_LEVEL } from "@caihong/domain";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import type { FastifyInstance } from "fastify";
import pg from "pg";
import { build } from "../apps/api/src/app";
import { loadConfig } from "../apps/api/src/config/env";
import { systemContext } from "../apps/api/src/lib/principal";
import { rebuildEvaluationRollups } from "../apps/api/src/modules/cases";
import { monthsBetween } from "../apps/api/src/modules/cases/evaluation.presenter";
import { aggregateEvaluation, aggregateEvaluationRaw } from "../apps/api/src/modules/cases/evaluation.repository";
import { periodOf } from "../apps/api/src/modules/cases/use-cases/evaluate-cases";
import { generateCases, progress, type Queryable } from "./case-generator";
import { ADMIN_PASSWORD, machine, median, parseArgs, percentile, PG_ADMIN_URL } from "./support";
import { adminQuery } from "../apps/api/src/test/pg-admin";

/** The database this benchmark creates on the PostgreSQL server, and drops at the end unless --keep. */
const DB_NAME = "caihong_bench_city";
/** The tenant the app seeds (the demo grid tree, units, categories); the city's other tenants are copies of it. */
const TEMPLATE = "xinhong";

/**
 * A city on one PostgreSQL: ~200 sub-district tenants (copies of the demo tenant's grid tree,
 * units and categories) and 10,000,000 cases over 2021–2022 spread over them in time order, built
 * with bench/case-generator.ts (the generator of `bench -- evaluation`) as a bulk load: the cases
 * table's secondary indexes dropped and rebuilt after, foreign-key triggers off for the load
 * (session_replication_role = replica: the generator draws every id from the tenant's own rows).
 * Then the production path: `caihong rollups rebuild` per tenant (the use case: recount, then the
 * clock's overdue sweep), VACUUM ANALYZE. Then the 考核评价 summary of one tenant (the largest),
 * grid levels 2 and 4, one year: from the rollups (what the page reads) and from the raw statement
 * over the cases, alternating, p50/p95 and the ratio. Prints timings of every stage; never asserts.
 *
 *   npm run bench -- city [--cases 10000000] [--tenants 200] [--runs 20] [--keep | --reuse]
 *
 * --keep leaves the database in place; --reuse times the kept database again without building it.
 * PostgreSQL: DATABASE_URL (or BENCH_PG_URL, or postgres://postgres@127.0.0.1:5432/postgres) names
 * the server; the benchmark creates the database caihong_bench_city on it.
 */
export async function main(args: string[]): Promise<void> {
  const opts = parseArgs(args);
  const caseCount = Number(opts.cases ?? 10_000_000);
  const tenantCount = Number(opts.tenants ?? 200);
  const runs = Number(opts.runs ?? 20);
  const reuse = opts.reuse === "true";
  const keep = opts.keep === "true" || reuse;
  console.log(`# City: ${reuse ? "the kept city database" : `${caseCount.toLocaleString("en-US")} cases over ${tenantCount} tenants`} on PostgreSQL; ${machine()}`);
  const serverUrl = process.env.DATABASE_URL || PG_ADMIN_URL;
  if (!reuse) {
    await adminQuery(serverUrl, `drop database if exists ${DB_NAME} with (force)`);
    await adminQuery(serverUrl, `create database ${DB_NAME}`);
  }
  const url = new URL(serverUrl);
  url.pathname = `/${DB_NAME}`;
  const databaseUrl = url.toString();
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "caihong-bench-city-"));
  const config = loadConfig(
    { CAIHONG_TENANT: TEMPLATE, LOG_LEVEL: "silent", CAIHONG_SEED_DEMO_CASES: "false" },
    { databaseUrl, inMemory: false, dataDir: dir, photoDir: dir, clockIntervalSeconds: 0, adminPassword: ADMIN_PASSWORD, dataKey: randomBytes(32).toString("base64") },
  );
  const started = performance.now();
  const app = await build({ config, logger: false });
  stage("app built (migrations, tenant and demo seed)", started);
  try {
    if (!reuse) await buildCity(app, databaseUrl, tenantCount, caseCount, started);
    await timeOneTenant(app, runs);
  } finally {
    await app.close();
    if (!keep) await adminQuery(serverUrl, `drop database if exists ${DB_NAME} with (force)`);
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

const stage = (what: string, t0: number) => console.log(`${what} in ${((performance.now() - t0) / 1000).toFixed(1)} s (${machine()})`);

/** The bulk load, the rollups of every tenant (rebuild + sweep), VACUUM ANALYZE. */
async function buildCity(app: FastifyInstance, databaseUrl: string, tenantCount: number, caseCount: number, started: number): Promise<void> {
  const tenants = [TEMPLATE, ...Array.from({ length: tenantCount - 1 }, (_, i) => `city-${String(i + 2).padStart(3, "0")}`)];
  const load = new pg.Client({ connectionString: databaseUrl });
  await load.connect();
  try {
    const db: Queryable = { query: async (text, params) => (await load.query(text, params)).rows };
    let t0 = performance.now();
    await copyTenant(db, TEMPLATE, tenants.slice(1));
    stage(`${tenants.length - 1} tenants copied from ${TEMPLATE} (grids, units, categories)`, t0);

    t0 = performance.now();
    const indexes = await db.query<{ name: string; def: string }>(
      `select i.relname as name, pg_get_indexdef(i.oid) as def from pg_index x join pg_class i on i.oid = x.indexrelid
       where x.indrelid = 'cases'::regclass and not exists (select 1 from pg_constraint c where c.conindid = i.oid)`,
    );
    for (const ix of indexes) await db.query(`drop index ${ix.name}`);
    await db.query("set session_replication_role = replica");
    await generateCases(db, { template: TEMPLATE, tenants, count: caseCount, onBatch: progress("load", caseCount, 1_000_000) });
    await db.query("set session_replication_role = origin");
    stage(`${caseCount.toLocaleString("en-US")} cases inserted (${indexes.length} secondary indexes dropped)`, t0);
    t0 = performance.now();
    await db.query("set maintenance_work_mem = '512MB'");
    for (const ix of indexes) await db.query(ix.def);
    await db.query("analyze");
    stage(`${indexes.length} indexes of cases rebuilt, analyzed`, t0);
  } finally {
    await load.end();
  }

  let t0 = performance.now();
  const ctx = systemContext(app.deps, "bench");
  let rows = 0;
  let marked = 0;
  for (const [i, tenant] of tenants.entries()) {
    const [done] = await rebuildEvaluationRollups(ctx, { tenant });
    rows += done!.rows;
    marked += done!.marked;
    if ((i + 1) % 20 === 0 || i + 1 === tenants.length) stage(`rollups rebuilt for ${i + 1} / ${tenants.length} tenants (${rows.toLocaleString("en-US")} rows; ${marked.toLocaleString("en-US")} due cases marked by the sweep)`, t0);
  }
  t0 = performance.now();
  await app.deps.database.query("vacuum analyze");
  stage("vacuum analyze", t0);
  stage("city built", started);
}

/** One tenant's summary (the largest), from the rollups and from the raw statement, alternating. */
async function timeOneTenant(app: FastifyInstance, runs: number): Promise<void> {
  const [largest] = await app.deps.database.query<{ tenant_id: string; n: number }>(`select tenant_id, count(*)::int as n from cases group by tenant_id order by 2 desc limit 1`);
  const tenantId = largest!.tenant_id;
  console.log(`\nTimed tenant: ${tenantId} with ${largest!.n.toLocaleString("en-US")} cases (the largest); ${runs} runs each after 2 warm-ups, rollups and raw alternating`);
  console.log("\n| grouping | rollups p50 ms | rollups p95 ms | raw p50 ms | raw p95 ms | raw ÷ rollups (p50) | raw ÷ rollups (p95) |");
  console.log("|---|---:|---:|---:|---:|---:|---:|");
  for (const level of [GRID_LEVEL.disposal, GRID_LEVEL.micro]) {
    const filter = { tenantId, scope: { kind: "all" } as const, ...periodOf("2021-01-01", "2021-12-31"), months: monthsBetween("2021-01-01", "2021-12-31"), now: new Date(), groupBy: "grid" as const, level, locale: "zh-CN" as const };
    const fromRollups: number[] = [];
    const fromRaw: number[] = [];
    for (let i = 0; i < runs + 2; i++) {
      for (const [fn, times] of [[aggregateEvaluation, fromRollups], [aggregateEvaluationRaw, fromRaw]] as const) {
        const start = performance.now();
        await fn(app.deps.db, filter);
        if (i >= 2) times.push(performance.now() - start);
      }
    }
    const [r50, r95, w50, w95] = [median(fromRollups), percentile(fromRollups, 0.95), median(fromRaw), percentile(fromRaw, 0.95)];
    console.log(`| grid level ${level}, 2021 | ${r50.toFixed(1)} | ${r95.toFixed(1)} | ${w50.toFixed(1)} | ${w95.toFixed(1)} | ${(w50 / r50).toFixed(1)}× | ${(w95 / r95).toFixed(1)}× |`);
  }
  console.log(`\n${machine()}`);
  console.log(`Target: from the rollups p95 < 50 ms at ${(10_000_000).toLocaleString("en-US")} cases, and ≥ 20× the raw statement in the same run.`);
}

/**
 * Copies a tenant's row, grid tree, units and case categories to new tenants in one statement per
 * table. The ids stay the same (every key includes tenant_id), so grid paths stay valid as they are.
 */
async function copyTenant(db: Queryable, from: string, to: string[]): Promise<void> {
  for (const table of ["tenants", "grids", "case_categories", "units"]) {
    const columns = await db.query<{ name: string }>(
      `select column_name as name from information_schema.columns where table_schema = 'public' and table_name = $1 and is_generated = 'NEVER' order by ordinal_position`,
      [table],
    );
    const own = table === "tenants" ? "id" : "tenant_id";
    const names = columns.map((c) => `"${c.name}"`);
    const values = columns.map((c) => (c.name === own ? "t.id" : `s."${c.name}"`));
    await db.query(`insert into ${table} (${names.join(", ")}) select ${values.join(", ")} from ${table} s, unnest($1::text[]) as t(id) where s.${own} = $2`, [to, from]);
  }
}

