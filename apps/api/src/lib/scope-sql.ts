import type { DataScope } from "@caihong/domain";
import { sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { AppError, msg } from "./errors";

/**
 * Turns a data scope into a WHERE condition, so scope is enforced in the query itself.
 * `gridColumn` is the record's grid; `ownerColumn` the user it belongs to. Returns undefined
 * for the all scope (no condition).
 */
export function scopeCondition(scope: DataScope, cols: { tenantColumn: AnyColumn; gridColumn?: AnyColumn; ownerColumn?: AnyColumn }): SQL | undefined {
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
export const gridPathOf = (tenantColumn: AnyColumn, gridColumn: AnyColumn): SQL<string | null> =>
  sql<string | null>`(select gp.path from grids gp where gp.tenant_id = ${tenantColumn} and gp.id = ${gridColumn})`;

/** SQL: the grid in `gridColumn` lies in the subtree whose root has path `path` (the root included). */
export const inGridSubtree = (tenantColumn: AnyColumn, gridColumn: AnyColumn, path: string): SQL =>
  sql`exists (select 1 from grids gs where gs.tenant_id = ${tenantColumn} and gs.id = ${gridColumn} and gs.path like ${escapeLike(path) + "%"})`;

/** SQL: the name of the grid in `gridColumn` (lists label records with their grid). */
export const gridNameOf = (tenantColumn: AnyColumn, gridColumn: AnyColumn): SQL<string | null> =>
  sql<string | null>`(select gn.name from grids gn where gn.tenant_id = ${tenantColumn} and gn.id = ${gridColumn})`;
