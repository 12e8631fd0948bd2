import type { TEvaluationMetric } from "@caihong/contracts";
import { GRID_LEVEL, pathIds, shanghaiDay, type DataScope, type EvaluationSet } from "@caihong/domain";
import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { escapeLike, gridPathOf, scopeCondition } from "../../lib/scope-sql";
import { caseCategories, cases } from "./cases.table";

// Evaluation reads the grid tree (id, path, name, code, level, validity) and unit names by SQL
// text in its one aggregate statement, as lib/scope-sql does for paths: the statement groups
// thousands of rollup rows (or, for the raw anchor, a million cases) by ancestor, and a join
// does that in one hash where a fragment per row would not.
const grids = { tenantId: sql.raw("eg.tenant_id"), id: sql.raw("eg.id"), level: sql.raw("eg.level"), validTo: sql.raw("eg.valid_to"), path: sql.raw("eg.path"), name: sql.raw("eg.name"), code: sql.raw("eg.code") };

/** What an evaluation is grouped by: an ancestor grid at a level, the responsible unit, or the 大类. */
export type EvaluationGroupBy = "grid" | "unit" | "category";

/** A figure that can be opened as its list of cases: an indicator, or the monthly trend's overdue count. */
export type DrillMetric = TEvaluationMetric | "overdue";

/** Key of the group of cases that have no grid at the level, or no unit. */
export const NO_KEY = "none";

/**
 * The case sets every indicator counts, as SQL over the `cases` columns (the projection of
 * case_events). The summary counts them and the drill-down lists them, so both come from this
 * one definition (docs/evaluation.md gives the same table in words).
 */
export function caseSets(now: Date) {
  return {
    /** 上报数: every case in the cohort (all channels, merged and voided included). */
    reported: sql`true`,
    /** 有效上报数: not merged into another case. */
    valid: sql`${cases.mergedIntoId} is null`,
    /** 立案数: filed (自办自结 sets filed_at too) and not merged afterwards into another case. */
    filed: sql`(${cases.filedAt} is not null and ${cases.mergedIntoId} is null)`,
    /** 应处置数: sent to a handler at least once, or resolved on the spot. */
    dueHandling: sql`(${cases.dispatchedAt} is not null or ${cases.selfResolved})`,
    /** 按期处置数: first handled by its due time. */
    handledOnTime: sql`${cases.handledOnTime} is true`,
    /** 结案数: closed now (a reopened case is not). */
    closed: sql`${cases.closedAt} is not null`,
    /** 按期结案数: first closed by its closing due time. */
    closedOnTime: sql`${cases.closedOnTime} is true`,
    /** 处置数: handled at least once (handled_on_time is set on the first handling and never cleared). */
    handled: sql`${cases.handledOnTime} is not null`,
    /** 返工数: sent back for rework at least once. */
    reworked: sql`${cases.reworkCount} > 0`,
    /** 延期数: given at least one approved extension. */
    extended: sql`${cases.extensionCount} > 0`,
    /** 评价数: rated by the reporter or on a follow-up call. */
    rated: sql`${cases.satisfaction} is not null`,
    /** 满意数: rated satisfied or basically satisfied. */
    satisfied: sql`${cases.satisfaction} in ('satisfied', 'basically_satisfied')`,
    /** 计时处置数: handled with a working-time figure, on-the-spot resolutions excluded. */
    timed: sql`(${cases.handlingMinutes} is not null and not ${cases.selfResolved})`,
    /** 超期数: first handled late, or not handled yet and past its due time now. */
    overdue: sql`(${cases.handledOnTime} is false or (${cases.handledOnTime} is null and ${cases.handleDueAt} < ${now.toISOString()}::timestamptz))`,
  } satisfies Record<string, SQL>;
}

export type CaseSet = keyof ReturnType<typeof caseSets>;
const COUNTERS: CaseSet[] = ["reported", "valid", "filed", "dueHandling", "handledOnTime", "closed", "closedOnTime", "handled", "reworked", "extended", "rated", "satisfied", "timed", "overdue"];

