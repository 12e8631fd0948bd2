import type { Db } from "../../api/src/db/client";
import type { AuditEvent } from "../../api/src/modules/audit";
import { auditLog } from "../../api/src/modules/audit/audit.table";

/** The actor label of every change made from the command line. */
export const CLI_ACTOR = "cli";

/** Writes one audit entry for a CLI change; call it with the transaction of the change. */
export async function recordCliAudit(tx: Db, tenantId: string, event: AuditEvent): Promise<void> {
  await tx.insert(auditLog).values({
    tenantId,
    at: new Date(),
    actorId: null,
    actorLabel: CLI_ACTOR,
    action: event.action,
    entityType: event.entityType,
    entityId: event.entityId,
    gridId: event.gridId ?? null,
    before: event.before ?? null,
    after: event.after ?? null,
    requestId: null,
    ip: null,
  });
}
