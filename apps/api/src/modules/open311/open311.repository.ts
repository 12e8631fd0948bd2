import { and, asc, desc, eq, gte, inArray, lte, ne, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client";
import { caseCategories, caseEvents, cases } from "../cases/cases.table";
import { grids } from "../grids/grids.table";
import { units } from "../units/units.table";

const mergedInto = alias(cases, "merged_into");

/**
 * What an Open311 request record is built from: public columns only. Reporter name, phone,
 * tracking hash and assignee person are never selected, so no presenter can leak them.
 */
const requestColumns = {
  id: cases.id,
  number: cases.number,
  state: cases.state,
  channel: cases.channel,
  description: cases.description,
  address: cases.address,
  lng: cases.lng,
  lat: cases.lat,
  reportedAt: cases.reportedAt,
  updatedAt: cases.updatedAt,
  closedAt: cases.closedAt,
  voidedAt: cases.voidedAt,
  handleDueAt: cases.handleDueAt,
  categoryCode: caseCategories.code,
  categoryName: caseCategories.name,
  categoryNameEn: caseCategories.nameEn,
  gridName: grids.name,
  unitName: units.name,
  mergedIntoNumber: mergedInto.number,
};

export type RequestRow = Awaited<ReturnType<typeof selectRequests>>[number];

function selectRequests(db: Db) {
  return db
    .select(requestColumns)
    .from(cases)
    .innerJoin(caseCategories, and(eq(caseCategories.tenantId, cases.tenantId), eq(caseCategories.id, cases.categoryId)))
    .leftJoin(grids, and(eq(grids.tenantId, cases.tenantId), eq(grids.id, cases.gridId)))
    .leftJoin(units, and(eq(units.tenantId, cases.tenantId), eq(units.id, cases.assigneeUnitId)))
    .leftJoin(mergedInto, and(eq(mergedInto.tenantId, cases.tenantId), eq(mergedInto.id, cases.mergedIntoId)));
}

/** Filters of GET requests, already checked and resolved. */
export interface RequestFilter {
  /** Case numbers: when given, every other filter is ignored (the spec's rule). */
  numbers?: string[];
  serviceCodes?: string[];
  states?: readonly string[];
  from?: Date;
  to?: Date;
  offset: number;
  limit: number;
}

/**
 * Channels whose cases are published. 12345 hotline orders and staff entries are complaints
 * made by phone to the government, often naming people and homes: they stay internal (the
 * reference notes ask to keep 12345 complainant data apart), as do voided reports, whose text
 * failed the filing standard. Reports made to be public (the app, patrol, Open311) are listed.
 */
export const PUBLIC_CHANNELS = ["resident_app", "patrol", "open311"] as const;

/** Published requests newest first (or the ones asked for by number). */
export async function findRequests(db: Db, tenantId: string, f: RequestFilter): Promise<RequestRow[]> {
  const conditions: (SQL | undefined)[] = [eq(cases.tenantId, tenantId), ne(cases.state, "voided"), inArray(cases.channel, [...PUBLIC_CHANNELS])];
  if (f.numbers) conditions.push(inArray(cases.number, f.numbers));
  else {
    conditions.push(
      f.serviceCodes ? inArray(caseCategories.code, f.serviceCodes) : undefined,
      f.states ? inArray(cases.state, [...f.states]) : undefined,
      f.from ? gte(cases.reportedAt, f.from) : undefined,
      f.to ? lte(cases.reportedAt, f.to) : undefined,
    );
  }
  return selectRequests(db)
    .where(and(...conditions))
    .orderBy(desc(cases.reportedAt), desc(cases.number))
    .limit(f.limit)
    .offset(f.offset);
}

export async function findRequestByNumber(db: Db, tenantId: string, number: string): Promise<RequestRow | undefined> {
  const [row] = await selectRequests(db).where(and(eq(cases.tenantId, tenantId), eq(cases.number, number), ne(cases.state, "voided"), inArray(cases.channel, [...PUBLIC_CHANNELS])));
  return row;
}

/** Steps of some cases in order, without who took them (Open311 notes name no one). */
export async function findPublicEvents(db: Db, tenantId: string, caseIds: string[]) {
  if (caseIds.length === 0) return [];
  return db
    .select({ caseId: caseEvents.caseId, action: caseEvents.action, toState: caseEvents.toState, at: caseEvents.at, note: caseEvents.note, reason: caseEvents.reason, data: caseEvents.data })
    .from(caseEvents)
    .where(and(eq(caseEvents.tenantId, tenantId), inArray(caseEvents.caseId, caseIds)))
    .orderBy(asc(caseEvents.at), asc(caseEvents.seq));
}

export type PublicEventRow = Awaited<ReturnType<typeof findPublicEvents>>[number];

/** When the category dictionary last changed (the discovery changeset). */
export async function lastCategoryChange(db: Db, tenantId: string): Promise<Date | null> {
  const [row] = await db
    .select({ at: sql<string | Date | null>`max(${caseCategories.updatedAt})` })
    .from(caseCategories)
    .where(eq(caseCategories.tenantId, tenantId));
  return row?.at ? new Date(row.at) : null;
}
