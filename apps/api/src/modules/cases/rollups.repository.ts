import { EVALUATION_SETS, evaluationSetsOf, GRID_LEVEL, shanghaiDay, type EvaluationColumns, type EvaluationSet } from "@caihong/domain";
import { and, eq, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { gridPathOf } from "../../lib/scope-sql";
import { sqlFromText, textOf } from "../../lib/sql-fragments";
import { caseRollups, cases } from "./cases.table";
import { caseSets, NO_ID, ROLLUP_COLUMN_OF } from "./evaluation.repository";

// The evaluation rollups (case_rollups): kept by adding each change's deltas in the
// change's transaction, rebuilt from `cases` in one statement (ADR 0011). The read side is in
// evaluation.repository.ts.

/** The groupings the rollups are kept for. */
export const ROLLUP_DIMS = ["grid", "unit", "category"] as const;
export type RollupDim = (typeof ROLLUP_DIMS)[number];

const ROLLUP_COLUMNS = EVALUATION_SETS.map((s) => ROLLUP_COLUMN_OF[s]);

/**
 * The sets as SQL over `cases`, for the rebuild: the indicators' sets are `caseSets` (the ones
 * the drill-down lists), plus the two parts of 超期数 that do not move with the clock.
 */
function rollupSets(): Record<EvaluationSet, SQL> {
  const { overdue: _timeDependent, ...sets } = caseSets(new Date(0));
  return {
    ...sets,
    handledLate: sql`${cases.handledOnTime} is false`,
    overdueMarked: sql`(${cases.handledOnTime} is null and ${cases.handleDueAt} is not null and ${cases.overdueMarked})`,
  };
}

/** The part of a case row the rollups read. */
export type RollupCase = EvaluationColumns & { reportedAt: Date; gridId: string | null; assigneeUnitId: string | null; categoryId: string };

/** A change to one rollup row: its key (with the case grid its area comes from) and what to add. */
export interface RollupDelta {
  dim: RollupDim;
  grain: "day" | "month";
  bucket: string;
  key: string;
  /** The case's grid (`unit`, `category`: the area is its disposal grid); null for `grid`. */
  grid: string | null;
  counts: Record<EvaluationSet, number>;
  minutes: number;
}

/**
 * What a change of one case adds to the rollups: its sets after minus its sets before (null: a
 * new case), under the keys it had before and has after (a dispatch moves a case from "no unit"
 * to its unit). Rows that add nothing are left out, so most steps (签收, 开始处置 …) write none.
 */
export function rollupDeltas(before: RollupCase | null, after: RollupCase): RollupDelta[] {
  const out = new Map<string, RollupDelta>();
  const add = (c: RollupCase, sign: 1 | -1) => {
    const sets = evaluationSetsOf(c);
    const day = shanghaiDay(c.reportedAt);
    const keys: [RollupDim, string, string | null][] = [
      ["grid", c.gridId ?? NO_ID, null],
      ["unit", c.assigneeUnitId ?? NO_ID, c.gridId],
      ["category", c.categoryId, c.gridId],
    ];
    for (const [grain, bucket] of [["day", day], ["month", `${day.slice(0, 8)}01`]] as const) {
      for (const [dim, key, grid] of keys) {
        const id = `${dim}|${grain}|${bucket}|${key}|${grid ?? ""}`;
        let d = out.get(id);
        if (!d) {
          d = { dim, grain, bucket, key, grid, counts: Object.fromEntries(EVALUATION_SETS.map((s) => [s, 0])) as Record<EvaluationSet, number>, minutes: 0 };
          out.set(id, d);
        }
        for (const s of EVALUATION_SETS) d.counts[s] += sign * sets[s];
        d.minutes += sign * sets.minutes;
      }
    }
  };
  if (before) add(before, -1);
  add(after, 1);
  return [...out.values()].filter((d) => d.minutes !== 0 || EVALUATION_SETS.some((s) => d.counts[s] !== 0));
}

const recordsetColumns = sql.raw(["dim text", "grain text", "bucket date", "key uuid", "grid uuid", ...ROLLUP_COLUMNS.map((c) => `${c} int`), "minutes bigint"].join(", "));
const insertColumns = sql.raw(["tenant_id", "dim", "grain", "bucket", "key", "area", ...ROLLUP_COLUMNS, "minutes"].join(", "));
const sums = sql.raw([...ROLLUP_COLUMNS.map((c) => `sum(d.${c})::int`), "sum(d.minutes)::bigint"].join(", "));
const addExcluded = sql.raw([...ROLLUP_COLUMNS, "minutes"].map((c) => `${c} = r.${c} + excluded.${c}`).join(", "));

/**
 * The area of a case grid: its ancestor at the disposal level (level 2), or the grid itself when
 * it lies above that level; the nil uuid for no grid. Grid paths never change (a grid is retired,
 * not moved), so the area of a case never does.
 */
function areaOf(tenantId: SQL, grid: SQL): SQL {
  // Constants written into the text (not parameters): the intake's statement of fixed text uses it too.
  return sql`coalesce(nullif(split_part(${gridPathOf(tenantId, grid)}, '/', ${sql.raw(String(GRID_LEVEL.disposal + 1))}), '')::uuid, ${grid}, ${sql.raw(`'${NO_ID}'`)}::uuid)`;
}

/** The upsert of `addRollupDeltas` as fixed text: `$1` the tenant, `$2` the deltas (`rollupPayload`); the intake writes the same upsert in its statement. */
const ROLLUP_UPSERT_TEXT = rollupUpsertText("$1", "$2::jsonb", "true");

/**
 * Adds deltas to the rollups in ONE statement (one round trip, fixed text: the deltas travel as
 * one jsonb parameter). Rows are locked in key order, so two changes never wait on each other in
 * a cycle. Write it last in the change's transaction: the rows it locks are shared by every case
 * of the same day and grid, and stay locked until the commit.
 */
export async function addRollupDeltas(tx: Db, tenantId: string, deltas: readonly RollupDelta[]): Promise<void> {
  if (deltas.length === 0) return;
  await tx.execute(sqlFromText(ROLLUP_UPSERT_TEXT, [tenantId, rollupPayload(deltas)]));
}

/**
 * Recomputes the rollups of one tenant (or of every tenant: null) from `cases`, in the caller's
 * transaction: the table is locked against concurrent upkeep first (SHARE ROW EXCLUSIVE: steps
 * wait at their rollup statement until the commit, then add their deltas to the rebuilt rows),
 * the tenant's rows are deleted, and one statement counts every case once per grouping and day,
 * then sums the days into months. Returns the rows written and the cases counted.
 */
export async function rebuildRollups(tx: Db, tenantId: string | null): Promise<{ rows: number; cases: number }> {
  await tx.execute(sql`lock table case_rollups in share row exclusive mode`);
  await tx.execute(tenantId === null ? sql`delete from case_rollups` : sql`delete from case_rollups where tenant_id = ${tenantId}`);
  const sets = rollupSets();
  const flags = sql.join(
    EVALUATION_SETS.map((s) => sql`(${sets[s]}) is true as ${sql.raw(`in_${ROLLUP_COLUMN_OF[s]}`)}`),
    sql`, `,
  );
  const counts = sql.raw(EVALUATION_SETS.map((s) => `count(*) filter (where in_${ROLLUP_COLUMN_OF[s]})::int as ${ROLLUP_COLUMN_OF[s]}`).join(", "));
  const summed = sql.raw([...ROLLUP_COLUMNS, "minutes"].map((c) => `sum(${c})`).join(", "));
  const plain = sql.raw([...ROLLUP_COLUMNS, "minutes"].join(", "));
  const result = (await tx.execute(sql`
    with per_case as (
      select ${cases.tenantId} as tenant_id,
        ((${cases.reportedAt} at time zone 'UTC') + interval '8 hours')::date as day,
        ${cases.gridId} as grid_id,
        coalesce(nullif(split_part(g.path, '/', ${GRID_LEVEL.disposal + 1}::int), '')::uuid, ${cases.gridId}, ${NO_ID}::uuid) as area,
        ${cases.assigneeUnitId} as unit_id, ${cases.categoryId} as category_id,
        ${flags},
        case when ${sets.timed} then ${cases.handlingMinutes} else 0 end as minutes
      from ${cases}
      left join grids g on g.tenant_id = ${cases.tenantId} and g.id = ${cases.gridId}
      ${tenantId === null ? sql`` : sql`where ${cases.tenantId} = ${tenantId}`}
    ),
    per_day as (
      select tenant_id, day, grid_id, area, unit_id, category_id, grouping(grid_id) as no_grid, grouping(unit_id) as no_unit,
        ${counts}, sum(minutes)::bigint as minutes
      from per_case
      group by grouping sets ((tenant_id, day, grid_id), (tenant_id, day, area, unit_id), (tenant_id, day, area, category_id))
    ),
    keyed as (
      select tenant_id, day,
        case when no_grid = 0 then 'grid' when no_unit = 0 then 'unit' else 'category' end as dim,
        case when no_grid = 0 then coalesce(grid_id, ${NO_ID}::uuid) when no_unit = 0 then coalesce(unit_id, ${NO_ID}::uuid) else category_id end as key,
        case when no_grid = 0 then ${NO_ID}::uuid else area end as area,
        ${plain}
      from per_day
    ),
    written as (
      insert into case_rollups (${insertColumns})
      select tenant_id, dim, 'day', day, key, area, ${plain} from keyed
      union all
      select tenant_id, dim, 'month', date_trunc('month', day)::date, key, area, ${summed}
      from keyed group by tenant_id, dim, date_trunc('month', day)::date, key, area
      order by 1, 2, 3, 4, 5, 6
      returning reported, grain, dim
    )
    select count(*)::int as n_rows, coalesce(sum(reported) filter (where grain = 'month' and dim = 'grid'), 0)::int as n_cases from written`)) as unknown as { rows: { n_rows: number; n_cases: number }[] };
  return { rows: Number(result.rows[0]!.n_rows), cases: Number(result.rows[0]!.n_cases) };
}

/**
 * The tenants named by `name`: its id (`xinhong`), or the tenants with that 12-digit division code.
 * Reads the tenants by SQL text, as evaluation reads the grid tree: one column of the root table.
 */
export async function findTenantsNamed(db: Db, name: string): Promise<string[]> {
  const result = (await db.execute(sql`select id from tenants where id = ${name} or division_code = ${name} order by id = ${name} desc, id`)) as unknown as { rows: { id: string }[] };
  const rows = result.rows.map((r) => r.id);
  return rows[0] === name ? [name] : rows;
}

/** The tenants that have cases or rollups (the ones a rebuild of everything visits). */
export async function findRollupTenants(db: Db): Promise<string[]> {
  const result = (await db.execute(sql`select tenant_id from ${cases} group by tenant_id union select tenant_id from case_rollups group by tenant_id order by 1`)) as unknown as { rows: { tenant_id: string }[] };
  return result.rows.map((r) => r.tenant_id);
}

/** Rows of the rollups per grouping and grain (the bench and the rebuild's report). */
export async function countRollupRows(db: Db, tenantId: string | null): Promise<{ dim: string; grain: string; rows: number }[]> {
  return db
    .select({ dim: caseRollups.dim, grain: caseRollups.grain, rows: sql<number>`count(*)::int` })
    .from(caseRollups)
    .where(tenantId === null ? undefined : eq(caseRollups.tenantId, tenantId))
    .groupBy(caseRollups.dim, caseRollups.grain)
    .orderBy(caseRollups.dim, caseRollups.grain);
}

/** Every rollup row of a tenant that counts something, in key order (the property test compares two such lists). */
export async function findRollupRows(db: Db, tenantId: string) {
  return db
    .select()
    .from(caseRollups)
    .where(and(eq(caseRollups.tenantId, tenantId), sql`(${sql.join([...ROLLUP_COLUMNS, "minutes"].map((c) => sql`${sql.identifier(c)} <> 0`), sql` or `)})`))
    .orderBy(caseRollups.dim, caseRollups.grain, caseRollups.bucket, caseRollups.key, caseRollups.area);
}

/**
 * The clock's sweep: marks up to `limit` cases that are not handled yet and past their due time at
 * `now` but not marked, and adds each to the rollups' `overdue_marked` count, in ONE statement
 * (the cases through the partial index cases_unhandled_due_idx, in due-time order). This keeps the
 * part of 超期数 the evaluation counts live from `cases` down to the cases that fell due since the
 * last sweep, whatever marked the others: the escalation schedule marks only cases it has a
 * schedule for, while bulk loads, imports and a stopped clock leave due cases unmarked (measured:
 * 50,000 of them at 1,000,000 cases made the live part 140–240 ms of every summary).
 * Rows a step holds are skipped (SKIP LOCKED: the next sweep takes them), so the sweep never
 * waits on a case; the rollup rows are then locked in key order like every other upkeep.
 * Returns how many cases it marked.
 */
export async function markOverdueCases(tx: Db, tenantId: string, now: Date, limit: number): Promise<number> {
  const result = (await tx.execute(sql`
    with due as (
      select c.id from ${cases} c
      where c.tenant_id = ${tenantId} and not c.overdue_marked and c.handled_on_time is null and c.handle_due_at is not null
        and c.handle_due_at < ${now.toISOString()}::timestamptz
      order by c.handle_due_at
      limit ${limit}::int
      for update skip locked
    ),
    marked as (
      update ${cases} c set overdue_marked = true from due
      where c.tenant_id = ${tenantId} and c.id = due.id
      returning c.reported_at, c.grid_id, c.assignee_unit_id, c.category_id
    ),
    keyed as (
      select ((m.reported_at at time zone 'UTC') + interval '8 hours')::date as day, m.grid_id, m.assignee_unit_id, m.category_id,
        coalesce(nullif(split_part(g.path, '/', ${GRID_LEVEL.disposal + 1}::int), '')::uuid, m.grid_id, ${NO_ID}::uuid) as area
      from marked m left join grids g on g.tenant_id = ${tenantId} and g.id = m.grid_id
    ),
    per_key as (
      select 'grid' as dim, day, coalesce(grid_id, ${NO_ID}::uuid) as key, ${NO_ID}::uuid as area from keyed
      union all select 'unit', day, coalesce(assignee_unit_id, ${NO_ID}::uuid), area from keyed
      union all select 'category', day, category_id, area from keyed
    ),
    added as (
      insert into case_rollups as r (tenant_id, dim, grain, bucket, key, area, overdue_marked)
      select ${tenantId}, d.dim, d.grain, d.bucket, d.key, d.area, count(*)::int
      from (
        select dim, 'day' as grain, day as bucket, key, area from per_key
        union all select dim, 'month', date_trunc('month', day)::date, key, area from per_key
      ) d
      group by d.dim, d.grain, d.bucket, d.key, d.area
      order by d.dim, d.grain, d.bucket, d.key, d.area
      on conflict (tenant_id, dim, grain, bucket, key, area) do update set overdue_marked = r.overdue_marked + excluded.overdue_marked
      returning 1
    )
    select (select count(*) from marked)::int as n, (select count(*) from added)::int as rows`)) as unknown as { rows: { n: number }[] };
  return Number(result.rows[0]!.n);
}

/** Marks a running case overdue (the clock's 100 % stage): from now on the rollups count it. */
export async function markOverdue(tx: Db, tenantId: string, id: string): Promise<void> {
  await tx.update(cases).set({ overdueMarked: true }).where(and(eq(cases.tenantId, tenantId), eq(cases.id, id)));
}

/** A change's deltas as the one jsonb parameter the rollup upsert reads. */
export function rollupPayload(deltas: readonly RollupDelta[]): string {
  return JSON.stringify(
    deltas.map((d) => ({ dim: d.dim, grain: d.grain, bucket: d.bucket, key: d.key, grid: d.grid, minutes: d.minutes, ...Object.fromEntries(EVALUATION_SETS.map((s) => [ROLLUP_COLUMN_OF[s], d.counts[s]])) })),
  );
}

/**
 * The rollup upsert of `addRollupDeltas` as text for a statement of fixed text (the intake's single
 * statement): `tenant` and `payload` are its placeholders (`$1`, `$39::jsonb`), `onlyIf` an SQL
 * condition the rows are written under (e.g. that the case row was written).
 */
export function rollupUpsertText(tenant: string, payload: string, onlyIf: string): string {
  return textOf(sql`
    insert into case_rollups as r (${insertColumns})
    select ${sql.raw(tenant)}, d.dim, d.grain, d.bucket, d.key, d.area, ${sums}
    from (
      select v.*, case when v.dim = 'grid' then ${sql.raw(`'${NO_ID}'`)}::uuid else ${areaOf(sql.raw(tenant), sql.raw("v.grid"))} end as area
      from jsonb_to_recordset(${sql.raw(payload)}) as v(${recordsetColumns})
      where ${sql.raw(onlyIf)}
    ) d
    group by d.dim, d.grain, d.bucket, d.key, d.area
    order by d.dim, d.grain, d.bucket, d.key, d.area
    on conflict (tenant_id, dim, grain, bucket, key, area) do update set ${addExcluded}`);
}
