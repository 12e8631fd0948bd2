import type { DataScope } from "@caihong/domain";
import { and, asc, eq, gt, like, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { escapeLike, scopeCondition } from "../../lib/scope-sql";
import { isCurrentUntil } from "../../lib/sql-fragments";
import { grids } from "../grids/grids.table";
import { people, staffAssignments } from "./people.table";

const organisations = sql<string[]>`coalesce((
  select array_agg(distinct o.name order by o.name) from party_memberships m
    join party_orgs o on o.tenant_id = m.tenant_id and o.id = m.org_id
   where m.tenant_id = ${people.tenantId} and m.person_id = ${people.id} and (m.to_date is null or m.to_date > current_date)), '{}')`;
const posts = sql<{ post: string; gridName: string }[]>`coalesce((
  select json_agg(json_build_object('post', sa.post, 'gridName', sg.name) order by sg.code) from staff_assignments sa
    join grids sg on sg.tenant_id = sa.tenant_id and sg.id = sa.grid_id
   where sa.tenant_id = ${people.tenantId} and sa.person_id = ${people.id} and (sa.to_date is null or sa.to_date > current_date)), '[]')`;

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
  gridName: grids.name,
  gridPath: grids.path,
  userId: people.userId,
  note: people.note,
  isDemo: people.isDemo,
  version: people.version,
  createdAt: people.createdAt,
  updatedAt: people.updatedAt,
  organisations,
  posts,
};

export type PersonRow = Omit<Awaited<ReturnType<typeof selectPeople>>[number], "gridName" | "gridPath"> & { gridName: string | null; gridPath: string | null };

function selectPeople(db: Db) {
  return db
    .select(personColumns)
    .from(people)
    .leftJoin(grids, and(eq(grids.tenantId, people.tenantId), eq(grids.id, people.gridId)));
}

export interface PeopleFilter {
  q?: string;
  phoneHash?: string;
  gridPath?: string;
  isPartyMember?: boolean;
  isFloatingMember?: boolean;
  post?: string;
  after?: { name: string; id: string };
  limit?: number;
}

/** People in scope (by home grid), ordered by name. */
export async function findPeople(db: Db, tenantId: string, scope: DataScope, filter: PeopleFilter): Promise<PersonRow[]> {
  const conditions: (SQL | undefined)[] = [
    eq(people.tenantId, tenantId),
    scopeCondition(scope, { tenantColumn: people.tenantId, gridColumn: people.gridId }),
    filter.phoneHash ? eq(people.phoneHash, filter.phoneHash) : filter.q ? sql`${people.name} ilike ${"%" + escapeLike(filter.q) + "%"}` : undefined,
    filter.gridPath ? like(grids.path, escapeLike(filter.gridPath) + "%") : undefined,
    filter.isPartyMember === undefined ? undefined : eq(people.isPartyMember, filter.isPartyMember),
    filter.isFloatingMember === undefined ? undefined : eq(people.isFloatingMember, filter.isFloatingMember),
    filter.post
      ? sql`exists (select 1 from staff_assignments fa where fa.tenant_id = ${people.tenantId} and fa.person_id = ${people.id} and fa.post = ${filter.post} and (fa.to_date is null or fa.to_date > current_date))`
      : undefined,
    filter.after ? or(gt(people.name, filter.after.name), and(eq(people.name, filter.after.name), gt(people.id, filter.after.id))) : undefined,
  ];
  const query = selectPeople(db).where(and(...conditions)).orderBy(asc(people.name), asc(people.id));
  return (filter.limit ? await query.limit(filter.limit + 1) : await query) as PersonRow[];
}

export async function findPersonById(db: Db, tenantId: string, id: string, forUpdate = false): Promise<PersonRow | undefined> {
  if (forUpdate) await db.select({ id: people.id }).from(people).where(and(eq(people.tenantId, tenantId), eq(people.id, id))).for("update");
  const [row] = await selectPeople(db).where(and(eq(people.tenantId, tenantId), eq(people.id, id)));
  return row as PersonRow | undefined;
}

const assignmentColumns = {
  id: staffAssignments.id,
  tenantId: staffAssignments.tenantId,
  gridId: staffAssignments.gridId,
  gridName: grids.name,
  gridCode: grids.code,
  gridPath: grids.path,
  personId: staffAssignments.personId,
  personName: people.name,
  personUserId: people.userId,
  post: staffAssignments.post,
  fromDate: staffAssignments.fromDate,
  toDate: staffAssignments.toDate,
  version: staffAssignments.version,
  grantsAccess: sql<boolean>`exists (select 1 from user_roles gr where gr.tenant_id = ${staffAssignments.tenantId} and gr.assignment_id = ${staffAssignments.id})
    and ${staffAssignments.fromDate} <= current_date and (${staffAssignments.toDate} is null or ${staffAssignments.toDate} > current_date)`,
};

export type AssignmentRow = Awaited<ReturnType<typeof selectAssignments>>[number];

function selectAssignments(db: Db) {
  return db
    .select(assignmentColumns)
    .from(staffAssignments)
    .innerJoin(grids, and(eq(grids.tenantId, staffAssignments.tenantId), eq(grids.id, staffAssignments.gridId)))
    .innerJoin(people, and(eq(people.tenantId, staffAssignments.tenantId), eq(people.id, staffAssignments.personId)));
}

export interface AssignmentFilter {
  gridPath?: string;
  post?: string;
  personId?: string;
  id?: string;
  includeEnded?: boolean;
  after?: { code: string; id: string };
  limit?: number;
}

/** Staff assignments in scope (by the grid of the post), ordered by grid code. */
export async function findAssignments(db: Db, tenantId: string, scope: DataScope | null, filter: AssignmentFilter): Promise<AssignmentRow[]> {
  const conditions: (SQL | undefined)[] = [
    eq(staffAssignments.tenantId, tenantId),
    scope ? scopeCondition(scope, { tenantColumn: staffAssignments.tenantId, gridColumn: staffAssignments.gridId }) : undefined,
    filter.gridPath ? like(grids.path, escapeLike(filter.gridPath) + "%") : undefined,
    filter.post ? eq(staffAssignments.post, filter.post) : undefined,
    filter.personId ? eq(staffAssignments.personId, filter.personId) : undefined,
    filter.id ? eq(staffAssignments.id, filter.id) : undefined,
    filter.includeEnded || filter.id || filter.personId ? undefined : isCurrentUntil(staffAssignments.toDate),
    filter.after ? or(gt(grids.code, filter.after.code), and(eq(grids.code, filter.after.code), gt(staffAssignments.id, filter.after.id))) : undefined,
  ];
  const query = selectAssignments(db).where(and(...conditions)).orderBy(asc(grids.code), asc(staffAssignments.post), asc(staffAssignments.id));
  return filter.limit ? query.limit(filter.limit + 1) : query;
}
