import type { Config, Database } from "@caihong/api";
import { CliError } from "./errors";

/**
 * Opens the configured database exactly as the server does (taking the data-dir lock for PGlite,
 * so a running server makes this fail with its PID), runs `fn`, then closes and unlocks.
 */
export async function withDatabase<T>(config: Config, fn: (database: Database) => Promise<T>): Promise<T> {
  const { openConfiguredDatabase } = await import("@caihong/api");
  const { database, lock } = await openConfiguredDatabase(config);
  try {
    return await fn(database);
  } finally {
    await database.close().catch(() => undefined);
    lock?.release();
  }
}

/** Where the configured database lives, for messages (a PostgreSQL password is never shown). */
export function describeTarget(config: Config): string {
  if (!config.databaseUrl) return `PGlite data directory ${config.dataDir}`;
  const url = new URL(config.databaseUrl);
  if (url.password) url.password = "****";
  return `PostgreSQL ${url.toString()}`;
}

/** Fails unless the database carries exactly this build's migrations. */
export async function requireMigrated(database: Database): Promise<void> {
  const { appliedMigrationCount, shippedMigrationCount } = await import("@caihong/api");
  const applied = await appliedMigrationCount(database);
  const shipped = shippedMigrationCount();
  if (applied < shipped) throw new CliError(`the database has ${applied} of ${shipped} migrations applied; run \`caihong migrate\` first.`);
  if (applied > shipped) throw new CliError(`the database has ${applied} migrations but this build ships ${shipped}; use the newer Caihong release.`);
}

/** Fails unless the database carries exactly this build's migrations and the configured tenant. */
export async function requireReady(database: Database, config: Config): Promise<void> {
  const { findTenant } = await import("@caihong/api");
  await requireMigrated(database);
  if (!(await findTenant(database.db, config.tenant))) {
    throw new CliError(`tenant ${config.tenant} does not exist in this database; run \`caihong migrate\` (or start the server once) to create it.`);
  }
}
