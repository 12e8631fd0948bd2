import fs from "node:fs";
import path from "node:path";
import type { Command } from "commander";
import { CliError } from "./errors";

/** `caihong backup FILE`: a consistent logical backup that restores into PGlite or PostgreSQL. */
export function addBackupCommand(program: Command): void {
  program
    .command("backup")
    .description("Write every table to FILE (gzip NDJSON). Restores into PGlite or PostgreSQL at the same migrations.")
    .argument("<file>", "backup file to write, e.g. caihong-2026-11-28.ndjson.gz")
    .option("--force", "overwrite FILE if it exists")
    .addHelpText(
      "after",
      "\nWith embedded PGlite, stop the server first (the data directory is locked while it runs).\n" +
        "With PostgreSQL the backup runs in one repeatable-read transaction and may run beside the server.\n" +
        "Personal data stays encrypted in the file: keep the key (CAIHONG_DATA_KEY or <data dir>/secret.key) safe, separately.",
    )
    .action(async (file: string, options: { force?: boolean }) => {
      const { backupDatabase, loadConfig } = await import("@caihong/api");
      const { describeTarget, requireMigrated, withDatabase } = await import("./database");
      const config = loadConfig();
      const target = path.resolve(file);
      if (fs.existsSync(target) && !options.force) throw new CliError(`${target} exists; pass --force to overwrite it.`);
      await withDatabase(config, async (database) => {
        await requireMigrated(database);
        const summary = await backupDatabase(database, target);
        const size = fs.statSync(target).size;
        process.stdout.write(
          `Backed up ${summary.totalRows} rows from ${summary.header.tables.length} tables of ${describeTarget(config)}\n` +
            `to ${target} (${(size / 1024).toFixed(1)} KiB, ${summary.header.migrations.length} migrations).\n` +
            `Phone and ID numbers in it are encrypted with ${config.dataKey ? "CAIHONG_DATA_KEY" : path.join(config.dataDir, "secret.key")}: ` +
            "keep a copy of that key, apart from the backup, or they cannot be read after a restore.\n",
        );
      });
    });
}
