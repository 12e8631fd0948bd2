import type { Db } from "../../../db/client";
import type { ActorContext, RequestContext } from "../../../lib/context";
import { insertAuditEntry } from "../audit.repository";

export interface AuditEvent {
  /** `<entity>.<verb>`, e.g. `user.create`. */
  action: string;
  entityType: string;
  entityId: string | null;
  /** Grid of the affected record, so audit reads follow data scope. */
  gridId?: string | null;
  /** Before/after snapshots: presenters' output, personal data already masked. */
  before?: unknown;
  after?: unknown;
}

/**
 * Writes one audit entry for the caller of `ctx` (anonymous when there is none). No authorization:
 * it is part of the change it records. Call it with the transaction handle of that change, so the
 * entry and the change commit or roll back together.
 */
export async function recordAudit(tx: Db, ctx: RequestContext & Partial<Pick<ActorContext, "actor">>, event: AuditEvent): Promise<void> {
  await insertAuditEntry(tx, ctx.tenantId, {
    at: ctx.clock(),
    actorId: ctx.actor?.userId ?? null,
    actorLabel: ctx.actor?.label ?? "anonymous",
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    gridId: event.gridId ?? null,
    before: event.before ?? null,
    after: event.after ?? null,
    requestId: ctx.requestId,
    ip: ctx.ip,
  });
}