/** Numerator and denominator of each figure (上报数 and 平均处置时长 list the same set for both). */
export const METRIC_SETS: Record<DrillMetric, { numerator: CaseSet; denominator: CaseSet }> = {
  reported: { numerator: "reported", denominator: "reported" },
  filingRate: { numerator: "filed", denominator: "valid" },
  onTimeHandlingRate: { numerator: "handledOnTime", denominator: "dueHandling" },
  closingRate: { numerator: "closed", denominator: "filed" },
  onTimeClosingRate: { numerator: "closedOnTime", denominator: "filed" },
  reworkRate: { numerator: "reworked", denominator: "handled" },
  extensionRate: { numerator: "extended", denominator: "dueHandling" },
  satisfactionRate: { numerator: "satisfied", denominator: "rated" },
  avgHandlingHours: { numerator: "timed", denominator: "timed" },
  overdue: { numerator: "overdue", denominator: "overdue" },
};

/** Counts of one group (a row, a month or the total). */
export type EvaluationCounts = Record<CaseSet, number> & { minutes: number };

export interface EvaluationGroupRow extends EvaluationCounts {
  /** 0 for a row of the grouping, 1 otherwise. */
  gk: number;
  /** 0 for a month of the trend, 1 otherwise. */
  gm: number;
  key: string | null;
  m: string | null;
  name: string | null;
}

export interface EvaluationFilter {
  tenantId: string;
  scope: DataScope;
  /** Cohort: reported_at in [from, toExclusive). */
  from: Date;
  toExclusive: Date;
  now: Date;
  groupBy: EvaluationGroupBy;
  level: number;
  /** Months of the period, `YYYY-MM` (the cohort lies within them). */
  months: string[];
  /** Only cases filed in this grid subtree (path prefix). */
  subtreePath?: string;
  locale: "zh-CN" | "en";
}

/** The caller's data scope over cases, by the case's grid alone (no own-records or assignee rule). */
export function caseScope(scope: DataScope): SQL | undefined {
  return scopeCondition(scope, { tenantColumn: cases.tenantId, gridColumn: cases.gridId });
}

/** Cases filed in a grid subtree. */
export function caseSubtree(tenantId: string, path: string): SQL {
  return sql`${cases.gridId} in (select sg.id from grids sg where sg.tenant_id = ${tenantId} and sg.path like ${escapeLike(path) + "%"})`;
}

/** The cohort: cases of the tenant reported in the period, in scope and under the subtree. */
function cohort(f: EvaluationFilter): SQL {
  const parts = [
    sql`${cases.tenantId} = ${f.tenantId}`,
    sql`${cases.reportedAt} >= ${f.from.toISOString()}::timestamptz`,
    sql`${cases.reportedAt} < ${f.toExclusive.toISOString()}::timestamptz`,
    caseScope(f.scope),
    f.subtreePath ? caseSubtree(f.tenantId, f.subtreePath) : undefined,
  ].filter((p): p is SQL => p !== undefined);
  return sql.join(parts, sql` and `);
}

const ident = (name: string) => sql.raw(`"${name}"`);

/** "None" in a rollup key column (no grid, no unit): primary-key columns cannot be null. */
export const NO_ID = "00000000-0000-0000-0000-000000000000";

/** The case_rollups column of each set (超期数 is two of them plus a live part, see rollupBase). */
export const ROLLUP_COLUMN_OF: Record<EvaluationSet, string> = {
  reported: "reported",
  valid: "valid",
  filed: "filed",
  dueHandling: "due_handling",
  handledOnTime: "handled_on_time",
  closed: "closed",
  closedOnTime: "closed_on_time",
  handled: "handled",
  reworked: "reworked",
  extended: "extended",
  rated: "rated",
  satisfied: "satisfied",
  timed: "timed",
  handledLate: "handled_late",
  overdueMarked: "overdue_marked",
};

/** The key the cases are first counted by: the case's grid, its unit or its 小类. */
const caseKey = (groupBy: EvaluationGroupBy) => (groupBy === "grid" ? sql`${cases.gridId}` : groupBy === "unit" ? sql`${cases.assigneeUnitId}` : sql`${cases.categoryId}`);

/**
 * The month of a case is its bucket among the months' first instants (width_bucket compares
 * timestamptz values: no time-zone conversion per row), joined to a VALUES list of the months on
 * equality so the planner knows how many there are. Grouping by an expression of reported_at
 * alone is estimated to have as many groups as reported_at has values, and turns the one-pass
 * hash aggregate into a sort of the whole cohort.
 */
function monthJoin(f: EvaluationFilter): SQL {
  const bounds = `{${f.months.map((m) => `"${m}-01T00:00:00+08:00"`).join(",")}}`;
  const months = sql.join(
    f.months.map((m, i) => sql`(${i + 1}::int, ${m}::text)`),
    sql`, `,
  );
  return sql`join (values ${months}) as mo(i, m) on mo.i = width_bucket(${cases.reportedAt}, ${bounds}::timestamptz[])`;
}

