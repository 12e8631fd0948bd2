import type { DataScope } from "@caihong/domain";
import { and, eq, like, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { escapeLike, scopeCondition } from "../../lib/scope-sql";
import { auditLog } from "./audit.table";

export type AuditRow = typeof auditLog.$inferSelect;

/** One audit entry as stored (the row minus its generated keys). */
export interface AuditEntry {
  at: Date;
  actorId: string | null;
  actorLabel: string;
  action: string;
  entityType: string;
  entityId: string | null;
  gridId: string | null;
  before: unknown;
  after: unknown;
  requestId: string | null;
  ip: string | null;
}

/** Appends one entry; call it with the transaction of the change it records. */
export async function insertAuditEntry(tx: Db, tenantId: string, entry: AuditEntry): Promise<void> {
  await tx.insert(auditLog).values({ tenantId, ...entry });
}

export interface AuditFilter {
  action?: string;
  actorId?: string;
  entityType?: string;
  entityId?: string;
  from?: string;
  to?: string;
  after?: { at: string; seq: string | number };
  limit: number;
}

/** Entries in scope (the affected record's grid, or the holder's own actions), newest first; one extra row for paging. */
export async function findAuditEntries(db: Db, tenantId: string, scope: DataScope, f: AuditFilter): Promise<AuditRow[]> {
  const conditions: (SQL | undefined)[] = [
    eq(auditLog.tenantId, tenantId),
    scopeCondition(scope, { tenantColumn: auditLog.tenantId, gridColumn: auditLog.gridId, ownerColumn: auditLog.actorId }),
    f.action ? like(auditLog.action, `${escapeLike(f.action)}%`) : undefined,
    f.actorId ? eq(auditLog.actorId, f.actorId) : undefined,
    f.entityType ? eq(auditLog.entityType, f.entityType) : undefined,
    f.entityId ? eq(auditLog.entityId, f.entityId) : undefined,
    f.from ? sql`${auditLog.at} >= ${f.from}::timestamptz` : undefined,
    f.to ? sql`${auditLog.at} < ${f.to}::timestamptz` : undefined,
    f.after ? sql`(${auditLog.at}, ${auditLog.seq}) < (${f.after.at}::timestamptz, ${f.after.seq}::bigint)` : undefined,
  ];
  return db
    .select()
    .from(auditLog)
    .where(and(...conditions))
    .orderBy(sql`${auditLog.at} desc`, sql`${auditLog.seq} desc`)
    .limit(f.limit + 1);
}

/** Placeholders (or SQL expressions) for each column of an entry, in a statement of fixed text. */
export type AuditEntryText = { tenantId: string } & Record<keyof AuditEntry, string>;

/**
 * The insert of one entry as text, selecting its values `from` a row source of the caller's
 * statement (a writable CTE): a hot path writes its change and its entry in one statement.
 */
export function auditInsertText(v: AuditEntryText, from: string): string {
  return `insert into audit_log (tenant_id, at, actor_id, actor_label, action, entity_type, entity_id, grid_id, before, after, request_id, ip)
    select ${v.tenantId}, ${v.at}, ${v.actorId}, ${v.actorLabel}, ${v.action}, ${v.entityType}, ${v.entityId}, ${v.gridId}, ${v.before}, ${v.after}, ${v.requestId}, ${v.ip} from ${from}`;
}
