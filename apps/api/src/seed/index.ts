/**
 * What a tenant starts with (roles, the category dictionary, the holiday calendar, the root grid,
 * `admin`) and the Xinhong demo data set. Only the composition root, the CLI and the tests import
 * this folder; no module does (ADR 0008).
 */
export { seedTenant, upgradeSeedData, upgradeSystemRolePermissions, LEGACY_CATALOG, type SeedResult } from "./tenant";
export { seedXinhongDemo, XINHONG_GRIDS_FILE, type DemoSeedResult, type DemoSeedOutcome } from "./xinhong/grids";
export { seedDemoCases, type DemoCaseCounts } from "./xinhong/cases";
export { insertRows } from "./bulk";