/**
 * The raw counts (the anchor the rollups are checked and measured against): one pass over the
 * cohort's cases, counted per (grid | unit | 小类, month) with one `count(*) filter (where …)` per
 * case set.
 */
function rawBase(f: EvaluationFilter): SQL {
  const sets = caseSets(f.now);
  const counts = sql.join(
    COUNTERS.map((c) => sql`count(*) filter (where ${sets[c]})::int as ${ident(c)}`),
    sql`, `,
  );
  return sql`
      select ${caseKey(f.groupBy)} as k, mo.m,
        ${counts},
        coalesce(sum(${cases.handlingMinutes}) filter (where ${sets.timed}), 0)::float8 as minutes
      from ${cases}
      ${monthJoin(f)}
      where ${cohort(f)}
      group by 1, 2`;
}

/** A grid path's level (`/a/b/` → 2). */
const levelOf = (path: string) => pathIds(path).length;

/**
 * Whether the rollups answer this filter exactly. Grid groupings always do (they are kept per case
 * grid). Unit and 大类 groupings are kept per disposal grid (`area`), which decides the caller's
 * scope and the subtree filter exactly when both are subtrees at the disposal level or above; a
 * scope of single grids or deeper subtrees is counted from the cases (the raw statement).
 */
export function rollupsAnswer(f: Pick<EvaluationFilter, "groupBy" | "scope" | "subtreePath">): boolean {
  if (f.groupBy === "grid") return true;
  if (f.subtreePath && levelOf(f.subtreePath) > GRID_LEVEL.disposal) return false;
  if (f.scope.kind !== "limited") return true;
  return f.scope.gridIds.length === 0 && f.scope.subtreePaths.every((p) => levelOf(p) <= GRID_LEVEL.disposal);
}

/** First day of the month of a day, and of the next month (`YYYY-MM-DD`). */
const monthStart = (day: string) => `${day.slice(0, 8)}01`;
function nextMonth(day: string): string {
  const y = Number(day.slice(0, 4));
  const m = Number(day.slice(5, 7));
  return m === 12 ? `${y + 1}-01-01` : `${day.slice(0, 5)}${String(m + 1).padStart(2, "0")}-01`;
}

/**
 * The rollup rows of a period of whole days: the whole months inside it from the month rows, the
 * days before and after them from the day rows.
 */
function periodBuckets(f: EvaluationFilter): SQL {
  const from = shanghaiDay(f.from);
  const last = shanghaiDay(new Date(f.toExclusive.getTime() - 1));
  const end = shanghaiDay(f.toExclusive);
  const fullFrom = from === monthStart(from) ? from : nextMonth(from);
  const fullTo = end === monthStart(end) ? end : monthStart(end);
  if (fullFrom >= fullTo) return sql`(r.grain = 'day' and r.bucket >= ${from}::date and r.bucket <= ${last}::date)`;
  // Only the ranges that hold days: without statistics the planner merged two empty day ranges
  // into one scan of every day row of the grouping (measured: 40,000 rows read for none kept).
  const ranges = [sql`(r.grain = 'month' and r.bucket >= ${fullFrom}::date and r.bucket < ${fullTo}::date)`];
  if (from < fullFrom) ranges.push(sql`(r.grain = 'day' and r.bucket >= ${from}::date and r.bucket < ${fullFrom}::date)`);
  if (fullTo <= last) ranges.push(sql`(r.grain = 'day' and r.bucket >= ${fullTo}::date and r.bucket <= ${last}::date)`);
  return sql`(${sql.join(ranges, sql` or `)})`;
}

/**
 * The counts from the rollups (ADR 0011): the period's rollup rows of the grouping, in scope and
 * under the subtree, as they are (`groupCounts` sums them: a second sum per (key, month) here
 * cost half the statement's time, measured 3–5 ms of 10 for a year of 147 grids); then the part of 超期数 that moves with the clock,
 * counted from the few running cases not handled yet (index cases_unhandled_due_idx): those not
 * marked by the clock and past due now (+1: fallen due since its last sweep, `sweepOverdue`), and
 * those marked but not past due now (−1, after an extension or when `now` is earlier than the
 * mark). Both parts have the raw statement's columns.
 */
