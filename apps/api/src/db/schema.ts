/** Every Drizzle table, for the client type, drizzle-kit and the catalog tests. */
export { tenants } from "../modules/tenants/tenants.table";
export { grids } from "../modules/grids/grids.table";
export { users, phoneVerifications } from "../modules/users/users.table";
export { roles, userRoles } from "../modules/roles/roles.table";
export { sessions, apiKeys } from "../modules/auth/auth.table";
export { auditLog } from "../modules/audit/audit.table";
export { gridBoundaryHistory } from "../modules/grids/grids.table";
export { partyOrgs, partyMemberships } from "../modules/party/party.table";
export { people, staffAssignments } from "../modules/party/people.table";
export { units, unitContacts } from "../modules/units/units.table";
export { caseCategories, workCalendarDays, caseCounters, cases, caseEvents, casePhotos, caseEscalations, webhookOutbox, caseRollups } from "../modules/cases/cases.table";
export { notifications } from "../modules/notifications/notifications.table";
export { idempotencyKeys } from "../modules/idempotency/idempotency.table";
export { changeVersions } from "../lib/changes.table";
export { rateLimits } from "../lib/limits.table";
