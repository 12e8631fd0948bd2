import { Column, getTableName, is, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { PgDialect } from "drizzle-orm/pg-core";

/**
 * "Still current today" for a dated relation (membership, staff post): no end date, or an end
 * date after today. One rule for every list, count and card.
 */
export const isCurrentUntil = (toDate: AnyColumn): SQL => sql`(${qualified(toDate)} is null or ${qualified(toDate)} > current_date)`;

/** A column, or an SQL expression naming one (`sql\`sa.grid_id\``). */
export type ColumnRef = AnyColumn | SQL;

/**
 * A column with its table's name (or alias) spelled out. Drizzle renders a bare `"tenant_id"` in
 * the select list of a query without joins, which inside a correlated subquery would name the
 * subquery's own column: every fragment that correlates on outer columns qualifies them.
 */
export const qualified = (column: ColumnRef): SQL => (is(column, Column) ? sql`${sql.identifier(getTableName(column.table))}.${sql.identifier(column.name)}` : column);

/**
 * A json/json_agg column as read back: node-postgres and PGlite parse json into objects, but a
 * value cast to text (or a driver configured otherwise) arrives as a string.
 */
export function fromJsonColumn<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}

const dialect = new PgDialect();

/** A fragment as PostgreSQL text with `$n` placeholders and its parameters. */
export function toQuery(fragment: SQL): { sql: string; params: unknown[] } {
  return dialect.sqlToQuery(fragment);
}

/**
 * The text of a fragment that carries no parameters (another module's subquery, a column list),
 * for the fixed text of a named prepared statement.
 */
export function textOf(fragment: SQL): string {
  const { sql: text, params } = dialect.sqlToQuery(fragment);
  if (params.length > 0) throw new Error("a fragment inside a prepared statement must carry no parameters");
  return text;
}

/**
 * A statement's fixed text with `$n` placeholders and its parameters as a Drizzle fragment, to run
 * the very statement a hot path prepares inside a transaction (a batch, an import): one text, two
 * ways to send it.
 */
export function sqlFromText(text: string, params: readonly unknown[]): SQL {
  const chunks: SQL[] = [];
  let last = 0;
  for (const m of text.matchAll(/\$(\d+)/g)) {
    chunks.push(sql.raw(text.slice(last, m.index)), sql`${params[Number(m[1]) - 1] ?? null}`);
    last = m.index! + m[0].length;
  }
  chunks.push(sql.raw(text.slice(last)));
  return sql.join(chunks);
}
