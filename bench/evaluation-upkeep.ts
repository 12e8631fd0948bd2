import type { TCaseTransitionRequest } from "@caihong/contracts";
import { GRID_LEVEL } from "@caihong/domain";
import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { PgDatabase } from "drizzle-orm/pg-core";
import type { SQL, SQLWrapper } from "drizzle-orm";
import { build } from "../apps/api/src/app";
import { loadConfig } from "../apps/api/src/config/env";
import type { ActorContext } from "../apps/api/src/lib/context";
import { takeStep } from "../apps/api/src/modules/cases/use-cases/take-step";
import { buildCase } from "../apps/api/src/seed/case-factory";
import { login, seeded } from "../apps/api/src/test/harness";
import { ADMIN_PASSWORD, backendsFrom, freshStore, machine, median, type Backend } from "./support";

/**
 * The price of the evaluation rollups' upkeep on steps (`npm run bench -- evaluation --upkeep`):
 * cases reported today across the 147 micro grids (a sub-district's morning: every step of a day
 * and grid adds to the same rollup rows), each taken through 立案 → 派遣 → 签收 → 反馈 → 核查 → 结案
 * by `takeStep` (the use case the route calls: lock, state machine, projection, event, audit,
 * notices, webhook row, rollup upkeep), `--concurrency` cases at a time. The anchor is the same
 * steps with the upkeep statement skipped (the benchmark answers drizzle's `execute` of the
 * `insert into case_rollups` itself; the deltas are still computed), on fresh cases of the same
 * kind, passes alternating ABBA. Prints steps/s of both and the upkeep's share; never asserts.
 *
 *   npm run bench -- evaluation --upkeep [--db postgres|pglite|both] [--steps 1200] [--concurrency 8] [--rounds 3]
 */
export async function main(opts: Record<string, string>): Promise<void> {
  const steps = Number(opts.steps ?? 1200);
  const concurrency = Number(opts.concurrency ?? 8);
  const rounds = Number(opts.rounds ?? 3);
  console.log(`# Rollup upkeep: ${steps} steps per pass through takeStep, ${concurrency} cases at a time, ${rounds} rounds of ABBA passes; ${machine()}`);
  for (const backend of backendsFrom(opts.db ?? "both")) await runBackend(backend, steps, concurrency, rounds);
}

/** The steps every case takes, and how each is asked for (4 of the 6 change evaluated columns). */
function path6(unitId: string): TCaseTransitionRequest[] {
  return [
    { action: "file", version: 0 },
    { action: "dispatch", version: 0, assignee: { unitId } },
    { action: "acknowledge", version: 0 },
    { action: "handle", version: 0, note: "已处置" },
    { action: "verify", version: 0 },
    { action: "close", version: 0 },
  ] as TCaseTransitionRequest[];
}

let skipUpkeep = false;
let skipped = 0;

/** The anchor's switch: drizzle's `execute` answers the rollup upkeep statement without sending it. */
function patchExecute(): void {
  const original = PgDatabase.prototype.execute;
  PgDatabase.prototype.execute = function (this: PgDatabase<never>, query: SQLWrapper | string) {
    if (skipUpkeep && typeof query !== "string") {
      const text = (this as unknown as { dialect: { sqlToQuery(s: SQL): { sql: string } } }).dialect.sqlToQuery(query.getSQL()).sql;
      if (/^\s*insert into case_rollups as r/.test(text)) {
        skipped++;
        return Promise.resolve({ rows: [], rowCount: 0 }) as unknown as ReturnType<typeof original>;
      }
    }
    return original.call(this, query as never);
  } as typeof original;
}

