import type { DataScope } from "@caihong/domain";
import { and, asc, eq, gt, or, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { AppError } from "../../lib/errors";
import { escapeLike, gridNameOf, gridPathOf, inGridSubtree, scopeCondition } from "../../lib/scope-sql";
import { qualified } from "../../lib/sql-fragments";
import { unitContacts, units } from "./units.table";

const contacts = sql<{ id: string; name: string; title: string | null; phoneEnc: string | null }[]>`coalesce((
  select json_agg(json_build_object('id', c.id, 'name', c.name, 'title', c.title, 'phoneEnc', c.phone_enc) order by c.position, c.name)
    from unit_contacts c where c.tenant_id = ${qualified(units.tenantId)} and c.unit_id = ${qualified(units.id)}), '[]')`;

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
  gridName: gridNameOf(units.tenantId, units.gridId),
  gridPath: gridPathOf(units.tenantId, units.gridId),
  partyOrgName: units.partyOrgName,
  partyMemberCount: units.partyMemberCount,
  note: units.note,
  isDemo: units.isDemo,
  version: units.version,
  updatedAt: units.updatedAt,
  contacts,
};

const selectUnits = (db: Db) => db.select(unitColumns).from(units);

/** A unit with its grid's name and path and its contacts (phones still encrypted). */
export type UnitRow = Awaited<ReturnType<typeof selectUnits>>[number];

export interface UnitFilter {
  q?: string;
  kind?: string;
  /** Path prefix of a grid subtree. */
  gridPath?: string;
  hasPartyOrg?: boolean;
  after?: { name: string; id: string };
  limit?: number;
}

/** Units whose grid is in scope, ordered by name; one extra row for paging when `limit` is set. */
export async function findUnits(db: Db, tenantId: string, scope: DataScope, filter: UnitFilter): Promise<UnitRow[]> {
  const q = filter.q ? "%" + escapeLike(filter.q) + "%" : null;
  const conditions: (SQL | undefined)[] = [
    eq(units.tenantId, tenantId),
    scopeCondition(scope, { tenantColumn: units.tenantId, gridColumn: units.gridId }),
    q ? sql`(${units.name} ilike ${q} or ${units.address} ilike ${q} or ${units.uscc} ilike ${q})` : undefined,
    filter.kind ? eq(units.kind, filter.kind) : undefined,
    filter.gridPath ? inGridSubtree(units.tenantId, units.gridId, filter.gridPath) : undefined,
    filter.hasPartyOrg === undefined ? undefined : filter.hasPartyOrg ? sql`${units.partyOrgName} is not null` : sql`${units.partyOrgName} is null`,
    filter.after ? or(gt(units.name, filter.after.name), and(eq(units.name, filter.after.name), gt(units.id, filter.after.id))) : undefined,
  ];
  const query = selectUnits(db).where(and(...conditions)).orderBy(asc(units.name), asc(units.id));
  return filter.limit ? query.limit(filter.limit + 1) : query;
}

/** One unit regardless of scope (the use case checks it), optionally locked FOR UPDATE; NOT_FOUND when absent. */
export async function getUnitRow(db: Db, tenantId: string, id: string, forUpdate = false): Promise<UnitRow> {
  if (forUpdate) await db.select({ id: units.id }).from(units).where(and(eq(units.tenantId, tenantId), eq(units.id, id))).for("update");
  const [row] = await selectUnits(db).where(and(eq(units.tenantId, tenantId), eq(units.id, id)));
  if (!row) throw new AppError("NOT_FOUND");
  return row;
}

/** The columns of a unit a create or edit writes. */
export type UnitColumns = Partial<Omit<typeof units.$inferInsert, "tenantId" | "id" | "createdAt" | "updatedAt" | "version">>;

/** Inserts a unit and answers its id. */
export async function insertUnit(tx: Db, tenantId: string, values: UnitColumns & { name: string; kind: string }, now: Date): Promise<string> {
  const [created] = await tx
    .insert(units)
    .values({ ...values, tenantId, createdAt: now, updatedAt: now })
    .returning({ id: units.id });
  return created!.id;
}

/** Writes an edit and bumps the version. */
export async function updateUnitColumns(tx: Db, tenantId: string, id: string, values: UnitColumns, now: Date): Promise<void> {
  await tx
    .update(units)
    .set({ ...values, updatedAt: now, version: sql`${units.version} + 1` })
    .where(and(eq(units.tenantId, tenantId), eq(units.id, id)));
}

/** Replaces a unit's contacts (their order is their position). */
export async function replaceContacts(tx: Db, tenantId: string, unitId: string, rows: { name: string; title: string | null; phoneEnc: string | null }[]) {
  await tx.delete(unitContacts).where(and(eq(unitContacts.tenantId, tenantId), eq(unitContacts.unitId, unitId)));
  if (rows.length) await tx.insert(unitContacts).values(rows.map((c, position) => ({ tenantId, unitId, position, ...c })));
}

/** How many units lie on a grid or below it (the grid card counts them). */
export async function countUnitsUnder(db: Db, tenantId: string, gridPath: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(units)
    .where(and(eq(units.tenantId, tenantId), inGridSubtree(units.tenantId, units.gridId, gridPath)));
  return Number(row?.n ?? 0);
}

/** SQL: the name of the unit in `unitColumn` (other modules label their records with it; a primary-key lookup per row). */
export const unitNameOf = (tenantColumn: AnyColumn, unitColumn: AnyColumn): SQL<string | null> =>
  sql<string | null>`(select un.name from units un where un.tenant_id = ${qualified(tenantColumn)} and un.id = ${qualified(unitColumn)})`;

/** The name of one unit, or null when it does not exist (a case assigned to it names it). */
export async function findUnitName(db: Db, tenantId: string, id: string): Promise<string | null> {
  const [row] = await db.select({ name: units.name }).from(units).where(and(eq(units.tenantId, tenantId), eq(units.id, id)));
  return row?.name ?? null;
}
