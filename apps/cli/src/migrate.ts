import type { Command } from "commander";

/** `caihong migrate`: applies migrations and creates the tenant's base rows, as the server does at start. */
export function addMigrateCommand(program: Command): void {
  program
    .command("migrate")
    .description("Apply database migrations, then create the tenant, its system roles, root grid and the admin account if missing")
    .action(async () => {
      const { appliedMigrationCount, loadConfig, migrateDatabase, seedTenant, shippedMigrationCount } = await import("@caihong/api");
      const { loadPersonalData } = await import("./context");
      const { describeTarget, withDatabase } = await import("./database");
      const config = loadConfig();
      await withDatabase(config, async (database) => {
        const before = await appliedMigrationCount(database);
        await migrateDatabase(database);
        const after = await appliedMigrationCount(database);
        const seed = await seedTenant(database.db, config, await loadPersonalData(config, database));
        process.stdout.write(
          `${describeTarget(config)}: ${after - before} migration(s) applied, now at ${after} of ${shippedMigrationCount()}.\n` +
            (seed.createdAdmin ? `Created tenant ${config.tenant} and its admin account.\n` : `Tenant ${config.tenant} already set up.\n`) +
            (seed.demo?.network ? `Loaded the Xinhong demo data: ${seed.demo.network.partyOrgs} party organisations, ${seed.demo.network.people} people, ${seed.demo.network.units} units.\n` : ""),
        );
        if (seed.generatedAdminPassword) {
          process.stdout.write(`\nAdmin account 'admin', password (shown only once; 仅显示这一次):\n\n    ${seed.generatedAdminPassword}\n\n`);
        }
      });
    });
}
