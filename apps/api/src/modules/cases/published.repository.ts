import { and, asc, desc, eq, type AnyColumn, gte, inArray, isNotNull, lte, ne, notInArray, or, sql, type SQL } from "drizzle-orm";
import { alias } from "drizzle-orm/pg-core";
import type { Db } from "../../db/client";
import { gridNameOf } from "../../lib/scope-sql";
import { qualified } from "../../lib/sql-fragments";
import { unitNameOf } from "../units";
import { userNameOf } from "../users";
import { caseCategories, caseEvents, cases } from "./cases.table";

// What the public may read of cases (Open311, ADR 0010): the queries that decide which cases and
// which steps are published. The rules that shape the text (redaction, coarse points, public
// notes) are in use-cases/read-published.ts; no other code publishes a case.

/**
 * Channels whose cases are published. 12345 hotline orders and staff entries are complaints made
 * by phone to the government, often naming people and homes: they stay internal, as do voided
 * reports, whose text failed the filing standard. Reports made to be public (the app, patrol,
 * Open311) are published once filed.
 */
export const PUBLIC_CHANNELS = ["resident_app", "patrol", "open311"] as const;

const mergedInto = alias(cases, "published_merged_into");
const mergedIntoCategory = alias(caseCategories, "published_merged_into_category");

const categoryOfCase = and(eq(caseCategories.tenantId, cases.tenantId), eq(caseCategories.id, cases.categoryId));

/**
 * A case is published when it came through a public channel, was filed (立案: a dispatcher judged
 * it a real problem, or a grid worker resolved it on the spot), and its category is not private.
 * Before filing a report is only the reporter's words; a voided one never is filed.
 */
function publishedCondition(c: { channel: AnyColumn; filedAt: AnyColumn; state: AnyColumn }, category: { isPrivate: AnyColumn }): SQL {
  return and(inArray(c.channel, [...PUBLIC_CHANNELS]), isNotNull(c.filedAt), ne(c.state, "voided"), eq(category.isPrivate, false))!;
}

/**
 * What a published case is built from. The reporter's name (encrypted) and account name are read
 * only so that their occurrences in the text can be masked; no presenter receives them.
 */
const publishedColumns = {
  id: cases.id,
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
  gridName: gridNameOf(cases.tenantId, cases.gridId),
  unitName: unitNameOf(cases.tenantId, cases.assigneeUnitId),
  /** The case this one was merged into, when that case is published itself. */
  mergedIntoId: sql<string | null>`case when ${publishedCondition(mergedInto, mergedIntoCategory)} then ${mergedInto.id} end`,
  reporterNameEnc: cases.reporterNameEnc,
  reporterUserName: userNameOf(cases.tenantId, cases.reporterUserId),
};

const selectPublished = (db: Db) =>
  db
    .select(publishedColumns)
    .from(cases)
    .innerJoin(caseCategories, categoryOfCase)
    .leftJoin(mergedInto, and(eq(mergedInto.tenantId, cases.tenantId), eq(mergedInto.id, cases.mergedIntoId)))
    .leftJoin(mergedIntoCategory, and(eq(mergedIntoCategory.tenantId, mergedInto.tenantId), eq(mergedIntoCategory.id, mergedInto.categoryId)));

export type PublishedCaseRow = Awaited<ReturnType<typeof selectPublished>>[number];

