/** Tenants: one sub-district deployment each, the root every other row hangs from (seeded by apps/api/src/seed). */
export { findReferenceDate, findTenant, updateReferenceDate, type TenantRow } from "./tenants.repository";
