import path from "node:path";
import type { Command } from "commander";
import { CliError } from "./errors";

/** `caihong restore FILE`: replaces all data with a backup's, in one transaction. */
export function addRestoreCommand(program: Command): void {
  program
    .command("restore")
    .description("Replace ALL data in the configured database with the contents of a backup FILE")
    .argument("<file>", "backup file written by `caihong backup`")
    .option("-y, --yes", "do not ask for confirmation (required when stdin is not a terminal)")
    .addHelpText(
      "after",
      "\nThe target must be at the backup's migrations; an empty database is migrated first.\n" +
        "The file is checked in full before anything changes, and the restore is one transaction:\n" +
        "a damaged file or a failure leaves the target as it was. Stop a PGlite server first.",
    )
    .action(async (file: string, options: { yes?: boolean }) => {
      const { appliedMigrationCount, findTenant, loadConfig, migrateDatabase, readBackupHeader, recordAudit, restoreDatabase } = await import("@caihong/api");
      const { cliAuditContext } = await import("./context");
      const { describeTarget, withDatabase } = await import("./database");
      const { confirm } = await import("./prompt");
      const config = loadConfig();
      const source = path.resolve(file);
      const header = await readBackupHeader(source);
      await withDatabase(config, async (database) => {
        if (!options.yes) {
          const ok = await confirm(
            `This replaces ALL data in ${describeTarget(config)}\nwith the backup ${source}\n(taken ${header.createdAt} from ${header.source}, ${header.tables.length} tables).`,
          );
          if (!ok) throw new CliError("restore cancelled; nothing was changed.");
        }
        if ((await appliedMigrationCount(database)) === 0) await migrateDatabase(database);
        const summary = await restoreDatabase(database, source, {
          onRestored: async (tx, restored) => {
            // The audit entry lands in the restored data, in the same transaction (if the tenant is in it).
            if (!(await findTenant(tx, config.tenant))) return;
            await recordAudit(tx, await cliAuditContext(config.tenant), {
              action: "database.restore",
              entityType: "database",
              entityId: null,
              after: { file: path.basename(source), backupCreatedAt: header.createdAt, backupSource: header.source, rows: restored.totalRows },
            });
          },
        });
        process.stdout.write(`Restored ${summary.totalRows} rows into ${summary.header.tables.length} tables of ${describeTarget(config)}.\n`);
      });
    });
}
