import { OPEN_CASE_STATES, type TFindCasesQuery } from "@caihong/contracts";
import type { DataScope } from "@caihong/domain";
import { and, asc, desc, eq, gt, gte, inArray, lt, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client";
import { escapeLike, scopeCondition } from "../../lib/scope-sql";
import { grids } from "../grids/grids.table";
import { units } from "../units/units.table";
import { users } from "../users/users.table";
import { caseCategories, caseEvents, casePhotos, cases } from "./cases.table";

const mergedInto = alias(cases, "merged_into");
const assigneeUser = alias(users, "assignee_user");
const reporterUser = alias(users, "reporter_user");

export const caseColumns = {
  c: cases,
  categoryCode: caseCategories.code,
  categoryName: caseCategories.name,
  categoryNameEn: caseCategories.nameEn,
  gridName: grids.name,
  gridPath: grids.path,
  assigneeUserName: assigneeUser.displayName,
  assigneeUnitName: units.name,
  reporterUserName: reporterUser.displayName,
  mergedIntoNumber: mergedInto.number,
};

function selectCases(db: Db) {
  return db
    .select(caseColumns)
    .from(cases)
    .innerJoin(caseCategories, and(eq(caseCategories.tenantId, cases.tenantId), eq(caseCategories.id, cases.categoryId)))
    .leftJoin(grids, and(eq(grids.tenantId, cases.tenantId), eq(grids.id, cases.gridId)))
    .leftJoin(assigneeUser, and(eq(assigneeUser.tenantId, cases.tenantId), eq(assigneeUser.id, cases.assigneeUserId)))
    .leftJoin(reporterUser, and(eq(reporterUser.tenantId, cases.tenantId), eq(reporterUser.id, cases.reporterUserId)))
    .leftJoin(units, and(eq(units.tenantId, cases.tenantId), eq(units.id, cases.assigneeUnitId)))
    .leftJoin(mergedInto, and(eq(mergedInto.tenantId, cases.tenantId), eq(mergedInto.id, cases.mergedIntoId)));
}

export type CaseRow = Awaited<ReturnType<typeof selectCases>>[number];

/** States in which the handling clock runs. */
export const RUNNING_STATES = ["dispatched", "acknowledged", "in_progress", "return_requested"] as const;

/**
 * Who may see which case: the cases.read scope on the case's grid, plus — whatever the grid —
 * the cases the caller reported (`own` scope: residents) and the cases assigned to them.
 */
export function caseVisibility(scope: DataScope, userId: string): SQL | undefined {
  const byGrid = scopeCondition(scope, { tenantColumn: cases.tenantId, gridColumn: cases.gridId, ownerColumn: cases.reporterUserId });
  if (!byGrid) return undefined;
  return or(byGrid, eq(cases.assigneeUserId, userId));
}

/** SQL for the SLA colour filter at `now`. */
export function slaCondition(sla: string, now: Date): SQL {
  const running = inArray(cases.state, [...RUNNING_STATES]);
  switch (sla) {
    case "overdue":
      return and(running, sql`${cases.handleDueAt} <= ${now.toISOString()}::timestamptz`)!;
    case "warning":
      return and(running, sql`${cases.warnAt} <= ${now.toISOString()}::timestamptz`, sql`${cases.handleDueAt} > ${now.toISOString()}::timestamptz`)!;
    case "normal":
      return and(running, sql`(${cases.warnAt} is null or ${cases.warnAt} > ${now.toISOString()}::timestamptz)`, sql`${cases.handleDueAt} > ${now.toISOString()}::timestamptz`)!;
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

/** Cases visible to the caller, newest first (or most urgent first). */
export async function findCases(db: Db, tenantId: string, scope: DataScope, f: CaseFilter): Promise<CaseRow[]> {
  const q = f.q ? "%" + escapeLike(f.q) + "%" : null;
  const byDue = f.sort === "due_asc";
  const conditions: (SQL | undefined)[] = [
    eq(cases.tenantId, tenantId),
    caseVisibility(scope, f.userId),
    q ? sql`(${cases.number} ilike ${q} or ${cases.description} ilike ${q} or ${cases.address} ilike ${q})` : undefined,
    f.state?.length ? inArray(cases.state, f.state) : undefined,
    f.open ? inArray(cases.state, [...OPEN_CASE_STATES]) : undefined,
    f.sla?.length ? or(...f.sla.map((s) => slaCondition(s, f.now))) : undefined,
    f.channel?.length ? inArray(cases.channel, f.channel) : undefined,
    f.categoryId ? or(eq(cases.categoryId, f.categoryId), eq(caseCategories.parentId, f.categoryId)) : undefined,
    f.gridPath ? sql`${grids.path} like ${escapeLike(f.gridPath) + "%"}` : undefined,
    f.assigneeUserId ? eq(cases.assigneeUserId, f.assigneeUserId) : undefined,
    f.unitId ? eq(cases.assigneeUnitId, f.unitId) : undefined,
    f.mine ? eq(cases.assigneeUserId, f.userId) : undefined,
    f.reportedByMe ? eq(cases.reporterUserId, f.userId) : undefined,
    f.extensionPending === undefined ? undefined : f.extensionPending ? sql`${cases.extensionDueAt} is not null` : sql`${cases.extensionDueAt} is null`,
    f.reopened === undefined ? undefined : f.reopened ? sql`${cases.reopenCount} > 0` : sql`${cases.reopenCount} = 0`,
    f.from ? gte(cases.reportedAt, new Date(`${f.from}T00:00:00+08:00`)) : undefined,
    f.to ? lt(cases.reportedAt, new Date(new Date(`${f.to}T00:00:00+08:00`).getTime() + 86_400_000)) : undefined,
    f.extra,
    f.after
      ? byDue
        ? or(gt(sql`coalesce(${cases.handleDueAt}, 'infinity'::timestamptz)`, sql`${f.after.at}::timestamptz`), and(eq(sql`coalesce(${cases.handleDueAt}, 'infinity'::timestamptz)`, sql`${f.after.at}::timestamptz`), gt(cases.id, f.after.id)))
        : or(lt(cases.reportedAt, new Date(f.after.at)), and(eq(cases.reportedAt, new Date(f.after.at)), gt(cases.id, f.after.id)))
      : undefined,
  ];
  const order = byDue ? [asc(sql`coalesce(${cases.handleDueAt}, 'infinity'::timestamptz)`), asc(cases.id)] : [desc(cases.reportedAt), asc(cases.id)];
  const query = selectCases(db)
    .where(and(...conditions))
    .orderBy(...order);
  return f.limit ? query.limit(f.limit + 1) : query;
}

export async function findCaseById(db: Db, tenantId: string, id: string, forUpdate = false): Promise<CaseRow | undefined> {
  if (forUpdate) await db.select({ id: cases.id }).from(cases).where(and(eq(cases.tenantId, tenantId), eq(cases.id, id))).for("update");
  const [row] = await selectCases(db).where(and(eq(cases.tenantId, tenantId), eq(cases.id, id)));
  return row;
}

export async function findCaseByNumber(db: Db, tenantId: string, number: string): Promise<CaseRow | undefined> {
  const [row] = await selectCases(db).where(and(eq(cases.tenantId, tenantId), eq(cases.number, number)));
  return row;
}

export async function findEvents(db: Db, tenantId: string, caseId: string) {
  return db.select().from(caseEvents).where(and(eq(caseEvents.tenantId, tenantId), eq(caseEvents.caseId, caseId))).orderBy(asc(caseEvents.at), asc(caseEvents.seq));
}

export async function findPhotos(db: Db, tenantId: string, caseId: string) {
  return db.select().from(casePhotos).where(and(eq(casePhotos.tenantId, tenantId), eq(casePhotos.caseId, caseId))).orderBy(asc(casePhotos.createdAt), asc(casePhotos.id));
}

export async function findDuplicates(db: Db, tenantId: string, id: string) {
  return db.select({ id: cases.id, number: cases.number }).from(cases).where(and(eq(cases.tenantId, tenantId), eq(cases.mergedIntoId, id))).orderBy(asc(cases.number));
}

/** Next number of the year, e.g. 123 → XH-2021-000123 (the counter row serialises concurrent intakes). */
export async function nextCaseNumber(tx: Db, tenantId: string, prefix: string, year: number): Promise<string> {
  const result = await tx.execute(sql`
    insert into case_counters (tenant_id, year, last) values (${tenantId}, ${year}, 1)
    on conflict (tenant_id, year) do update set last = case_counters.last + 1
    returning last`);
  const last = Number((result as unknown as { rows: { last: number }[] }).rows[0]!.last);
  return `${prefix}-${year}-${String(last).padStart(6, "0")}`;
}
