import type { DataScope } from "@caihong/domain";
import { sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { AppError, msg } from "./errors";
import { qualified, type ColumnRef } from "./sql-fragments";

/**
 * Turns a data scope into a WHERE condition, so scope is enforced in the query itself.
 * `gridColumn` is the record's grid; `ownerColumn` the user it belongs to. Returns undefined
 * for the all scope (no condition).
 */
export function scopeCondition(scope: DataScope, cols: { tenantColumn: AnyColumn | SQL; gridColumn?: AnyColumn | SQL; ownerColumn?: AnyColumn | SQL }): SQL | undefined {
  if (scope.kind === "all") return undefined;
  if (scope.kind === "none") return sql`false`;
  const parts: SQL[] = [];
  if (cols.gridColumn && scope.subtreePaths.length > 0) {
    const likes = sql.join(
      scope.subtreePaths.map((p) => sql`g.path like ${escapeLike(p) + "%"}`),
      sql` or `,
    );
    parts.push(sql`exists (select 1 from grids g where g.tenant_id = ${cols.tenantColumn} and g.id = ${cols.gridColumn} and (${likes}))`);
  }
  if (cols.gridColumn && scope.gridIds.length > 0) {
    parts.push(sql`${cols.gridColumn} in (${sql.join(scope.gridIds.map((id) => sql`${id}::uuid`), sql`, `)})`);
  }
  if (cols.ownerColumn && scope.ownerId) {
    parts.push(sql`${cols.ownerColumn} = ${scope.ownerId}::uuid`);
  }
  if (parts.length === 0) return sql`false`;
  return sql`(${sql.join(parts, sql` or `)})`;
}

/** Escapes LIKE metacharacters in a literal prefix. */
export function escapeLike(s: string): string {
  return s.replace(/[\\%_]/g, (c) => `\\${c}`);
}

/** Positional parameters collected while building a raw statement. */
export class Params {
  readonly values: unknown[] = [];
  /** Adds a value and returns its placeholder (`$n`). */
  add(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

/**
 * The raw-SQL form of scopeCondition for prepared statements: the text depends only on the
 * scope's kind, never on how many grids it names (arrays are parameters), so one statement
 * serves every caller. Returns null for the all scope.
 */
export function scopeSqlText(scope: DataScope, cols: { tenant: string; grid: string; owner: string }, params: Params): string | null {
  if (scope.kind === "all") return null;
  if (scope.kind === "none") return "false";
  const patterns = params.add(scope.subtreePaths.map((p) => escapeLike(p) + "%"));
  const ids = params.add(scope.gridIds);
  const owner = params.add(scope.ownerId);
  return `(exists (select 1 from grids sg where sg.tenant_id = ${cols.tenant} and sg.id = ${cols.grid} and sg.path like any(${patterns}::text[]))
      or ${cols.grid} = any(${ids}::uuid[]) or ${cols.owner} = ${owner}::uuid)`;
}

// The grid tree is the backbone every record hangs on and the key of data scope: this is the one
// place outside the grids module that reads it, and only its id, path and name (ADR 0008).
// Boundaries, history, attributes and the grid card stay the grids module's.

/** The materialized path of a grid (what scope checks compare), or null when it does not exist. */
export async function findGridPath(db: Db, tenantId: string, gridId: string): Promise<string | null> {
  const result = await db.execute(sql`select path from grids where tenant_id = ${tenantId} and id = ${gridId}::uuid`);
  const rows = (result as unknown as { rows: { path: string }[] }).rows;
  return rows[0]?.path ?? null;
}

/** The path of a grid named in a request; VALIDATION_FAILED on `field` when it does not exist. */
export async function getGridPath(db: Db, tenantId: string, gridId: string, field = "body.gridId"): Promise<string> {
  const path = await findGridPath(db, tenantId, gridId);
  if (path === null) throw new AppError("VALIDATION_FAILED", msg("网格不存在", "No such grid"), { errors: [{ path: field, message: "field.unknownGrid" }] });
  return path;
}

/** SQL: the path of the grid in `gridColumn` (a primary-key lookup per row). */
export const gridPathOf = (tenantColumn: ColumnRef, gridColumn: ColumnRef): SQL<string | null> =>
  sql<string | null>`(select gp.path from grids gp where gp.tenant_id = ${qualified(tenantColumn)} and gp.id = ${qualified(gridColumn)})`;

/** SQL: the grid in `gridColumn` lies in the subtree whose root has path `path` (the root included). */
export const inGridSubtree = (tenantColumn: ColumnRef, gridColumn: ColumnRef, path: string): SQL =>
  sql`exists (select 1 from grids gs where gs.tenant_id = ${qualified(tenantColumn)} and gs.id = ${qualified(gridColumn)} and gs.path like ${escapeLike(path) + "%"})`;

/** SQL: the name of the grid in `gridColumn` (lists label records with their grid). */
export const gridNameOf = (tenantColumn: ColumnRef, gridColumn: ColumnRef): SQL<string | null> =>
  sql<string | null>`(select gn.name from grids gn where gn.tenant_id = ${qualified(tenantColumn)} and gn.id = ${qualified(gridColumn)})`;

/** SQL: the code of the grid in `gridColumn` (lists of records on grids sort and page by it). */
export const gridCodeOf = (tenantColumn: ColumnRef, gridColumn: ColumnRef): SQL<string | null> =>
  sql<string | null>`(select gc.code from grids gc where gc.tenant_id = ${qualified(tenantColumn)} and gc.id = ${qualified(gridColumn)})`;

/** SQL: the level (1 sub-district … 4 micro grid) of the grid in `gridColumn`. */
export const gridLevelOf = (tenantColumn: ColumnRef, gridColumn: ColumnRef): SQL<number | null> =>
  sql<number | null>`(select gl.level from grids gl where gl.tenant_id = ${qualified(tenantColumn)} and gl.id = ${qualified(gridColumn)})`.mapWith(Number);

/**
 * What a module that hangs records on grids may know of one besides its path: its place in the
 * tree (parent, level), its identity (code, name, type) and whether it is current. Boundaries,
 * contacts and history stay the grids module's.
 */
export interface GridRef {
  id: string;
  parentId: string | null;
  path: string;
  level: number;
  code: string;
  name: string;
  type: string;
  /** Set when the grid was retired. */
  validTo: Date | null;
}

const GRID_REF_COLUMNS = sql.raw("id, parent_id, path, level, code, name, type, valid_to");

function toGridRef(r: Record<string, unknown>): GridRef {
  const validTo = r.valid_to as Date | string | null;
  return {
    id: r.id as string,
    parentId: (r.parent_id as string | null) ?? null,
    path: r.path as string,
    level: Number(r.level),
    code: r.code as string,
    name: r.name as string,
    type: r.type as string,
    validTo: validTo === null || validTo === undefined ? null : validTo instanceof Date ? validTo : new Date(validTo),
  };
}

/** One grid as a GridRef, or null when it does not exist. */
export async function findGridRef(db: Db, tenantId: string, gridId: string): Promise<GridRef | null> {
  const result = await db.execute(sql`select ${GRID_REF_COLUMNS} from grids where tenant_id = ${tenantId} and id = ${gridId}::uuid`);
  const row = (result as unknown as { rows: Record<string, unknown>[] }).rows[0];
  return row ? toGridRef(row) : null;
}

/** Every grid of the tenant, current and retired, as GridRefs in code order (parents before children). */
export async function findGridRefs(db: Db, tenantId: string): Promise<GridRef[]> {
  const result = await db.execute(sql`select ${GRID_REF_COLUMNS} from grids where tenant_id = ${tenantId} order by code`);
  return (result as unknown as { rows: Record<string, unknown>[] }).rows.map(toGridRef);
}
