import { INBOX_BUCKET_KEYS, INBOX_BUCKETS, inboxBucketQuery, OPEN_CASE_STATES, type InboxBucket, type TFindCasesQuery, type TInboxBucketKey } from "@caihong/contracts";
import { RUNNING_STATES, type DataScope, type EscalationStage } from "@caihong/domain";
import { createHash } from "node:crypto";
import { and, asc, Column, desc, eq, gt, gte, inArray, is, isNull, lt, lte, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import { preparedOn, type Db } from "../../db/client";
import { escapeLike, gridNameOf, gridPathOf, inGridSubtree, scopeCondition } from "../../lib/scope-sql";
import { sqlFromText, textOf, toQuery } from "../../lib/sql-fragments";
import { unitNameOf } from "../units";
import { userNameOf } from "../users";
import { caseCategories, caseCounters, caseEscalations, caseEvents, cases } from "./cases.table";

// Cases, their events and escalations: the only code that touches these tables (ADR 0008).

const mergedInto = alias(cases, "merged_into");

/** A case as every reader gets it: its columns plus the labels of what it points at. */
export const caseColumns = {
  c: cases,
  categoryCode: caseCategories.code,
  categoryName: caseCategories.name,
  categoryNameEn: caseCategories.nameEn,
  categoryParentId: caseCategories.parentId,
  gridName: gridNameOf(cases.tenantId, cases.gridId),
  gridPath: gridPathOf(cases.tenantId, cases.gridId),
  assigneeUserName: userNameOf(cases.tenantId, cases.assigneeUserId),
  assigneeUnitName: unitNameOf(cases.tenantId, cases.assigneeUnitId),
  reporterUserName: userNameOf(cases.tenantId, cases.reporterUserId),
  mergedIntoNumber: mergedInto.number,
};

// The one case join: a case with its category and the case it was merged into.
const categoryOfCase = and(eq(caseCategories.tenantId, cases.tenantId), eq(caseCategories.id, cases.categoryId));
const mergedIntoOfCase = and(eq(mergedInto.tenantId, cases.tenantId), eq(mergedInto.id, cases.mergedIntoId));

const selectCases = (db: Db) => db.select(caseColumns).from(cases).innerJoin(caseCategories, categoryOfCase).leftJoin(mergedInto, mergedIntoOfCase);

export type CaseRow = Awaited<ReturnType<typeof selectCases>>[number];
export type CaseColumns = typeof cases.$inferSelect;
export type CaseEventRow = typeof caseEvents.$inferSelect;
export type NewCase = typeof cases.$inferInsert;
export type NewCaseEvent = Omit<typeof caseEvents.$inferInsert, "tenantId">;

/**
 * Who may see which case (the rule of `canSee`): the cases.read scope on the case's grid, plus —
 * whatever the grid — the cases the caller reported (residents, and staff who reported outside
 * their scope) and the cases assigned to them.
 */
export function caseVisibility(scope: DataScope, userId: string): SQL | undefined {
  const byGrid = scopeCondition(scope, { tenantColumn: cases.tenantId, gridColumn: cases.gridId, ownerColumn: cases.reporterUserId });
  if (!byGrid) return undefined;
  return or(byGrid, eq(cases.assigneeUserId, userId), eq(cases.reporterUserId, userId));
}

/** SQL for the SLA colour filter at `now` (the same rule as the domain's `slaStatus`). */
export function slaCondition(sla: string, now: Date): SQL {
  const running = inArray(cases.state, [...RUNNING_STATES]);
  const at = now.toISOString();
  switch (sla) {
    case "overdue":
      return and(running, sql`${cases.handleDueAt} <= ${at}::timestamptz`)!;
    case "warning":
      return and(running, sql`${cases.warnAt} <= ${at}::timestamptz`, sql`${cases.handleDueAt} > ${at}::timestamptz`)!;
    case "normal":
      return and(running, sql`(${cases.warnAt} is null or ${cases.warnAt} > ${at}::timestamptz)`, sql`${cases.handleDueAt} > ${at}::timestamptz`)!;
    default:
      return sql`not (${running} and ${cases.handleDueAt} is not null)`;
  }
}

export interface CaseFilter extends Partial<Omit<TFindCasesQuery, "limit" | "cursor" | "sort">> {
  gridPath?: string;
  userId: string;
  now: Date;
  sort?: TFindCasesQuery["sort"];
  after?: { at: string; id: string };
  limit?: number;
  /** Extra condition (evaluation drill-down). */
  extra?: SQL;
}

/**
 * The conditions of a case list's filters (GET /cases), beside visibility: the list and the
 * inbox's counts both use them, so a count is the length of the list with the same filters.
 */
function filterConditions(f: Omit<CaseFilter, "after" | "limit" | "sort">): (SQL | undefined)[] {
  const q = f.q ? "%" + escapeLike(f.q) + "%" : null;
  return [
    q ? sql`(${cases.number} ilike ${q} or ${cases.description} ilike ${q} or ${cases.address} ilike ${q})` : undefined,
    f.state?.length ? inArray(cases.state, f.state) : undefined,
    f.open ? inArray(cases.state, [...OPEN_CASE_STATES]) : undefined,
    f.sla?.length ? or(...f.sla.map((s) => slaCondition(s, f.now))) : undefined,
    f.channel?.length ? inArray(cases.channel, f.channel) : undefined,
    f.categoryId ? or(eq(cases.categoryId, f.categoryId), eq(caseCategories.parentId, f.categoryId)) : undefined,
    f.gridPath ? inGridSubtree(cases.tenantId, cases.gridId, f.gridPath) : undefined,
    f.assigneeUserId ? eq(cases.assigneeUserId, f.assigneeUserId) : undefined,
    f.unitId ? eq(cases.assigneeUnitId, f.unitId) : undefined,
    f.mine ? eq(cases.assigneeUserId, f.userId) : undefined,
    f.reportedByMe ? eq(cases.reporterUserId, f.userId) : undefined,
    f.extensionPending === undefined ? undefined : f.extensionPending ? sql`${cases.extensionDueAt} is not null` : sql`${cases.extensionDueAt} is null`,
    f.reopened === undefined ? undefined : f.reopened ? sql`${cases.reopenCount} > 0` : sql`${cases.reopenCount} = 0`,
    f.from ? gte(cases.reportedAt, new Date(`${f.from}T00:00:00+08:00`)) : undefined,
    f.to ? lt(cases.reportedAt, new Date(new Date(`${f.to}T00:00:00+08:00`).getTime() + 86_400_000)) : undefined,
    f.extra,
  ];
}

// The list's statement as fixed text, written once from the same Drizzle tables and fragments as
// `selectCases` over the one case join: only what a list row shows (presentCaseSummary, the map's
// points), aliased so a row maps back by position — a page of the queue reads 31 of the case's
// 58 columns and none of its JSON, which halves the statement's cost and the rows' parsing.
const LIST_CASE_COLUMNS = {
  id: cases.id,
  number: cases.number,
  state: cases.state,
  channel: cases.channel,
  priority: cases.priority,
  categoryId: cases.categoryId,
  description: cases.description,
  address: cases.address,
  lng: cases.lng,
  lat: cases.lat,
  gridId: cases.gridId,
  assigneeUserId: cases.assigneeUserId,
  assigneeUnitId: cases.assigneeUnitId,
  reportedAt: cases.reportedAt,
  dispatchedAt: cases.dispatchedAt,
  warnAt: cases.warnAt,
  handleDueAt: cases.handleDueAt,
  closedAt: cases.closedAt,
  escalation: cases.escalation,
  reworkCount: cases.reworkCount,
  returnCount: cases.returnCount,
  extensionCount: cases.extensionCount,
  reopenCount: cases.reopenCount,
  satisfaction: cases.satisfaction,
  selfResolved: cases.selfResolved,
  photoCount: cases.photoCount,
  mergedIntoId: cases.mergedIntoId,
  anonymous: cases.anonymous,
  isDemo: cases.isDemo,
  version: cases.version,
  updatedAt: cases.updatedAt,
};
const LIST_LABELS = {
  categoryCode: caseCategories.code,
  categoryName: caseCategories.name,
  categoryNameEn: caseCategories.nameEn,
  gridName: caseColumns.gridName,
  assigneeUserName: caseColumns.assigneeUserName,
  assigneeUnitName: caseColumns.assigneeUnitName,
  mergedIntoNumber: mergedInto.number,
} satisfies Partial<Record<keyof typeof caseColumns, unknown>>;

/** A case as a list shows it (the queue, the map, the evaluation's drill-down, the Excel export): a CaseRow narrowed to what they read. */
export type CaseListRow = { c: Pick<CaseColumns, keyof typeof LIST_CASE_COLUMNS> } & Pick<CaseRow, keyof typeof LIST_LABELS>;

const LIST_COLUMNS = Object.entries(LIST_CASE_COLUMNS).map(([key, column], i) => ({ key, alias: `c${i}`, column: column as Column, text: textOf(sql`${column}`) }));
// Every label is text (codes, names, a number): no column mapping needed on either path.
const LIST_LABEL_COLUMNS = Object.entries(LIST_LABELS).map(([key, value], i) => ({ key, alias: `l${i}`, text: textOf(is(value, Column) ? sql`${value}` : value) }));
const SELECT_LIST_TEXT =
  `select ${[...LIST_COLUMNS, ...LIST_LABEL_COLUMNS].map((l) => `${l.text} as ${l.alias}`).join(", ")}` +
  ` from "cases" inner join "case_categories" on ${textOf(categoryOfCase!)} left join "cases" "merged_into" on ${textOf(mergedIntoOfCase!)}`;
const ORDER_TEXT = {
  reported: ` order by ${textOf(sql`${cases.reportedAt}`)} desc, ${textOf(sql`${cases.id}`)} asc`,
  due: ` order by coalesce(${textOf(sql`${cases.handleDueAt}`)}, 'infinity'::timestamptz) asc, ${textOf(sql`${cases.id}`)} asc`,
};

/**
 * One row of the list's statement as a CaseListRow. Queried directly, node-postgres and PGlite
 * already give every one of its columns its JavaScript type (a timestamptz as a Date); through
 * Drizzle (a transaction's path) timestamps arrive as text, which `mapped` has the columns map.
 */
function toCaseListRow(r: Record<string, unknown>, mapped: boolean): CaseListRow {
  const c: Record<string, unknown> = {};
  for (const l of LIST_COLUMNS) {
    const value = r[l.alias] ?? null;
    c[l.key] = mapped && value !== null ? l.column.mapFromDriverValue(value) : value;
  }
  const row: Record<string, unknown> = { c };
  for (const l of LIST_LABEL_COLUMNS) row[l.key] = r[l.alias] ?? null;
  return row as unknown as CaseListRow;
}

/**
 * Cases visible to the caller, newest first (or most urgent first). The queue is a hot read: it
 * runs as a named prepared statement (parsed and planned once per PostgreSQL connection) whose
 * text depends only on which filters are set and how many values each carries — the values are
 * parameters. Inside a transaction it runs the same text as a plain query.
 */
export async function findCases(db: Db, tenantId: string, scope: DataScope, f: CaseFilter): Promise<CaseListRow[]> {
  const byDue = f.sort === "due_asc";
  const dueKey = sql`coalesce(${cases.handleDueAt}, 'infinity'::timestamptz)`;
  const conditions: (SQL | undefined)[] = [
    eq(cases.tenantId, tenantId),
    caseVisibility(scope, f.userId),
    ...filterConditions(f),
    f.after
      ? byDue
        ? or(gt(dueKey, sql`${f.after.at}::timestamptz`), and(eq(dueKey, sql`${f.after.at}::timestamptz`), gt(cases.id, f.after.id)))
        : or(lt(cases.reportedAt, new Date(f.after.at)), and(eq(cases.reportedAt, new Date(f.after.at)), gt(cases.id, f.after.id)))
      : undefined,
  ];
  const { sql: whereText, params } = toQuery(and(...conditions)!);
  let text = `${SELECT_LIST_TEXT} where ${whereText}${byDue ? ORDER_TEXT.due : ORDER_TEXT.reported}`;
  // The limit is written into the text, not sent as a parameter: with it known, the plan PostgreSQL
  // caches for the statement (a generic plan, after five runs) costs what a fresh plan would, so it
  // is kept and reused, while a parameter makes it plan every execution anew (~0.5 ms of its CPU).
  if (f.limit) text += ` limit ${pageLimit(f.limit)}`;
  const prepared = preparedOn(db);
  if (prepared) return (await prepared(`cases_page_${createHash("sha1").update(text).digest("hex").slice(0, 16)}`, text, params)).map((r) => toCaseListRow(r, false));
  const result = (await db.execute(sqlFromText(text, params))) as unknown as { rows: Record<string, unknown>[] };
  return result.rows.map((r) => toCaseListRow(r, true));
}

/** A page size plus one (to detect the next page), checked to be a whole number: it becomes statement text. */
function pageLimit(limit: number): number {
  if (!Number.isSafeInteger(limit) || limit < 0) throw new Error(`a page limit must be a whole number, not ${limit}`);
  return limit + 1;
}


/** Locks one case row for the rest of the transaction (a step, an escalation). */
export async function lockCase(tx: Db, tenantId: string, id: string): Promise<void> {
  await tx.select({ id: cases.id }).from(cases).where(and(eq(cases.tenantId, tenantId), eq(cases.id, id))).for("update");
}

export async function findCaseById(db: Db, tenantId: string, id: string, forUpdate = false): Promise<CaseRow | undefined> {
  if (forUpdate) await lockCase(db, tenantId, id);
  const [row] = await selectCases(db).where(and(eq(cases.tenantId, tenantId), eq(cases.id, id)));
  return row;
}

export async function findCaseByNumber(db: Db, tenantId: string, number: string): Promise<CaseRow | undefined> {
  const [row] = await selectCases(db).where(and(eq(cases.tenantId, tenantId), eq(cases.number, number)));
  return row;
}

/** A case's timeline, oldest first. */
export async function findEvents(db: Db, tenantId: string, caseId: string): Promise<CaseEventRow[]> {
  return db.select().from(caseEvents).where(and(eq(caseEvents.tenantId, tenantId), eq(caseEvents.caseId, caseId))).orderBy(asc(caseEvents.at), asc(caseEvents.seq));
}

/** The cases merged into this one. */
export async function findDuplicates(db: Db, tenantId: string, id: string) {
  return db.select({ id: cases.id, number: cases.number }).from(cases).where(and(eq(cases.tenantId, tenantId), eq(cases.mergedIntoId, id))).orderBy(asc(cases.number));
}

/** Next number of the year, e.g. 123 → XH-2021-000123 (the counter row serialises concurrent intakes). */
export async function nextCaseNumber(tx: Db, tenantId: string, prefix: string, year: number): Promise<string> {
  const [row] = await tx
    .insert(caseCounters)
    .values({ tenantId, year, last: 1 })
    .onConflictDoUpdate({ target: [caseCounters.tenantId, caseCounters.year], set: { last: sql`${caseCounters.last} + 1` } })
    .returning({ last: caseCounters.last });
  return `${prefix}-${year}-${String(row!.last).padStart(6, "0")}`;
}

/** Inserts a case and returns its row. */
export async function insertCase(tx: Db, values: NewCase): Promise<CaseColumns> {
  const [row] = await tx.insert(cases).values(values).returning();
  return row!;
}

/** Appends one step to a case's timeline. */
export async function insertEvent(tx: Db, tenantId: string, event: NewCaseEvent): Promise<void> {
  await tx.insert(caseEvents).values({ tenantId, ...event });
}

/** Writes a step's columns and bumps the version; returns the new row. */
export async function updateCase(tx: Db, tenantId: string, id: string, set: Partial<NewCase>): Promise<CaseColumns> {
  const [row] = await tx
    .update(cases)
    .set({ ...set, version: sql`${cases.version} + 1` })
    .where(and(eq(cases.tenantId, tenantId), eq(cases.id, id)))
    .returning();
  return row!;
}

/** Adds attached photos to a case's photo count. */
export async function addPhotoCount(tx: Db, tenantId: string, id: string, n: number): Promise<void> {
  await tx.update(cases).set({ photoCount: sql`${cases.photoCount} + ${n}` }).where(and(eq(cases.tenantId, tenantId), eq(cases.id, id)));
}

/** Accounts that reported the case or a duplicate merged into it: they all follow its updates. */
export async function reportersOf(tx: Db, tenantId: string, caseId: string): Promise<string[]> {
  const rows = await tx
    .select({ userId: cases.reporterUserId })
    .from(cases)
    .where(and(eq(cases.tenantId, tenantId), or(eq(cases.id, caseId), eq(cases.mergedIntoId, caseId)), sql`${cases.reporterUserId} is not null`));
  return rows.map((r) => r.userId!);
}

/** The account that last dispatched the case (who decides on its return and extension requests). */
export async function lastDispatcherOf(tx: Db, tenantId: string, caseId: string): Promise<string | null> {
  const [row] = await tx
    .select({ actorId: caseEvents.actorId })
    .from(caseEvents)
    .where(and(eq(caseEvents.tenantId, tenantId), eq(caseEvents.caseId, caseId), eq(caseEvents.action, "dispatch")))
    .orderBy(desc(caseEvents.at))
    .limit(1);
  return row?.actorId ?? null;
}

// ---------------------------------------------------------------------------------------------
// Escalations

/** The stages already fired in a clock round (call it under the case's row lock). */
export async function firedStages(tx: Db, tenantId: string, caseId: string, round: number): Promise<Set<EscalationStage>> {
  const rows = await tx
    .select({ stage: caseEscalations.stage })
    .from(caseEscalations)
    .where(and(eq(caseEscalations.tenantId, tenantId), eq(caseEscalations.caseId, caseId), eq(caseEscalations.round, round)));
  return new Set(rows.map((r) => r.stage as EscalationStage));
}

/** Ids of running cases whose next escalation is due at `now`, earliest first. */
export async function findDueEscalations(db: Db, tenantId: string, now: Date, limit: number): Promise<string[]> {
  const rows = await db
    .select({ id: cases.id })
    .from(cases)
    .where(and(eq(cases.tenantId, tenantId), lte(cases.nextEscalationAt, now), inArray(cases.state, [...RUNNING_STATES])))
    .orderBy(asc(cases.nextEscalationAt))
    .limit(limit);
  return rows.map((r) => r.id);
}

/** Records a fired stage; false when it had already fired (another process, or a replay). */
export async function insertEscalation(tx: Db, tenantId: string, e: { caseId: string; round: number; stage: EscalationStage; dueAt: Date; firedAt: Date; targetGridId: string | null }): Promise<boolean> {
  const inserted = await tx
    .insert(caseEscalations)
    .values({ tenantId, ...e })
    .onConflictDoNothing()
    .returning({ stage: caseEscalations.stage });
  return inserted.length > 0;
}

/** Sets the clock columns the escalation owns (never the version: the clock never makes a person's step fail). */
export async function setEscalation(tx: Db, tenantId: string, id: string, set: { escalation?: EscalationStage | null; nextEscalationAt: Date | null }): Promise<void> {
  await tx.update(cases).set(set).where(and(eq(cases.tenantId, tenantId), eq(cases.id, id)));
}

/** How many escalation stages fired per stage for one case (tests and the bench). */
export async function escalationCounts(db: Db, tenantId: string, caseId: string): Promise<Record<string, number>> {
  const rows = await db
    .select({ stage: caseEscalations.stage, n: sql<number>`count(*)::int` })
    .from(caseEscalations)
    .where(and(eq(caseEscalations.tenantId, tenantId), eq(caseEscalations.caseId, caseId)))
    .groupBy(caseEscalations.stage);
  return Object.fromEntries(rows.map((r) => [r.stage, r.n]));
}

// ---------------------------------------------------------------------------------------------
// Views: inbox, nearby open cases, hotline order numbers

/**
 * The inbox counts of a caller at `now` (`canDispatch`: the counts a dispatcher sees too): each
 * bucket of INBOX_BUCKETS counted with the very conditions the case list applies to the bucket's
 * filters (`filterConditions`), in one pass over the cases the caller may see.
 */
export async function inboxCounts(db: Db, tenantId: string, scope: DataScope, userId: string, now: Date, canDispatch: boolean): Promise<Record<TInboxBucketKey, number>> {
  const columns = Object.fromEntries(
    INBOX_BUCKET_KEYS.map((key) => {
      const bucket: InboxBucket = INBOX_BUCKETS[key];
      if (bucket.needsDispatch && !canDispatch) return [key, sql<number>`0`];
      const q = inboxBucketQuery(key, canDispatch);
      const f = {
        userId,
        now,
        state: bucket.state ? [...bucket.state] : undefined,
        open: bucket.open,
        sla: bucket.sla ? [...bucket.sla] : undefined,
        mine: q.mine === "true",
        reportedByMe: bucket.reportedByMe,
        extensionPending: bucket.extensionPending,
        reopened: bucket.reopened,
      };
      return [key, sql<number>`(count(*) filter (where ${and(sql`true`, ...filterConditions(f))}))::int`];
    }),
  ) as Record<TInboxBucketKey, SQL<number>>;
  const [row] = await db
    .select(columns)
    .from(cases)
    .innerJoin(caseCategories, categoryOfCase)
    .where(and(eq(cases.tenantId, tenantId), caseVisibility(scope, userId)));
  return row!;
}

/** Open, unmerged cases of a category inside a WGS84 box, visible to the caller (duplicate candidates). */
export async function findOpenCasesNear(
  db: Db,
  tenantId: string,
  scope: DataScope,
  userId: string,
  q: { categoryId: string; minLng: number; maxLng: number; minLat: number; maxLat: number; excludeId?: string },
) {
  return db
    .select({ id: cases.id, number: cases.number, state: cases.state, description: cases.description, lng: cases.lng, lat: cases.lat, reportedAt: cases.reportedAt })
    .from(cases)
    .where(
      and(
        eq(cases.tenantId, tenantId),
        caseVisibility(scope, userId),
        eq(cases.categoryId, q.categoryId),
        inArray(cases.state, [...OPEN_CASE_STATES]),
        isNull(cases.mergedIntoId),
        sql`${cases.lng} between ${q.minLng} and ${q.maxLng}`,
        sql`${cases.lat} between ${q.minLat} and ${q.maxLat}`,
        q.excludeId ? sql`${cases.id} <> ${q.excludeId}::uuid` : undefined,
      ),
    )
    .orderBy(desc(cases.reportedAt))
    .limit(50);
}

/** Which of these 12345 order numbers are on record already. */
export async function findHotlineOrderNos(db: Db, tenantId: string, orderNos: string[]): Promise<Set<string>> {
  if (orderNos.length === 0) return new Set();
  const rows = await db.select({ no: cases.hotlineOrderNo }).from(cases).where(and(eq(cases.tenantId, tenantId), inArray(cases.hotlineOrderNo, orderNos)));
  return new Set(rows.map((r) => r.no!));
}

/** True when `number` is the case a photo belongs to and `trackingHash` is its code's hash. */
export async function isTrackedCase(db: Db, tenantId: string, caseId: string, number: string, trackingHash: string): Promise<boolean> {
  const [row] = await db
    .select({ id: cases.id })
    .from(cases)
    .where(and(eq(cases.tenantId, tenantId), eq(cases.id, caseId), eq(cases.number, number), eq(cases.trackingHash, trackingHash)));
  return !!row;
}
