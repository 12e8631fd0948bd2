import type { DataScope } from "@caihong/domain";
import { and, asc, eq, gt, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { AppError } from "../../lib/errors";
import { escapeLike, gridCodeOf, gridNameOf, gridPathOf, inGridSubtree, scopeCondition } from "../../lib/scope-sql";
import { isCurrentUntil, qualified } from "../../lib/sql-fragments";
import { postGrantExists } from "../roles";
import { people, staffAssignments } from "./people.table";

// ── People ──────────────────────────────────────────────────────────────────────────────────────

const organisations = sql<string[]>`coalesce((
  select array_agg(distinct o.name order by o.name) from party_memberships m
    join party_orgs o on o.tenant_id = m.tenant_id and o.id = m.org_id
   where m.tenant_id = ${qualified(people.tenantId)} and m.person_id = ${qualified(people.id)} and (m.to_date is null or m.to_date > current_date)), '{}')`;
const posts = sql<{ post: string; gridName: string }[]>`coalesce((
  select json_agg(json_build_object('post', sa.post, 'gridName', ${gridNameOf(sql`sa.tenant_id`, sql`sa.grid_id`)}) order by ${gridCodeOf(sql`sa.tenant_id`, sql`sa.grid_id`)})
    from staff_assignments sa
   where sa.tenant_id = ${qualified(people.tenantId)} and sa.person_id = ${qualified(people.id)} and (sa.to_date is null or sa.to_date > current_date)), '[]')`;

const personColumns = {
  tenantId: people.tenantId,
  id: people.id,
  name: people.name,
  gender: people.gender,
  birthYear: people.birthYear,
  phoneEnc: people.phoneEnc,
  phoneHash: people.phoneHash,
  idNumberEnc: people.idNumberEnc,
  idNumberHash: people.idNumberHash,
  isPartyMember: people.isPartyMember,
  joinedPartyOn: people.joinedPartyOn,
  isFloatingMember: people.isFloatingMember,
  membershipElsewhere: people.membershipElsewhere,
  gridId: people.gridId,
  gridName: gridNameOf(people.tenantId, people.gridId),
  gridPath: gridPathOf(people.tenantId, people.gridId),
  userId: people.userId,
  note: people.note,
  isDemo: people.isDemo,
  version: people.version,
  createdAt: people.createdAt,
  updatedAt: people.updatedAt,
  organisations,
  posts,
};

const selectPeople = (db: Db) => db.select(personColumns).from(people);

/** A person with their home grid's name and path, current organisations and current posts. */
export type PersonRow = Awaited<ReturnType<typeof selectPeople>>[number];

export interface PeopleFilter {
  q?: string;
  phoneHash?: string;
  /** Path prefix of a grid subtree. */
  gridPath?: string;
  isPartyMember?: boolean;
  isFloatingMember?: boolean;
  post?: string;
  after?: { name: string; id: string };
  limit?: number;
}

/** People in scope (by home grid), ordered by name; one extra row for paging when `limit` is set. */
export async function findPeople(db: Db, tenantId: string, scope: DataScope, filter: PeopleFilter): Promise<PersonRow[]> {
  const conditions: (SQL | undefined)[] = [
    eq(people.tenantId, tenantId),
    scopeCondition(scope, { tenantColumn: people.tenantId, gridColumn: people.gridId }),
    filter.phoneHash ? eq(people.phoneHash, filter.phoneHash) : filter.q ? sql`${people.name} ilike ${"%" + escapeLike(filter.q) + "%"}` : undefined,
    filter.gridPath ? inGridSubtree(people.tenantId, people.gridId, filter.gridPath) : undefined,
    filter.isPartyMember === undefined ? undefined : eq(people.isPartyMember, filter.isPartyMember),
    filter.isFloatingMember === undefined ? undefined : eq(people.isFloatingMember, filter.isFloatingMember),
    filter.post
      ? sql`exists (select 1 from staff_assignments fa where fa.tenant_id = ${people.tenantId} and fa.person_id = ${people.id} and fa.post = ${filter.post} and (fa.to_date is null or fa.to_date > current_date))`
      : undefined,
    filter.after ? or(gt(people.name, filter.after.name), and(eq(people.name, filter.after.name), gt(people.id, filter.after.id))) : undefined,
  ];
  const query = selectPeople(db).where(and(...conditions)).orderBy(asc(people.name), asc(people.id));
  return filter.limit ? query.limit(filter.limit + 1) : query;
}

/** One person regardless of scope, optionally locked FOR UPDATE, or undefined. */
export async function findPersonById(db: Db, tenantId: string, id: string, forUpdate = false): Promise<PersonRow | undefined> {
  if (forUpdate) await db.select({ id: people.id }).from(people).where(and(eq(people.tenantId, tenantId), eq(people.id, id))).for("update");
  const [row] = await selectPeople(db).where(and(eq(people.tenantId, tenantId), eq(people.id, id)));
  return row;
}

/** One person regardless of scope (the use case checks it), optionally locked; NOT_FOUND when absent. */
export async function getPersonRow(db: Db, tenantId: string, id: string, forUpdate = false): Promise<PersonRow> {
  const row = await findPersonById(db, tenantId, id, forUpdate);
  if (!row) throw new AppError("NOT_FOUND");
  return row;
}

/** The columns of a person a create or edit writes. */
export type PersonColumns = Partial<Omit<typeof people.$inferInsert, "tenantId" | "id" | "createdAt" | "updatedAt" | "version">>;

/** Inserts a person and answers their id. */
export async function insertPerson(tx: Db, tenantId: string, values: PersonColumns & { name: string }, now: Date): Promise<string> {
  const [created] = await tx
    .insert(people)
    .values({ ...values, tenantId, createdAt: now, updatedAt: now })
    .returning({ id: people.id });
  return created!.id;
}

/** Writes an edit and bumps the version. */
export async function updatePersonColumns(tx: Db, tenantId: string, id: string, values: PersonColumns, now: Date): Promise<void> {
  await tx
    .update(people)
    .set({ ...values, updatedAt: now, version: sql`${people.version} + 1` })
    .where(and(eq(people.tenantId, tenantId), eq(people.id, id)));
}

/** The account linked to a person, if any. */
export async function findLinkedUserId(db: Db, tenantId: string, personId: string): Promise<string | null> {
  const [row] = await db.select({ userId: people.userId }).from(people).where(and(eq(people.tenantId, tenantId), eq(people.id, personId)));
  return row?.userId ?? null;
}

// ── Staff posts ─────────────────────────────────────────────────────────────────────────────────

// A post's grid is its foreign key: its code, name and path are always there.
const assignmentGridCode = gridCodeOf(staffAssignments.tenantId, staffAssignments.gridId) as SQL<string>;

const assignmentColumns = {
  id: staffAssignments.id,
  tenantId: staffAssignments.tenantId,
  gridId: staffAssignments.gridId,
  gridName: gridNameOf(staffAssignments.tenantId, staffAssignments.gridId) as SQL<string>,
  gridCode: assignmentGridCode,
  gridPath: gridPathOf(staffAssignments.tenantId, staffAssignments.gridId) as SQL<string>,
  personId: staffAssignments.personId,
  personName: people.name,
  personUserId: people.userId,
  post: staffAssignments.post,
  fromDate: staffAssignments.fromDate,
  toDate: staffAssignments.toDate,
  version: staffAssignments.version,
  grantsAccess: sql<boolean>`${postGrantExists(staffAssignments.tenantId, staffAssignments.id)}
    and ${staffAssignments.fromDate} <= current_date and (${staffAssignments.toDate} is null or ${staffAssignments.toDate} > current_date)`,
};

const selectAssignments = (db: Db) =>
  db
    .select(assignmentColumns)
    .from(staffAssignments)
    .innerJoin(people, and(eq(people.tenantId, staffAssignments.tenantId), eq(people.id, staffAssignments.personId)));

/** A staff post with its grid's name, code and path, its person and whether it grants their account access today. */
export type AssignmentRow = Awaited<ReturnType<typeof selectAssignments>>[number];

export interface AssignmentFilter {
  /** Path prefix of a grid subtree. */
  gridPath?: string;
  post?: string;
  personId?: string;
  id?: string;
  includeEnded?: boolean;
  after?: { code: string; id: string };
  limit?: number;
}

/** Staff posts in scope (by the grid of the post; `null`: any), ordered by grid code; one extra row for paging when `limit` is set. */
export async function findAssignments(db: Db, tenantId: string, scope: DataScope | null, filter: AssignmentFilter): Promise<AssignmentRow[]> {
  const conditions: (SQL | undefined)[] = [
    eq(staffAssignments.tenantId, tenantId),
    scope ? scopeCondition(scope, { tenantColumn: staffAssignments.tenantId, gridColumn: staffAssignments.gridId }) : undefined,
    filter.gridPath ? inGridSubtree(staffAssignments.tenantId, staffAssignments.gridId, filter.gridPath) : undefined,
    filter.post ? eq(staffAssignments.post, filter.post) : undefined,
    filter.personId ? eq(staffAssignments.personId, filter.personId) : undefined,
    filter.id ? eq(staffAssignments.id, filter.id) : undefined,
    filter.includeEnded || filter.id || filter.personId ? undefined : isCurrentUntil(staffAssignments.toDate),
    filter.after ? or(gt(assignmentGridCode, filter.after.code), and(eq(assignmentGridCode, filter.after.code), gt(staffAssignments.id, filter.after.id))) : undefined,
  ];
  const query = selectAssignments(db).where(and(...conditions)).orderBy(asc(assignmentGridCode), asc(staffAssignments.post), asc(staffAssignments.id));
  return filter.limit ? query.limit(filter.limit + 1) : query;
}

/** One staff post, locked FOR UPDATE; NOT_FOUND when absent. */
export async function getAssignmentForUpdate(tx: Db, tenantId: string, id: string): Promise<AssignmentRow> {
  await tx.select({ id: staffAssignments.id }).from(staffAssignments).where(and(eq(staffAssignments.tenantId, tenantId), eq(staffAssignments.id, id))).for("update");
  const [row] = await findAssignments(tx, tenantId, null, { id });
  if (!row) throw new AppError("NOT_FOUND");
  return row;
}

/** Puts a person on a post and answers the post's id. */
export async function insertAssignment(tx: Db, tenantId: string, values: { gridId: string; personId: string; post: string; fromDate: string }, now: Date): Promise<string> {
  const [created] = await tx
    .insert(staffAssignments)
    .values({ ...values, tenantId, createdAt: now })
    .returning({ id: staffAssignments.id });
  return created!.id;
}

/** Ends a post on a date and bumps its version. */
export async function endAssignmentRow(tx: Db, tenantId: string, id: string, toDate: string): Promise<void> {
  await tx
    .update(staffAssignments)
    .set({ toDate, version: sql`${staffAssignments.version} + 1` })
    .where(and(eq(staffAssignments.tenantId, tenantId), eq(staffAssignments.id, id)));
}

/** Every post of a person, ended or not, with its grid's path (the grants of their account follow them). */
export async function findPostsOf(db: Db, tenantId: string, personId: string) {
  return db
    .select({ id: staffAssignments.id, gridId: staffAssignments.gridId, post: staffAssignments.post, toDate: staffAssignments.toDate, gridPath: gridPathOf(staffAssignments.tenantId, staffAssignments.gridId) })
    .from(staffAssignments)
    .where(and(eq(staffAssignments.tenantId, tenantId), eq(staffAssignments.personId, personId)));
}

/** The current staff of a grid with their names (a grid card), by post and name. */
export async function findCurrentStaffOn(db: Db, tenantId: string, gridId: string) {
  return db
    .select({ assignmentId: staffAssignments.id, personId: staffAssignments.personId, name: people.name, post: staffAssignments.post })
    .from(staffAssignments)
    .innerJoin(people, and(eq(people.tenantId, staffAssignments.tenantId), eq(people.id, staffAssignments.personId)))
    .where(and(eq(staffAssignments.tenantId, tenantId), eq(staffAssignments.gridId, gridId), isCurrentUntil(staffAssignments.toDate)))
    .orderBy(asc(staffAssignments.post), asc(people.name));
}