function rollupBase(f: EvaluationFilter): SQL {
  const dimColumn = f.groupBy === "grid" ? sql.raw("r.key") : sql.raw("r.area");
  const conditions = [
    sql`r.tenant_id = ${f.tenantId}`,
    sql`r.dim = ${f.groupBy}`,
    periodBuckets(f),
    scopeCondition(f.scope, { tenantColumn: sql.raw("r.tenant_id"), gridColumn: dimColumn }),
    f.subtreePath ? sql`${dimColumn} in (select sg.id from grids sg where sg.tenant_id = ${f.tenantId} and sg.path like ${escapeLike(f.subtreePath) + "%"})` : undefined,
  ].filter((p): p is SQL => p !== undefined);
  const columns = sql.raw(COUNTERS.map((c) => (c === "overdue" ? `r.handled_late + r.overdue_marked as "overdue"` : `r.${ROLLUP_COLUMN_OF[c]} as "${c}"`)).join(", "));
  const liveColumns = sql.join(
    COUNTERS.map((c) => (c === "overdue" ? sql`sum(case when ${cases.overdueMarked} then -1 else 1 end)::int as "overdue"` : sql`0 as ${ident(c)}`)),
    sql`, `,
  );
  const at = f.now.toISOString();
  return sql`
      select nullif(r.key, ${NO_ID}::uuid) as k, to_char(r.bucket::timestamp, 'YYYY-MM') as m, ${columns}, r.minutes::float8 as minutes
      from case_rollups r
      where ${sql.join(conditions, sql` and `)}
      union all
      select ${caseKey(f.groupBy)} as k, mo.m, ${liveColumns}, 0::float8 as minutes
      from ${cases}
      ${monthJoin(f)}
      where ${cohort(f)} and ${cases.handledOnTime} is null and ${cases.handleDueAt} is not null
        and ((not ${cases.overdueMarked} and ${cases.handleDueAt} < ${at}::timestamptz) or (${cases.overdueMarked} and ${cases.handleDueAt} >= ${at}::timestamptz))
      group by 1, 2`;
}


/**
 * 考核评价's counts from the rollups (or from the cases when the rollups do not answer the filter,
 * see `rollupsAnswer`): rows, months and the total of the grouping, in one statement.
 */
export async function aggregateEvaluation(db: Db, f: EvaluationFilter): Promise<EvaluationGroupRow[]> {
  return rollupsAnswer(f) ? groupCounts(db, f, rollupBase(f), { serial: true }) : groupCounts(db, f, rawBase(f));
}

/** The same counts from the cases alone, one pass over the cohort: the anchor of the rollups' test and bench. */
export async function aggregateEvaluationRaw(db: Db, f: EvaluationFilter): Promise<EvaluationGroupRow[]> {
  return groupCounts(db, f, rawBase(f));
}

/**
 * Rolls the counts per (grid | unit | 小类, month) of `base` up to the group key (ancestor grid at
 * the level, unit, 大类) with GROUPING SETS, giving the rows, the months and the total together.
 * Grid rows also list the current grids of the level in scope that had no case.
 */
