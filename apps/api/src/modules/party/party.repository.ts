import type { DataScope } from "@caihong/domain";
import { and, asc, eq, gt, isNull, like, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { escapeLike, scopeCondition } from "../../lib/scope-sql";
import { grids } from "../grids/grids.table";
import { people } from "../people/people.table";
import { partyMemberships, partyOrgs } from "./party.table";

const leaderName = sql<string | null>`(
  select p.name from party_memberships m join people p on p.tenant_id = m.tenant_id and p.id = m.person_id
  where m.tenant_id = ${partyOrgs.tenantId} and m.org_id = ${partyOrgs.id} and (m.to_date is null or m.to_date > current_date)
    and m.role in ('secretary', 'responsible')
  order by case m.role when 'secretary' then 0 else 1 end, m.from_date, p.name limit 1)`;
const memberCount = sql<number>`(
  select count(distinct m.person_id)::int from party_memberships m
  where m.tenant_id = ${partyOrgs.tenantId} and m.org_id = ${partyOrgs.id} and (m.to_date is null or m.to_date > current_date))`;
const parentOrgId = sql<string | null>`(select po.id from party_orgs po where po.tenant_id = ${grids.tenantId} and po.grid_id = ${grids.parentId})`;

const orgColumns = {
  id: partyOrgs.id,
  tenantId: partyOrgs.tenantId,
  name: partyOrgs.name,
  kind: partyOrgs.kind,
  gridId: partyOrgs.gridId,
  gridName: grids.name,
  gridCode: grids.code,
  gridLevel: grids.level,
  gridType: grids.type,
  gridPath: grids.path,
  gridValidTo: grids.validTo,
  parentId: parentOrgId,
  leaderName,
  memberCount,
  contactPhoneEnc: partyOrgs.contactPhoneEnc,
  foundedOn: partyOrgs.foundedOn,
  note: partyOrgs.note,
  isDemo: partyOrgs.isDemo,
  version: partyOrgs.version,
  updatedAt: partyOrgs.updatedAt,
};

export interface OrgRow {
  id: string;
  tenantId: string;
  name: string;
  kind: string;
  gridId: string;
  gridName: string;
  gridCode: string;
  gridLevel: number;
  gridType: string;
  gridPath: string;
  gridValidTo: Date | null;
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

export interface OrgFilter {
  q?: string;
  kind?: string;
  /** Path prefix of a grid subtree. */
  gridPath?: string;
  after?: { code: string; id: string };
  limit?: number;
}

/** Organisations within scope, ordered by their grid's code (parents before children). */
export async function findOrgs(db: Db, tenantId: string, scope: DataScope, filter: OrgFilter): Promise<OrgRow[]> {
  const conditions: (SQL | undefined)[] = [
    eq(partyOrgs.tenantId, tenantId),
    scopeCondition(scope, { tenantColumn: partyOrgs.tenantId, gridColumn: partyOrgs.gridId }),
    filter.q ? sql`${partyOrgs.name} ilike ${"%" + escapeLike(filter.q) + "%"}` : undefined,
    filter.kind ? eq(partyOrgs.kind, filter.kind) : undefined,
    filter.gridPath ? like(grids.path, escapeLike(filter.gridPath) + "%") : undefined,
    filter.after ? or(gt(grids.code, filter.after.code), and(eq(grids.code, filter.after.code), gt(partyOrgs.id, filter.after.id))) : undefined,
  ];
  const query = db
    .select(orgColumns)
    .from(partyOrgs)
    .innerJoin(grids, and(eq(grids.tenantId, partyOrgs.tenantId), eq(grids.id, partyOrgs.gridId)))
    .where(and(...conditions))
    .orderBy(asc(grids.code), asc(partyOrgs.id));
  const rows = filter.limit ? await query.limit(filter.limit + 1) : await query;
  return rows.map((r) => ({ ...r, memberCount: Number(r.memberCount) }));
}

/** One organisation (any scope; the service checks it), optionally locked for update. */
export async function findOrgById(db: Db, tenantId: string, id: string, forUpdate = false): Promise<OrgRow | undefined> {
  if (forUpdate) await db.select({ id: partyOrgs.id }).from(partyOrgs).where(and(eq(partyOrgs.tenantId, tenantId), eq(partyOrgs.id, id))).for("update");
  const [row] = await db
    .select(orgColumns)
    .from(partyOrgs)
    .innerJoin(grids, and(eq(grids.tenantId, partyOrgs.tenantId), eq(grids.id, partyOrgs.gridId)))
    .where(and(eq(partyOrgs.tenantId, tenantId), eq(partyOrgs.id, id)));
  return row ? { ...row, memberCount: Number(row.memberCount) } : undefined;
}

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

/** Memberships of an organisation or of a person, current first, then by start date. */
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
    .orderBy(sql`${partyMemberships.toDate} is not null`, sql`case ${partyMemberships.role} when 'secretary' then 0 when 'deputy_secretary' then 1 when 'committee_member' then 2 when 'responsible' then 3 else 4 end`, asc(partyMemberships.fromDate), asc(people.name));
}

/** Current grids in scope with their organisation (left join), for the consistency report. */
export async function gridsWithOrgs(db: Db, tenantId: string, scope: DataScope) {
  return db
    .select({
      gridId: grids.id,
      gridCode: grids.code,
      gridName: grids.name,
      level: grids.level,
      type: grids.type,
      validTo: grids.validTo,
      orgId: partyOrgs.id,
      orgName: partyOrgs.name,
      orgKind: partyOrgs.kind,
    })
    .from(grids)
    .leftJoin(partyOrgs, and(eq(partyOrgs.tenantId, grids.tenantId), eq(partyOrgs.gridId, grids.id)))
    .where(and(eq(grids.tenantId, tenantId), scopeCondition(scope, { tenantColumn: grids.tenantId, gridColumn: grids.id }), or(isNull(grids.validTo), sql`${partyOrgs.id} is not null`)))
    .orderBy(asc(grids.code));
}
