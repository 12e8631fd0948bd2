import { sql, type AnyColumn, type SQL } from "drizzle-orm";

/**
 * "Still current today" for a dated relation (membership, staff post): no end date, or an end
 * date after today. One rule for every list, count and card.
 */
export const isCurrentUntil = (toDate: AnyColumn): SQL => sql`(${toDate} is null or ${toDate} > current_date)`;

/**
 * A json/json_agg column as read back: node-postgres and PGlite parse json into objects, but a
 * value cast to text (or a driver configured otherwise) arrives as a string.
 */
export function fromJsonColumn<T>(value: unknown): T {
  return (typeof value === "string" ? JSON.parse(value) : value) as T;
}
