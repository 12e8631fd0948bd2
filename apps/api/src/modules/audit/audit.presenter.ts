import type { TAuditEntry } from "@caihong/contracts";
import type { AuditRow } from "./audit.repository";

/** An audit row as the API shows it (snapshots were masked when written). */
export function presentAuditEntry(row: AuditRow): TAuditEntry {
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
