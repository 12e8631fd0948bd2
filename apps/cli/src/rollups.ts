import type { Command } from "commander";
import { addDatabaseCommandGroup } from "./command-group";
import { CliError } from "./errors";

interface RebuildOptions {
  tenant?: string;
  all?: boolean;
}

/** `caihong rollups rebuild`: recounts the evaluation rollups from the cases, one transaction per tenant. */
function addRollupsRebuildCommand(rollups: Command): void {
  rollups
    .command("rebuild")
    .description("Recount the evaluation rollups (考核评价) from the cases: after loading cases in bulk, or to repair them")
    .option("--tenant <code|id>", "the tenant: its id (e.g. xinhong) or its 12-digit division code (default: CAIHONG_TENANT)")
    .option("--all", "every tenant that has cases or rollups, each in its own transaction")
    .addHelpText("after", "\nSteps taken meanwhile wait for each tenant's transaction and then count on top of the rebuilt rows. Audited as 'cli' (rollups.rebuild).")
    .action(async (options: RebuildOptions) => {
      const { AppError, loadConfig, rebuildEvaluationRollups } = await import("@caihong/api");
      const { cliContext, describeAppError } = await import("./context");
      const { describeTarget, requireReady, withDatabase } = await import("./database");
      if (options.all && options.tenant !== undefined) throw new CliError("give --tenant or --all, not both.");
      const config = loadConfig();
      await withDatabase(config, async (database) => {
        await requireReady(database, config);
        const ctx = await cliContext(config, database);
        let done;
        try {
          done = await rebuildEvaluationRollups(ctx, { tenant: options.tenant, all: options.all === true });
        } catch (err) {
          if (err instanceof AppError) throw new CliError(describeAppError(err, ctx.locale));
          throw err;
        }
        const n = (x: number) => x.toLocaleString("en-US");
        for (const r of done) process.stdout.write(`${r.tenantId}: ${n(r.rows)} rollup rows from ${n(r.cases)} cases, ${n(r.marked)} due cases marked overdue (${(r.ms / 1000).toFixed(1)} s)\n`);
        const cases = done.reduce((s, r) => s + r.cases, 0);
        process.stdout.write(`${describeTarget(config)}: rebuilt the evaluation rollups of ${done.length} tenant(s), ${n(cases)} cases.\n`);
      });
    });
}

/** `caihong rollups …`: upkeep of the evaluation rollups. */
export function addRollupsCommand(program: Command): void {
  const rollups = addDatabaseCommandGroup(program, "rollups", "Evaluation rollups (the counts 考核评价 reads): rebuild them from the cases");
  addRollupsRebuildCommand(rollups);
}
