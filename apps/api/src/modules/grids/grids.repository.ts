import { areaM2, bboxOf, centroidOf, type DataScope, type GridGeometry } from "@caihong/domain";
import { randomUUID } from "node:crypto";
import { and, asc, desc, eq, inArray, isNull, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { AppError } from "../../lib/errors";
import { scopeCondition } from "../../lib/scope-sql";
import { qualified } from "../../lib/sql-fragments";
import { orgKindOnGrid, orgNameOnGrid } from "../party";
import { gridBoundaryHistory, grids } from "./grids.table";

/** A grid row as stored. */
export type GridRow = typeof grids.$inferSelect;

/** The columns of a grid an edit or an import writes. */
export type GridColumns = Partial<Omit<typeof grids.$inferInsert, "tenantId" | "id" | "parentId" | "path" | "level" | "createdAt" | "updatedAt" | "version">>;

/** The WHERE condition of "inside this data scope" on the grids table itself. */
const gridsInScope = (scope: DataScope): SQL | undefined => scopeCondition(scope, { tenantColumn: grids.tenantId, gridColumn: grids.id });

const nodeColumns = { id: grids.id, parentId: grids.parentId, level: grids.level, code: grids.code, name: grids.name, type: grids.type };

// ── Reads ───────────────────────────────────────────────────────────────────────────────────────

/** One grid, optionally locked FOR UPDATE (inside a transaction), or undefined. */
export async function findGridRow(db: Db, tenantId: string, id: string, forUpdate = false): Promise<GridRow | undefined> {
  const query = db.select().from(grids).where(and(eq(grids.tenantId, tenantId), eq(grids.id, id)));
  const [row] = forUpdate ? await query.for("update") : await query;
  return row;
}

/** One grid regardless of scope (the use case checks it), optionally locked; NOT_FOUND when absent. */
export async function getGridRow(db: Db, tenantId: string, id: string, forUpdate = false): Promise<GridRow> {
  const row = await findGridRow(db, tenantId, id, forUpdate);
  if (!row) throw new AppError("NOT_FOUND");
  return row;
}

/** Every grid of the tenant, current and retired (imports match codes against all of them). */
export async function findAllGridRows(db: Db, tenantId: string): Promise<GridRow[]> {
  return db.select().from(grids).where(eq(grids.tenantId, tenantId)).orderBy(asc(grids.level), asc(grids.code));
}

/** Current grids inside a scope, in tree order, optionally one level only. */
export async function findCurrentGridRows(db: Db, tenantId: string, scope: DataScope, filter: { level?: number } = {}): Promise<GridRow[]> {
  return db
    .select()
    .from(grids)
    .where(and(eq(grids.tenantId, tenantId), isNull(grids.validTo), filter.level ? eq(grids.level, filter.level) : undefined, gridsInScope(scope)))
    .orderBy(asc(grids.level), asc(grids.code));
}

/** Current grids inside a scope as nodes (id, parent, level, code, name, type), in tree order. */
export async function findCurrentGridNodes(db: Db, tenantId: string, scope: DataScope) {
  return db
    .select(nodeColumns)
    .from(grids)
    .where(and(eq(grids.tenantId, tenantId), isNull(grids.validTo), gridsInScope(scope)))
    .orderBy(asc(grids.level), asc(grids.code));
}

/** Nodes of the given grids, from the sub-district down. */
export async function findGridNodes(db: Db, tenantId: string, ids: string[]) {
  if (ids.length === 0) return [];
  return db
    .select(nodeColumns)
    .from(grids)
    .where(and(eq(grids.tenantId, tenantId), inArray(grids.id, ids)))
    .orderBy(asc(grids.level));
}

/** A current grid in scope with its parent's code and its organisation's name (exports). */
export type GridExportRow = GridRow & { parentCode: string | null; organisation: string | null };

/** Current grids in scope with their parent's code and organisation, in tree order. */
export async function findGridExportRows(db: Db, tenantId: string, scope: DataScope): Promise<GridExportRow[]> {
  const parent = sql<string | null>`(select pc.code from grids pc where pc.tenant_id = ${qualified(grids.tenantId)} and pc.id = ${qualified(grids.parentId)})`;
  const rows = await db
    .select({ grid: grids, parentCode: parent, organisation: orgNameOnGrid(grids.tenantId, grids.id) })
    .from(grids)
    .where(and(eq(grids.tenantId, tenantId), isNull(grids.validTo), gridsInScope(scope)))
    .orderBy(asc(grids.level), asc(grids.code));
  return rows.map((r) => ({ ...r.grid, parentCode: r.parentCode, organisation: r.organisation }));
}

/** Counts of current grids in scope per level. */
export async function countGridsByLevel(db: Db, tenantId: string, scope: DataScope): Promise<{ level: number; count: number }[]> {
  const rows = await db
    .select({ level: grids.level, count: sql<number>`count(*)::int` })
    .from(grids)
    .where(and(eq(grids.tenantId, tenantId), isNull(grids.validTo), gridsInScope(scope)))
    .groupBy(grids.level)
    .orderBy(asc(grids.level));
  return rows.map((r) => ({ level: r.level, count: Number(r.count) }));
}

/** Counts of current grids in scope per kind of the organisation bound to them (grids without one are left out). */
export async function countGridsByOrgKind(db: Db, tenantId: string, scope: DataScope): Promise<Map<string, number>> {
  const kind = orgKindOnGrid(grids.tenantId, grids.id);
  const rows = await db
    .select({ kind, count: sql<number>`count(*)::int` })
    .from(grids)
    .where(and(eq(grids.tenantId, tenantId), isNull(grids.validTo), gridsInScope(scope), sql`${kind} is not null`))
    .groupBy(kind);
  return new Map(rows.map((r) => [r.kind!, Number(r.count)]));
}

/** How many current grids a grid has directly below it. */
export async function countCurrentChildren(db: Db, tenantId: string, id: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(grids)
    .where(and(eq(grids.tenantId, tenantId), eq(grids.parentId, id), isNull(grids.validTo)));
  return Number(row?.n ?? 0);
}

/** A grid's earlier boundaries, latest first. */
export async function findBoundaryHistory(db: Db, tenantId: string, id: string) {
  return db
    .select({ validFrom: gridBoundaryHistory.validFrom, validTo: gridBoundaryHistory.validTo, areaM2: gridBoundaryHistory.areaM2 })
    .from(gridBoundaryHistory)
    .where(and(eq(gridBoundaryHistory.tenantId, tenantId), eq(gridBoundaryHistory.gridId, id)))
    .orderBy(desc(gridBoundaryHistory.validTo), desc(gridBoundaryHistory.createdAt));
}

/**
 * The current grids in scope as one GeoJSON FeatureCollection text, built by the database: the
 * boundaries go out as stored without a parse/serialize round trip in the API process.
 */
export async function findGridMapText(db: Db, tenantId: string, scope: DataScope, level?: number): Promise<string> {
  // The main table stays unaliased: scopeCondition refers to it as "grids".
  const result = (await db.execute(sql`
    select coalesce(json_agg(json_build_object(
             'type', 'Feature',
             'id', ${grids.id},
             'properties', json_build_object(
               'id', ${grids.id}, 'code', ${grids.code}, 'name', ${grids.name}, 'level', ${grids.level}, 'type', ${grids.type},
               'parentCode', parent.code, 'parentId', ${grids.parentId}, 'organisationName', ${orgNameOnGrid(grids.tenantId, grids.id)}),
             'geometry', ${grids.boundary})
           order by ${grids.level}, ${grids.code}), '[]'::json)::text as features
      from ${grids}
      left join ${grids} as parent on parent.tenant_id = ${grids.tenantId} and parent.id = ${grids.parentId}
     where ${and(eq(grids.tenantId, tenantId), isNull(grids.validTo), sql`${grids.boundary} is not null`, level ? eq(grids.level, level) : undefined, gridsInScope(scope))}`)) as unknown as {
    rows: { features: string }[];
  };
  return `{"type":"FeatureCollection","features":${result.rows[0]?.features ?? "[]"}}`;
}

// ── The point index (GridLocator) ───────────────────────────────────────────────────────────────

/** Boundaries and paths of the current micro grids (what the point index is built from). */
export async function findMicroGridBoundaries(db: Db, tenantId: string, microLevel: number) {
  return db
    .select({ id: grids.id, boundary: grids.boundary, path: grids.path })
    .from(grids)
    .where(and(eq(grids.tenantId, tenantId), eq(grids.level, microLevel), isNull(grids.validTo)));
}

// ── Writes ──────────────────────────────────────────────────────────────────────────────────────

/** Geometry-derived columns of a grid row: bbox, area and centroid. */
export function geometryColumns(geometry: GridGeometry) {
  const [minLng, minLat, maxLng, maxLat] = bboxOf(geometry);
  const centroid = centroidOf(geometry);
  return { boundary: geometry, minLng, minLat, maxLng, maxLat, areaM2: areaM2(geometry), centroidLng: centroid?.[0] ?? null, centroidLat: centroid?.[1] ?? null };
}

/**
 * Adds a grid below a parent: a new id, the parent's path plus that id, the next level. The one
 * place that grows the tree (imports and the shared factories).
 */
export async function insertChildGrid(
  tx: Db,
  tenantId: string,
  parent: { id: string; path: string; level: number },
  values: { code: string; name: string; type: string; isDemo?: boolean; geometry?: GridGeometry | null },
  now: Date,
): Promise<GridRow> {
  const id = randomUUID();
  const { geometry, ...attributes } = values;
  const [row] = await tx
    .insert(grids)
    .values({
      tenantId,
      id,
      parentId: parent.id,
      path: `${parent.path}${id}/`,
      level: parent.level + 1,
      ...attributes,
      ...(geometry ? geometryColumns(geometry) : {}),
      validFrom: now,
      createdAt: now,
      updatedAt: now,
    })
    .returning();
  return row!;
}

/** Writes columns of one grid, bumps its version and answers the row after. */
export async function updateGridColumns(tx: Db, tenantId: string, id: string, values: GridColumns, now: Date): Promise<GridRow> {
  const [row] = await tx
    .update(grids)
    .set({ ...values, updatedAt: now, version: sql`${grids.version} + 1` })
    .where(and(eq(grids.tenantId, tenantId), eq(grids.id, id)))
    .returning();
  return row!;
}

/** Keeps a grid's boundary before a redraw in its history. */
export async function insertBoundaryHistory(tx: Db, tenantId: string, row: GridRow, now: Date): Promise<void> {
  await tx.insert(gridBoundaryHistory).values({ tenantId, gridId: row.id, boundary: row.boundary, areaM2: row.areaM2, validFrom: row.validFrom, validTo: now, createdAt: now });
}

/**
 * Takes the grids table for the rest of the transaction (imports run one at a time, attribute
 * edits wait) and answers every grid's version, to compare with what an import checked.
 */
export async function lockGridsTable(tx: Db, tenantId: string): Promise<Map<string, number>> {
  await tx.execute(sql`lock table ${grids} in share row exclusive mode`);
  const rows = await tx.select({ id: grids.id, version: grids.version }).from(grids).where(eq(grids.tenantId, tenantId));
  return new Map(rows.map((r) => [r.id, r.version]));
}

/** Locks one grid FOR UPDATE and answers its version (undefined when it is gone). */
export async function lockGridVersion(tx: Db, tenantId: string, id: string): Promise<number | undefined> {
  const [row] = await tx
    .select({ version: grids.version })
    .from(grids)
    .where(and(eq(grids.tenantId, tenantId), eq(grids.id, id)))
    .for("update");
  return row?.version;
}

/** The next free code below a parent: its code plus the next number after its children's, as wide as the level's codes are. */
export async function nextChildCode(db: Db, tenantId: string, parent: { id: string; code: string }, width: number): Promise<string> {
  const [row] = await db
    .select({ max: sql<string | null>`max(${grids.code})` })
    .from(grids)
    .where(and(eq(grids.tenantId, tenantId), eq(grids.parentId, parent.id)));
  const last = row?.max ? Number(row.max.slice(parent.code.length)) : 0;
  return `${parent.code}${String(last + 1).padStart(width, "0")}`;
}
