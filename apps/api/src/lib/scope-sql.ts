import type { DataScope } from "@caihong/domain";
import { sql, type AnyColumn, type SQL } from "drizzle-orm";

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
