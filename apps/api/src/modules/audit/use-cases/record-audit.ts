import type { Db } from "../../../db/client";
import type { RequestContext } from "../../../lib/context";
import type { Principal } from "../../../lib/principal";
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

/** Who acts and when: a request's context, or the system's (the CLI, the clock), which has no request. */
export type AuditContext = Pick<RequestContext, "tenantId" | "clock"> & Partial<Pick<RequestContext, "requestId" | "ip">> & { actor?: Principal };

/**
 * Who an entry names for the caller of `ctx`: anonymous when there is none; the system with no
 * actor id, request id or address. A hot path that writes its entry in its own statement (the
 * intake) takes these values from here too.
 */
export function auditActorOf(ctx: AuditContext): { actorId: string | null; actorLabel: string; requestId: string | null; ip: string | null } {
  const isSystem = ctx.actor?.kind === "system";
  return {
    actorId: isSystem ? null : (ctx.actor?.userId ?? null),
    actorLabel: ctx.actor?.label ?? "anonymous",
    requestId: isSystem ? null : (ctx.requestId ?? null),
    ip: isSystem ? null : (ctx.ip ?? null),
  };
}

/**
 * Writes one audit entry for the caller of `ctx` (`auditActorOf`). No authorization: it is part of
 * the change it records. Call it with the transaction handle of that change, so the entry and the
 * change commit or roll back together.
 */
export async function recordAudit(tx: Db, ctx: AuditContext, event: AuditEvent): Promise<void> {
  await insertAuditEntry(tx, ctx.tenantId, {
    ...auditActorOf(ctx),
    at: ctx.clock(),
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    gridId: event.gridId ?? null,
    before: event.before ?? null,
    after: event.after ?? null,
  });
}
