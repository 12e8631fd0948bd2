/** The audit log: every change and every unmasked read, searchable within data scope. */
export { auditRoutes } from "./audit.routes";
export { auditActorOf, recordAudit, type AuditContext, type AuditEvent } from "./use-cases/record-audit";
export { auditInsertText, type AuditEntryText } from "./audit.repository";