async function runBackend(backend: Backend, steps: number, concurrency: number, rounds: number): Promise<void> {
  patchExecute();
  const store = await freshStore(backend);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), "caihong-bench-upkeep-"));
  const config = loadConfig(
    { CAIHONG_TENANT: "xinhong", LOG_LEVEL: "silent", CAIHONG_SEED_DEMO_CASES: "false" },
    { databaseUrl: store.databaseUrl || undefined, inMemory: backend === "pglite", dataDir: dir, photoDir: dir, clockIntervalSeconds: 0, adminPassword: ADMIN_PASSWORD, dataKey: randomBytes(32).toString("base64") },
  );
  const app = await build({ config, logger: false });
  try {
    const admin = await login(app, "admin", ADMIN_PASSWORD);
    const ids = await seeded(admin);
    const principal = await app.authenticator.fromSessionToken(admin.cookie);
    if (principal === "expired") throw new Error("the admin's session expired");
    const ctx: ActorContext = { ...app.deps, requestId: "bench", ip: "127.0.0.1", locale: "zh-CN", userAgent: null, actor: principal };
    const micro = ids.grids.filter((g) => g.level === GRID_LEVEL.micro);
    const grids = await app.deps.database.query<{ id: string; path: string }>("select id, path from grids where tenant_id = $1 and id = any($2::uuid[])", [app.deps.tenantId, micro.map((g) => g.id)]);
    const units = await app.deps.database.query<{ id: string; name: string }>("select id, name from units where tenant_id = $1 order by name", [app.deps.tenantId]);
    const perCase = path6(units[0]!.id).length;
    const casesPerPass = Math.ceil(steps / perCase);
    let serial = 0;

    /** Fresh reported cases of today, spread over the micro grids and units (not timed). */
    const freshCases = async () => {
      const out: { id: string; unitId: string }[] = [];
      for (let i = 0; i < casesPerPass; i++, serial++) {
        const c = await buildCase(app.deps.db, { tenantId: app.deps.tenantId, grid: grids[serial % grids.length]!, reportedAt: new Date(Date.now() - 60_000), stepMinutes: 0 });
        out.push({ id: c.id, unitId: units[serial % units.length]!.id });
      }
      return out;
    };

    /** One pass: every case through its six steps, `concurrency` cases at a time; steps per second. */
    const pass = async (skip: boolean) => {
      const cases = await freshCases();
      skipUpkeep = skip;
      let next = 0;
      let taken = 0;
      const started = performance.now();
      const worker = async () => {
        for (;;) {
          const c = cases[next++];
          if (!c) return;
          let version = 1;
          for (const step of path6(c.unitId)) {
            const detail = await takeStep(ctx, c.id, { ...step, version });
            version = detail.version;
            taken++;
          }
        }
      };
      await Promise.all(Array.from({ length: concurrency }, worker));
      const perSecond = taken / ((performance.now() - started) / 1000);
      skipUpkeep = false;
      return perSecond;
    };

    await pass(false); // warm-up: plans, caches, the rollup rows of today
    await pass(true);
    const withUpkeep: number[] = [];
    const without: number[] = [];
    for (let r = 0; r < rounds; r++) {
      for (const skip of r % 2 === 0 ? [false, true, true, false] : [true, false, false, true]) {
        const before = skipped;
        const rate = await pass(skip);
        (skip ? without : withUpkeep).push(rate);
        console.log(`${backend}: round ${r + 1}, ${skip ? "upkeep skipped" : "with upkeep   "}: ${Math.round(rate)} steps/s${skip ? ` (${skipped - before} upkeep statements skipped)` : ""}; ${machine()}`);
      }
    }
    const a = median(withUpkeep);
    const b = median(without);
    console.log(`\n| database | steps per pass | concurrency | with upkeep (steps/s, median) | upkeep skipped (steps/s, median) | ratio | upkeep's share of step throughput |`);
    console.log("|---|---:|---:|---:|---:|---:|---:|");
    console.log(`| ${backend} | ${casesPerPass * perCase} | ${concurrency} | ${Math.round(a)} | ${Math.round(b)} | ${(a / b).toFixed(2)} | ${((1 - a / b) * 100).toFixed(1)} % |`);
    console.log(`Target: the upkeep costs at most 30 % of step throughput.\n`);
  } finally {
    await app.close();
    await store.drop();
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
