import type { TAuditEntry } from "@caihong/contracts";
import type { ZFindAuditQuery } from "@caihong/contracts";
import { and, eq, like, sql, type SQL } from "drizzle-orm";
import type { z } from "zod";
import type { ActorContext } from "../../lib/context";
import { decodeCursor, toPage } from "../../lib/pagination";
import { authorize } from "../../lib/policy";
import { escapeLike, scopeCondition } from "../../lib/scope-sql";
import { auditLog } from "./audit.table";

function present(row: typeof auditLog.$inferSelect): TAuditEntry {
  return {
    id: row.id,
    at: row.at.toISOString(),
    actorId: row.actorId,
    actorLabel: row.actorLabel,
    action: row.action,
    entityType: row.entityType,
    entityId: row.entityId,
    before: row.before ?? null,
    after: row.after ?? null,
    requestId: row.requestId,
    ip: row.ip,
  };
}

/**
 * Searches the audit log, newest first. Scope follows the grid of the affected record; an
 * `own` scope sees the entries the holder caused.
 */
export async function findAuditEntries(ctx: ActorContext, query: z.infer<typeof ZFindAuditQuery>) {
  const scope = authorize(ctx.actor, "audit.read");
  const after = decodeCursor(query.cursor, 2);
  const conditions: (SQL | undefined)[] = [
    eq(auditLog.tenantId, ctx.actor.tenantId),
    scopeCondition(scope, { tenantColumn: auditLog.tenantId, gridColumn: auditLog.gridId, ownerColumn: auditLog.actorId }),
  ];
  if (query.action) conditions.push(like(auditLog.action, `${escapeLike(query.action)}%`));
  if (query.actorId) conditions.push(eq(auditLog.actorId, query.actorId));
  if (query.entityType) conditions.push(eq(auditLog.entityType, query.entityType));
  if (query.entityId) conditions.push(eq(auditLog.entityId, query.entityId));
  if (query.from) conditions.push(sql`${auditLog.at} >= ${query.from}::timestamptz`);
  if (query.to) conditions.push(sql`${auditLog.at} < ${query.to}::timestamptz`);
  if (after) conditions.push(sql`(${auditLog.at}, ${auditLog.seq}) < (${after[0]}::timestamptz, ${after[1]}::bigint)`);
  const rows = await ctx.db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(sql`${auditLog.at} desc`, sql`${auditLog.seq} desc`)
    .limit(query.limit + 1);
  return toPage(rows, query.limit, present, (r) => [r.at.toISOString(), r.seq]);
}
