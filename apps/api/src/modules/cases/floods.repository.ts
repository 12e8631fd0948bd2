import type { TCaseFloodKind } from "@caihong/contracts";
import type { DataScope } from "@caihong/domain";
import { and, asc, count, eq, gte, lte, max, min, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { scopeCondition } from "../../lib/scope-sql";
import { cases } from "./cases.table";

// Floods of anonymous reports: reported cases grouped by their source hashes (ADR 0014).

const sourceColumn = (kind: TCaseFloodKind) => (kind === "address" ? cases.sourceAddressHash : cases.sourceDeviceHash);

function floodConditions(tenantId: string, scope: DataScope, range: { from: Date; to: Date }): (SQL | undefined)[] {
  return [
    eq(cases.tenantId, tenantId),
    eq(cases.state, "reported"),
    gte(cases.reportedAt, range.from),
    lte(cases.reportedAt, range.to),
    scopeCondition(scope, { tenantColumn: cases.tenantId, gridColumn: cases.gridId, ownerColumn: cases.reporterUserId }),
  ];
}

/** Sources with at least `minCount` reported cases in the range and scope, largest first. */
export async function findFloods(db: Db, tenantId: string, scope: DataScope, kind: TCaseFloodKind, range: { from: Date; to: Date }, minCount: number, limit = 20) {
  const source = sourceColumn(kind);
  const n = count();
  return db
    .select({
      source: sql<string>`${source}`,
      count: n,
      firstAt: min(cases.reportedAt),
      lastAt: max(cases.reportedAt),
      sampleNumbers: sql<string[]>`(array_agg(${cases.number} order by ${cases.reportedAt}))[1:3]`,
    })
    .from(cases)
    .where(and(...floodConditions(tenantId, scope, range), sql`${source} is not null`))
    .groupBy(source)
    .having(sql`count(*) >= ${minCount}`)
    .orderBy(sql`count(*) desc`, asc(source))
    .limit(limit);
}

/** The reported cases of one source in the range and scope (id and version), oldest first, at most `limit`. */
export async function findFloodCases(db: Db, tenantId: string, scope: DataScope, kind: TCaseFloodKind, source: string, range: { from: Date; to: Date }, limit: number) {
  return db
    .select({ id: cases.id, version: cases.version, gridId: cases.gridId })
    .from(cases)
    .where(and(...floodConditions(tenantId, scope, range), eq(sourceColumn(kind), source)))
    .orderBy(asc(cases.reportedAt), asc(cases.id))
    .limit(limit);
}
