import { ancestorIds, type DataScope } from "@caihong/domain";
import { and, asc, countDistinct, eq, gt, inArray, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { AppError } from "../../lib/errors";
import { escapeLike, gridCodeOf, gridLevelOf, gridNameOf, gridPathOf, inGridSubtree, scopeCondition } from "../../lib/scope-sql";
import { isCurrentUntil, qualified } from "../../lib/sql-fragments";
import { partyMemberships, partyOrgs } from "./party.table";
import { people } from "./people.table";

// ── Organisations ───────────────────────────────────────────────────────────────────────────────

const leaderName = sql<string | null>`(
  select p.name from party_memberships m join people p on p.tenant_id = m.tenant_id and p.id = m.person_id
  where m.tenant_id = ${qualified(partyOrgs.tenantId)} and m.org_id = ${qualified(partyOrgs.id)} and (m.to_date is null or m.to_date > current_date)
    and m.role in ('secretary', 'responsible')
  order by case m.role when 'secretary' then 0 else 1 end, m.from_date, p.name limit 1)`;
const memberCount = sql<number>`(
  select count(distinct m.person_id)::int from party_memberships m
  where m.tenant_id = ${qualified(partyOrgs.tenantId)} and m.org_id = ${qualified(partyOrgs.id)} and (m.to_date is null or m.to_date > current_date))`;
const orgGridCode = gridCodeOf(partyOrgs.tenantId, partyOrgs.gridId);

const orgColumns = {
  id: partyOrgs.id,
  tenantId: partyOrgs.tenantId,
  name: partyOrgs.name,
  kind: partyOrgs.kind,
  gridId: partyOrgs.gridId,
  gridName: gridNameOf(partyOrgs.tenantId, partyOrgs.gridId),
  gridCode: orgGridCode,
  gridLevel: gridLevelOf(partyOrgs.tenantId, partyOrgs.gridId),
  gridPath: gridPathOf(partyOrgs.tenantId, partyOrgs.gridId),
  leaderName,
  memberCount,
  contactPhoneEnc: partyOrgs.contactPhoneEnc,
  foundedOn: partyOrgs.foundedOn,
  note: partyOrgs.note,
  isDemo: partyOrgs.isDemo,
  version: partyOrgs.version,
  updatedAt: partyOrgs.updatedAt,
};

/** An organisation with its grid's code, name, level and path, its leader and its member count. */
export interface OrgRow {
  id: string;
  tenantId: string;
  name: string;
  kind: string;
  gridId: string;
  gridName: string;
  gridCode: string;
  gridLevel: number;
  gridPath: string;
  /** The organisation of the grid's parent (the tree beside the grid tree). */
  parentId: string | null;
  leaderName: string | null;
  memberCount: number;
  contactPhoneEnc: string | null;
  foundedOn: string | null;
  note: string | null;
  isDemo: boolean;
  version: number;
  updatedAt: Date;
}

type OrgSelectRow = Omit<OrgRow, "parentId" | "gridName" | "gridCode" | "gridPath" | "gridLevel"> & {
  gridName: string | null;
  gridCode: string | null;
  gridPath: string | null;
  gridLevel: number | null;
};

/** Adds each organisation's parent: the organisation on its grid's parent grid. */
async function withParents(db: Db, tenantId: string, rows: OrgSelectRow[]): Promise<OrgRow[]> {
  const parentGrid = (r: OrgSelectRow) => ancestorIds(r.gridPath).at(-1) ?? null;
  const gridIds = [...new Set(rows.map(parentGrid).filter((id): id is string => id !== null))];
  const parents = gridIds.length
    ? await db
        .select({ id: partyOrgs.id, gridId: partyOrgs.gridId })
        .from(partyOrgs)
        .where(and(eq(partyOrgs.tenantId, tenantId), inArray(partyOrgs.gridId, gridIds)))
    : [];
  const orgOnGrid = new Map(parents.map((p) => [p.gridId, p.id]));
  return rows.map((r) => {
    const grid = parentGrid(r);
    // The grid is the organisation's foreign key: its code, name, level and path are always there.
    return { ...r, gridName: r.gridName!, gridCode: r.gridCode!, gridPath: r.gridPath!, gridLevel: Number(r.gridLevel), memberCount: Number(r.memberCount), parentId: grid ? (orgOnGrid.get(grid) ?? null) : null };
  });
}

export interface OrgFilter {
  q?: string;
  kind?: string;
  /** Path prefix of a grid subtree. */
  gridPath?: string;
  after?: { code: string; id: string };
  limit?: number;
}

/** Organisations within scope, ordered by their grid's code (parents before children); one extra row for paging when `limit` is set. */
export async function findOrgs(db: Db, tenantId: string, scope: DataScope, filter: OrgFilter): Promise<OrgRow[]> {
  const conditions: (SQL | undefined)[] = [
    eq(partyOrgs.tenantId, tenantId),
    scopeCondition(scope, { tenantColumn: partyOrgs.tenantId, gridColumn: partyOrgs.gridId }),
    filter.q ? sql`${partyOrgs.name} ilike ${"%" + escapeLike(filter.q) + "%"}` : undefined,
    filter.kind ? eq(partyOrgs.kind, filter.kind) : undefined,
    filter.gridPath ? inGridSubtree(partyOrgs.tenantId, partyOrgs.gridId, filter.gridPath) : undefined,
    filter.after ? or(gt(orgGridCode, filter.after.code), and(eq(orgGridCode, filter.after.code), gt(partyOrgs.id, filter.after.id))) : undefined,
  ];
  const query = db.select(orgColumns).from(partyOrgs).where(and(...conditions)).orderBy(asc(orgGridCode), asc(partyOrgs.id));
  return withParents(db, tenantId, filter.limit ? await query.limit(filter.limit + 1) : await query);
}

/** One organisation regardless of scope (the use case checks it), optionally locked FOR UPDATE; NOT_FOUND when absent. */
export async function getOrgRow(db: Db, tenantId: string, id: string, forUpdate = false): Promise<OrgRow> {
  if (forUpdate) await db.select({ id: partyOrgs.id }).from(partyOrgs).where(and(eq(partyOrgs.tenantId, tenantId), eq(partyOrgs.id, id))).for("update");
  const rows = await db
    .select(orgColumns)
    .from(partyOrgs)
    .where(and(eq(partyOrgs.tenantId, tenantId), eq(partyOrgs.id, id)));
  const [row] = await withParents(db, tenantId, rows);
  if (!row) throw new AppError("NOT_FOUND");
  return row;
}

/** The organisation bound to a grid (one per grid), if any. */
export async function findOrgOnGrid(db: Db, tenantId: string, gridId: string): Promise<{ id: string; name: string; kind: string } | undefined> {
  const [row] = await db
    .select({ id: partyOrgs.id, name: partyOrgs.name, kind: partyOrgs.kind })
    .from(partyOrgs)
    .where(and(eq(partyOrgs.tenantId, tenantId), eq(partyOrgs.gridId, gridId)));
  return row;
}

/** Every organisation's grid, name and kind (the consistency report matches them to the grids). */
export async function findOrgsByGrid(db: Db, tenantId: string): Promise<Map<string, { id: string; name: string; kind: string }>> {
  const rows = await db.select({ id: partyOrgs.id, gridId: partyOrgs.gridId, name: partyOrgs.name, kind: partyOrgs.kind }).from(partyOrgs).where(eq(partyOrgs.tenantId, tenantId));
  return new Map(rows.map(({ gridId, ...org }) => [gridId, org]));
}

/** The columns of an organisation a create or edit writes. */
export type OrgColumns = Partial<Pick<typeof partyOrgs.$inferInsert, "gridId" | "name" | "kind" | "contactPhoneEnc" | "foundedOn" | "note">>;

/** Inserts an organisation and answers its id. */
export async function insertOrg(tx: Db, tenantId: string, values: OrgColumns & { gridId: string; name: string; kind: string }, now: Date): Promise<string> {
  const [created] = await tx
    .insert(partyOrgs)
    .values({ ...values, tenantId, createdAt: now, updatedAt: now })
    .returning({ id: partyOrgs.id });
  return created!.id;
}

/** Writes an edit and bumps the version. */
export async function updateOrgColumns(tx: Db, tenantId: string, id: string, values: OrgColumns, now: Date): Promise<void> {
  await tx
    .update(partyOrgs)
    .set({ ...values, updatedAt: now, version: sql`${partyOrgs.version} + 1` })
    .where(and(eq(partyOrgs.tenantId, tenantId), eq(partyOrgs.id, id)));
}

/** SQL: the name of the organisation bound to the grid in `gridColumn` (maps and exports label grids with it). */
export const orgNameOnGrid = (tenantColumn: AnyColumn, gridColumn: AnyColumn): SQL<string | null> =>
  sql<string | null>`(select po.name from party_orgs po where po.tenant_id = ${qualified(tenantColumn)} and po.grid_id = ${qualified(gridColumn)})`;

/** SQL: the kind of the organisation bound to the grid in `gridColumn` (summaries count them). */
export const orgKindOnGrid = (tenantColumn: AnyColumn, gridColumn: AnyColumn): SQL<string | null> =>
  sql<string | null>`(select po.kind from party_orgs po where po.tenant_id = ${qualified(tenantColumn)} and po.grid_id = ${qualified(gridColumn)})`;

// ── Memberships ─────────────────────────────────────────────────────────────────────────────────

/** A membership with its organisation's and person's names. */
export interface MembershipRow {
  id: string;
  orgId: string;
  orgName: string;
  orgGridId: string;
  personId: string;
  personName: string;
  role: string;
  fromDate: string;
  toDate: string | null;
  version: number;
}

const membershipColumns = {
  id: partyMemberships.id,
  orgId: partyMemberships.orgId,
  orgName: partyOrgs.name,
  orgGridId: partyOrgs.gridId,
  personId: partyMemberships.personId,
  personName: people.name,
  role: partyMemberships.role,
  fromDate: partyMemberships.fromDate,
  toDate: partyMemberships.toDate,
  version: partyMemberships.version,
};

/** Memberships of an organisation or of a person, current first, then by role, start date and name. */
export async function findMemberships(db: Db, tenantId: string, by: { orgId?: string; personId?: string; id?: string }): Promise<MembershipRow[]> {
  return db
    .select(membershipColumns)
    .from(partyMemberships)
    .innerJoin(partyOrgs, and(eq(partyOrgs.tenantId, partyMemberships.tenantId), eq(partyOrgs.id, partyMemberships.orgId)))
    .innerJoin(people, and(eq(people.tenantId, partyMemberships.tenantId), eq(people.id, partyMemberships.personId)))
    .where(
      and(
        eq(partyMemberships.tenantId, tenantId),
        by.orgId ? eq(partyMemberships.orgId, by.orgId) : undefined,
        by.personId ? eq(partyMemberships.personId, by.personId) : undefined,
        by.id ? eq(partyMemberships.id, by.id) : undefined,
      ),
    )
    .orderBy(
      sql`${partyMemberships.toDate} is not null`,
      sql`case ${partyMemberships.role} when 'secretary' then 0 when 'deputy_secretary' then 1 when 'committee_member' then 2 when 'responsible' then 3 else 4 end`,
      asc(partyMemberships.fromDate),
      asc(people.name),
    );
}

/** One membership, locked FOR UPDATE; NOT_FOUND when absent. */
export async function getMembershipForUpdate(tx: Db, tenantId: string, id: string): Promise<MembershipRow> {
  await tx.select({ id: partyMemberships.id }).from(partyMemberships).where(and(eq(partyMemberships.tenantId, tenantId), eq(partyMemberships.id, id))).for("update");
  const [row] = await findMemberships(tx, tenantId, { id });
  if (!row) throw new AppError("NOT_FOUND");
  return row;
}

/** Adds a person to an organisation in a role and answers the membership's id. */
export async function insertMembership(tx: Db, tenantId: string, values: { orgId: string; personId: string; role: string; fromDate: string }, now: Date): Promise<string> {
  const [created] = await tx
    .insert(partyMemberships)
    .values({ ...values, tenantId, createdAt: now })
    .returning({ id: partyMemberships.id });
  return created!.id;
}

/** Ends a membership on a date and bumps its version. */
export async function endMembershipRow(tx: Db, tenantId: string, id: string, toDate: string): Promise<void> {
  await tx
    .update(partyMemberships)
    .set({ toDate, version: sql`${partyMemberships.version} + 1` })
    .where(and(eq(partyMemberships.tenantId, tenantId), eq(partyMemberships.id, id)));
}

/** The current holders of one role in an organisation (a grid card's responsible members), by start date and name. */
export async function findCurrentHolders(db: Db, tenantId: string, orgId: string, role: string) {
  return db
    .select({ personId: partyMemberships.personId, name: people.name, role: partyMemberships.role })
    .from(partyMemberships)
    .innerJoin(people, and(eq(people.tenantId, partyMemberships.tenantId), eq(people.id, partyMemberships.personId)))
    .where(and(eq(partyMemberships.tenantId, tenantId), eq(partyMemberships.orgId, orgId), eq(partyMemberships.role, role), isCurrentUntil(partyMemberships.toDate)))
    .orderBy(asc(partyMemberships.fromDate), asc(people.name));
}

/** How many people currently belong to an organisation (in any role). */
export async function countCurrentMembers(db: Db, tenantId: string, orgId: string): Promise<number> {
  const [row] = await db
    .select({ n: countDistinct(partyMemberships.personId) })
    .from(partyMemberships)
    .where(and(eq(partyMemberships.tenantId, tenantId), eq(partyMemberships.orgId, orgId), isCurrentUntil(partyMemberships.toDate)));
  return Number(row?.n ?? 0);
}