/** Filters of a published-case search, already checked and resolved. */
export interface PublishedFilter {
  /** Public request ids: when given, every other filter is ignored (Open311's rule). */
  ids?: string[];
  serviceCodes?: string[];
  states?: readonly string[];
  from?: Date;
  to?: Date;
  offset: number;
  limit: number;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** Published cases newest first, or the ones asked for by id (ids that are not UUIDs match nothing). */
export async function findPublishedCases(db: Db, tenantId: string, f: PublishedFilter): Promise<PublishedCaseRow[]> {
  const conditions: (SQL | undefined)[] = [eq(cases.tenantId, tenantId), publishedCondition(cases, caseCategories)];
  if (f.ids) {
    const ids = f.ids.filter((id) => UUID.test(id));
    if (ids.length === 0) return [];
    conditions.push(inArray(cases.id, ids));
  } else {
    conditions.push(
      f.serviceCodes ? inArray(caseCategories.code, f.serviceCodes) : undefined,
      f.states ? inArray(cases.state, [...f.states]) : undefined,
      f.from ? gte(cases.reportedAt, f.from) : undefined,
      f.to ? lte(cases.reportedAt, f.to) : undefined,
    );
  }
  return selectPublished(db)
    .where(and(...conditions))
    // Same instant: the later number first (numbers only order here; they are never published).
    .orderBy(desc(cases.reportedAt), desc(cases.number))
    .limit(f.limit)
    .offset(f.offset);
}

/** One published case by its public id (the case's UUID), or undefined: unknown and unpublished look the same. */
export async function findPublishedCase(db: Db, tenantId: string, id: string): Promise<PublishedCaseRow | undefined> {
  if (!UUID.test(id)) return undefined;
  const [row] = await selectPublished(db).where(and(eq(cases.tenantId, tenantId), eq(cases.id, id), publishedCondition(cases, caseCategories)));
  return row;
}

/** Steps the public never sees, not even as a bare label: internal remarks and supervision. */
export const HIDDEN_ACTIONS = ["comment", "supervise"] as const;

/** Whether a step's facts say its note is public. */
export const isPublicStep = (data: typeof caseEvents.data) => sql<boolean>`coalesce((${data}->>'public')::boolean, false)`;

const publicEventColumns = {
  id: caseEvents.id,
  caseId: caseEvents.caseId,
  action: caseEvents.action,
  toState: caseEvents.toState,
  at: caseEvents.at,
  note: caseEvents.note,
  reason: caseEvents.reason,
  /** Staff marked the step's note public (`data.public`, set from the step request's `isPublic`). */
  isPublic: isPublicStep(caseEvents.data),
};

export type PublicEventRow = Awaited<ReturnType<typeof findPublicEvents>>[number];

/** Steps of some cases in order, without who took them; hidden actions left out. */
export async function findPublicEvents(db: Db, tenantId: string, caseIds: string[]) {
  if (caseIds.length === 0) return [];
  return db
    .select(publicEventColumns)
    .from(caseEvents)
    .where(and(eq(caseEvents.tenantId, tenantId), inArray(caseEvents.caseId, caseIds), notInArray(caseEvents.action, [...HIDDEN_ACTIONS])))
    .orderBy(asc(caseEvents.at), asc(caseEvents.seq));
}

/** Filters of the updates feed (servicerequestupdates). */
export interface UpdatesFilter {
  from: Date;
  to: Date;
  /** An API key: the steps of the requests it submitted are included even when not published. */
  apiKeyId?: string;
  offset: number;
  limit: number;
}

const reportedByKey = (apiKeyId: string) =>
  sql`exists (select 1 from case_events r where r.tenant_id = ${qualified(cases.tenantId)} and r.case_id = ${qualified(cases.id)} and r.action = 'report' and r.data->>'apiKeyId' = ${apiKeyId})`;

/**
 * Steps taken between `from` and `to` (oldest first) on published cases, and on the key's own
 * submissions: what changed, for clients that follow requests (FixMyStreet polls every 15
 * minutes). The report itself is not an update; hidden actions never appear.
 */
export async function findPublicUpdates(db: Db, tenantId: string, f: UpdatesFilter) {
  const visible = f.apiKeyId ? or(publishedCondition(cases, caseCategories), and(eq(cases.channel, "open311"), reportedByKey(f.apiKeyId))) : publishedCondition(cases, caseCategories);
  return db
    .select({ ...publicEventColumns, published: sql<boolean>`${publishedCondition(cases, caseCategories)}`, reporterNameEnc: cases.reporterNameEnc, reporterUserName: userNameOf(cases.tenantId, cases.reporterUserId) })
    .from(caseEvents)
    .innerJoin(cases, and(eq(cases.tenantId, caseEvents.tenantId), eq(cases.id, caseEvents.caseId)))
    .innerJoin(caseCategories, categoryOfCase)
    .where(and(eq(caseEvents.tenantId, tenantId), gte(caseEvents.at, f.from), lte(caseEvents.at, f.to), notInArray(caseEvents.action, ["report", ...HIDDEN_ACTIONS]), visible))
    .orderBy(asc(caseEvents.at), asc(caseEvents.seq))
    .limit(f.limit)
    .offset(f.offset);
}

export type PublicUpdateRow = Awaited<ReturnType<typeof findPublicUpdates>>[number];

/**
 * A case a client may add a citizen update to: published, or submitted through Open311 by that
 * key. Returns its id and version, or undefined.
 */
export async function findUpdatableCase(db: Db, tenantId: string, id: string, apiKeyId: string): Promise<{ id: string; version: number; state: string } | undefined> {
  if (!UUID.test(id)) return undefined;
  const [row] = await db
    .select({ id: cases.id, version: cases.version, state: cases.state })
    .from(cases)
    .innerJoin(caseCategories, categoryOfCase)
    .where(and(eq(cases.tenantId, tenantId), eq(cases.id, id), or(publishedCondition(cases, caseCategories), and(eq(cases.channel, "open311"), reportedByKey(apiKeyId)))));
  return row;
}

/** The step an earlier POST of the same client update created (FixMyStreet retries), if any. */
export async function findClientUpdate(db: Db, tenantId: string, caseId: string, apiKeyId: string, clientUpdateId: string): Promise<string | undefined> {
  const [row] = await db
    .select({ id: caseEvents.id })
    .from(caseEvents)
    .where(
      and(eq(caseEvents.tenantId, tenantId), eq(caseEvents.caseId, caseId), sql`${caseEvents.data}->'open311'->>'apiKeyId' = ${apiKeyId}`, sql`${caseEvents.data}->'open311'->>'updateId' = ${clientUpdateId}`),
    );
  return row?.id;
}
