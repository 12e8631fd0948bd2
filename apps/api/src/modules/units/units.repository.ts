import type { DataScope } from "@caihong/domain";
import { and, asc, eq, gt, like, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { escapeLike, scopeCondition } from "../../lib/scope-sql";
import { grids } from "../grids/grids.table";
import { unitContacts, units } from "./units.table";

const contacts = sql<{ id: string; name: string; title: string | null; phoneEnc: string | null }[]>`coalesce((
  select json_agg(json_build_object('id', c.id, 'name', c.name, 'title', c.title, 'phoneEnc', c.phone_enc) order by c.position, c.name)
    from unit_contacts c where c.tenant_id = ${units.tenantId} and c.unit_id = ${units.id}), '[]')`;

const unitColumns = {
  tenantId: units.tenantId,
  id: units.id,
  name: units.name,
  kind: units.kind,
  uscc: units.uscc,
  address: units.address,
  lng: units.lng,
  lat: units.lat,
  gridId: units.gridId,
  gridName: grids.name,
  gridPath: grids.path,
  partyOrgName: units.partyOrgName,
  partyMemberCount: units.partyMemberCount,
  note: units.note,
  isDemo: units.isDemo,
  version: units.version,
  updatedAt: units.updatedAt,
  contacts,
};

function selectUnits(db: Db) {
  return db
    .select(unitColumns)
    .from(units)
    .leftJoin(grids, and(eq(grids.tenantId, units.tenantId), eq(grids.id, units.gridId)));
}

export type UnitRow = Awaited<ReturnType<typeof selectUnits>>[number];

export interface UnitFilter {
  q?: string;
  kind?: string;
  gridPath?: string;
  hasPartyOrg?: boolean;
  after?: { name: string; id: string };
  limit?: number;
}

/** Units whose grid is in scope, ordered by name. */
export async function findUnits(db: Db, tenantId: string, scope: DataScope, filter: UnitFilter): Promise<UnitRow[]> {
  const q = filter.q ? "%" + escapeLike(filter.q) + "%" : null;
  const conditions: (SQL | undefined)[] = [
    eq(units.tenantId, tenantId),
    scopeCondition(scope, { tenantColumn: units.tenantId, gridColumn: units.gridId }),
    q ? sql`(${units.name} ilike ${q} or ${units.address} ilike ${q} or ${units.uscc} ilike ${q})` : undefined,
    filter.kind ? eq(units.kind, filter.kind) : undefined,
    filter.gridPath ? like(grids.path, escapeLike(filter.gridPath) + "%") : undefined,
    filter.hasPartyOrg === undefined ? undefined : filter.hasPartyOrg ? sql`${units.partyOrgName} is not null` : sql`${units.partyOrgName} is null`,
    filter.after ? or(gt(units.name, filter.after.name), and(eq(units.name, filter.after.name), gt(units.id, filter.after.id))) : undefined,
  ];
  const query = selectUnits(db).where(and(...conditions)).orderBy(asc(units.name), asc(units.id));
  return filter.limit ? query.limit(filter.limit + 1) : query;
}

export async function findUnitById(db: Db, tenantId: string, id: string, forUpdate = false): Promise<UnitRow | undefined> {
  if (forUpdate) await db.select({ id: units.id }).from(units).where(and(eq(units.tenantId, tenantId), eq(units.id, id))).for("update");
  const [row] = await selectUnits(db).where(and(eq(units.tenantId, tenantId), eq(units.id, id)));
  return row;
}

/** Replaces a unit's contacts (their order is their position). */
export async function replaceContacts(db: Db, tenantId: string, unitId: string, rows: { name: string; title: string | null; phoneEnc: string | null }[]) {
  await db.delete(unitContacts).where(and(eq(unitContacts.tenantId, tenantId), eq(unitContacts.unitId, unitId)));
  if (rows.length) await db.insert(unitContacts).values(rows.map((c, position) => ({ tenantId, unitId, position, ...c })));
}

/** SQL: the name of the unit in `unitColumn` (other modules label their records with it; a primary-key lookup per row). */
export const unitNameOf = (tenantColumn: AnyColumn, unitColumn: AnyColumn): SQL<string | null> =>
  sql<string | null>`(select un.name from units un where un.tenant_id = ${tenantColumn} and un.id = ${unitColumn})`;

/** The name of one unit, or null when it does not exist (a case assigned to it names it). */
export async function findUnitName(db: Db, tenantId: string, id: string): Promise<string | null> {
  const [row] = await db.select({ name: units.name }).from(units).where(and(eq(units.tenantId, tenantId), eq(units.id, id)));
  return row?.name ?? null;
}