async function groupCounts(db: Db, f: EvaluationFilter, base: SQL, o: { serial?: boolean } = {}): Promise<EvaluationGroupRow[]> {
  const sums = sql.join(
    COUNTERS.map((c) => sql`coalesce(sum(r.${ident(c)}), 0)::int as ${ident(c)}`),
    sql`, `,
  );
  const zeros = sql.join(
    COUNTERS.map((c) => sql`0 as ${ident(c)}`),
    sql`, `,
  );
  const columns = sql.join(
    COUNTERS.map((c) => sql`a.${ident(c)}`),
    sql`, `,
  );
  const level = f.level;

  let rollKey: SQL;
  let rollJoin: SQL;
  let nameJoin: SQL;
  let nameExpr: SQL;
  let sortExpr: SQL;
  if (f.groupBy === "grid") {
    rollKey = sql`nullif(split_part(g.path, '/', ${level + 1}::int), '')`;
    rollJoin = sql`left join grids g on g.tenant_id = ${f.tenantId} and g.id = b.k`;
    nameJoin = sql`left join grids n on n.tenant_id = ${f.tenantId} and n.id::text = a.key`;
    nameExpr = sql`n.name`;
    sortExpr = sql`n.code`;
  } else if (f.groupBy === "unit") {
    rollKey = sql`b.k::text`;
    rollJoin = sql``;
    nameJoin = sql`left join units n on n.tenant_id = ${f.tenantId} and n.id::text = a.key`;
    nameExpr = sql`n.name`;
    sortExpr = sql`n.name`;
  } else {
    rollKey = sql`coalesce(cc.parent_id, cc.id)::text`;
    rollJoin = sql`left join case_categories cc on cc.tenant_id = ${f.tenantId} and cc.id = b.k`;
    nameJoin = sql`left join case_categories n on n.tenant_id = ${f.tenantId} and n.id::text = a.key`;
    nameExpr = f.locale === "en" ? sql`coalesce(n.name_en, n.name)` : sql`n.name`;
    sortExpr = sql`n.code`;
  }

  // Grids of the level with no case in the period still get their row (a grid's zero counts too).
  let emptyGrids = sql``;
  if (f.groupBy === "grid") {
    const gridScope = scopeCondition(f.scope, { tenantColumn: grids.tenantId, gridColumn: grids.id });
    const conditions = [
      sql`${grids.tenantId} = ${f.tenantId}`,
      sql`${grids.level} = ${level}::int`,
      sql`${grids.validTo} is null`,
      gridScope,
      f.subtreePath ? sql`${grids.path} like ${escapeLike(f.subtreePath) + "%"}` : undefined,
      // A hashed subplan: NOT EXISTS became a nested loop over the aggregate (~10,000 comparisons at 147 grids).
      sql`${grids.id}::text not in (select x.key from agg x where x.gk = 0 and x.key is not null)`,
    ].filter((p): p is SQL => p !== undefined);
    emptyGrids = sql`
      union all
      select 0 as gk, 1 as gm, ${grids.id}::text as key, null::text as m, ${zeros}, 0::float8 as minutes, ${grids.name} as name, ${grids.code} as sort
      from grids eg where ${sql.join(conditions, sql` and `)}`;
  }

  const statement = sql`
    with base as (${base}
    ),
    rolled as (
      select ${rollKey} as key, b.* from base b ${rollJoin}
    ),
    agg as (
      select grouping(r.key) as gk, grouping(r.m) as gm, r.key, r.m, ${sums}, coalesce(sum(r.minutes), 0)::float8 as minutes
      from rolled r
      group by grouping sets ((r.key), (r.m), ())
      -- A key or month none of whose cases is in the cohort any more (rollup rows whose cases all
      -- moved on, e.g. from "no unit" to their unit) is no group, as in the raw count; the total always is.
      having sum(r."reported") > 0 or (grouping(r.key) = 1 and grouping(r.m) = 1)
    )
    select * from (
      select a.gk, a.gm, a.key, a.m, ${columns}, a.minutes, ${nameExpr} as name, ${sortExpr} as sort
      from agg a ${nameJoin}
      ${emptyGrids}
    ) u
    order by u.gk, u.gm, u.reported desc, u.sort nulls last, u.key nulls last, u.m`;
  // JIT compilation costs more than it saves on this one-pass aggregate (measured: +0.2–0.5 s at
  // 1,000,000 cases), and the planner turns it on once a period holds a few years of cases.
  // From the rollups the statement reads a few thousand rows, and the live part of 超期数 the
  // cases the clock's sweep has not marked yet: parallel workers cost more to start (~5 ms
  // measured) than the plan runs, and the planner, which cannot see that marked and handled
  // cases leave the partial index, estimates the live part at every running case and asks for them.
  const result = (await db.transaction(async (tx) => {
    await tx.execute(o.serial ? sql`select set_config('jit', 'off', true), set_config('max_parallel_workers_per_gather', '0', true)` : sql`set local jit = off`);
    return tx.execute(statement);
  })) as unknown as { rows: EvaluationGroupRow[] };
  return result.rows.map((r) => ({ ...r, minutes: Number(r.minutes) }));
}

/**
 * The cases of one group, as SQL over what `findCases` reads (`cases`, the grid path,
 * `case_categories`): the same keys the summary rolls up to. `key` is a uuid or NO_KEY.
 */
export function groupCondition(groupBy: EvaluationGroupBy, level: number, key: string): SQL {
  if (groupBy === "grid") {
    const ancestor = sql`nullif(split_part(${gridPathOf(cases.tenantId, cases.gridId)}, '/', ${level + 1}::int), '')`;
    return key === NO_KEY ? sql`${ancestor} is null` : sql`${ancestor} = ${key}`;
  }
  if (groupBy === "unit") return key === NO_KEY ? sql`${cases.assigneeUnitId} is null` : sql`${cases.assigneeUnitId} = ${key}::uuid`;
  return sql`coalesce(${caseCategories.parentId}, ${caseCategories.id}) = ${key}::uuid`;
}
