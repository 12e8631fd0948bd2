// The public entry of the API package (`@caihong/api`): what the command line and other hosts of
// the API may use. Nothing outside apps/api imports a deeper path (ADR 0008, rule 5).

// Configuration and the server.
export { ConfigError, loadConfig, type Config } from "./config/env";
export { build, buildDeps, type BuildOptions } from "./app";
export { exitWithStartupError, openConfiguredDatabase, startServer, startWorkers } from "./server";

// The database: migrations, the PGlite data-directory lock, backup and restore.
export { appliedMigrationCount, migrateDatabase, shippedMigrationCount, type Database, type Db } from "./db/client";
export { DataDirLockedError, type DataDirLock } from "./db/lock";
export { BackupError, backupDatabase, readBackupHeader, restoreDatabase, type BackupHeader, type BackupSummary } from "./db/backup";

// Cross-cutting pieces a host needs: errors, personal data, SMS, spreadsheets.
export { AppError } from "./lib/errors";
export { loadMasterKey, PersonalData } from "./lib/personal-data";
export { memorySmsSender } from "./lib/sms";
export { readXlsx } from "./lib/xlsx";

// The system actor: the command line runs the same use cases as the API, audited under its label.
export { SYSTEM_USER_ID, systemContext, systemPrincipal, type Principal } from "./lib/principal";
export type { ActorContext, Deps } from "./lib/context";

// The first-run seed and the Xinhong demo.
export { seedDemoCases, seedTenant, seedXinhongDemo, type DemoCaseCounts, type DemoSeedResult, type SeedResult } from "./seed";

// Use cases and lookups, from the modules' entries.
export { recordAudit, type AuditContext, type AuditEvent } from "./modules/audit";
export { findTenant } from "./modules/tenants";
export { findRoles } from "./modules/roles";
export { createUser, findUserByUsername, resetUserPassword, setUserStatus } from "./modules/users";
export { rebuildEvaluationRollups, type RollupRebuild } from "./modules/cases";
export { exportGridsGeoJson, exportGridsXlsx, findGrids, importGridsGeoJson, importGridsXlsx, locatePoint, type GridImportResult } from "./modules/grids";
