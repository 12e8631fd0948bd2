import { Option, type Command } from "commander";
import { CliError } from "./errors";

interface SeedOptions {
  demo: "xinhong";
}

/** `caihong seed --demo xinhong`: loads the Xinhong demo data set, as the first start does. */
export function addSeedCommand(program: Command): void {
  program
    .command("seed")
    .description("Load the Xinhong demo data: grid tree, party organisations, people, staff posts, units and six months of cases (idempotent)")
    .addOption(new Option("--demo <dataset>", "the demo data set to load").choices(["xinhong"]).makeOptionMandatory())
    .addHelpText(
      "after",
      "\nOnly the root grid: loads the 1/4/29/147 grid tree and the party network.\n" +
        "A grid tree but no party organisation: adds the party network on that tree.\n" +
        "Party organisations already there: changes nothing.\n" +
        "No demo cases yet (and CAIHONG_SEED_DEMO_CASES not false): adds the 2021-05 … 10 demo cases.\n" +
        "Invented people and firms are marked as demo data. The load is audited as 'cli'.",
    )
    .action(async (options: SeedOptions) => {
      const { loadConfig, recordAudit, seedDemoCases, seedXinhongDemo } = await import("@caihong/api");
      const { cliAuditContext, loadPersonalData } = await import("./context");
      const { describeTarget, requireReady, withDatabase } = await import("./database");
      const config = loadConfig();
      if (config.tenant !== options.demo) {
        throw new CliError(`the ${options.demo} demo belongs to tenant ${options.demo}, but CAIHONG_TENANT is ${config.tenant}.`);
      }
      await withDatabase(config, async (database) => {
        await requireReady(database, config);
        const pd = await loadPersonalData(config, database);
        const audit = await cliAuditContext(config.tenant);
        const started = performance.now();
        const { result, cases } = await database.db.transaction(async (tx) => {
          const seeded = await seedXinhongDemo(tx, config.tenant, pd);
          // Demo cases need the grids, units and staff above; null when they are already there.
          const demoCases = config.seedDemoCases ? await seedDemoCases(tx, config.tenant, pd) : null;
          if (seeded.outcome !== "already_present" || demoCases) {
            await recordAudit(tx, audit, {
              action: "demo.seed",
              entityType: "tenant",
              entityId: config.tenant,
              after: { dataset: options.demo, outcome: seeded.outcome, grids: seeded.grids, ...seeded.network, ...(demoCases ? { cases: demoCases } : {}) },
            });
          }
          return { result: seeded, cases: demoCases };
        });
        const casesLine = cases ? ` and ${cases.cases} demo cases (2021-05 … 10) with ${cases.caseEvents} steps` : "";
        const seconds = ((performance.now() - started) / 1000).toFixed(1);
        const target = describeTarget(config);
        if (result.outcome === "already_present") {
          process.stdout.write(
            cases
              ? `${target}: the ${options.demo} network was already there; added${casesLine} to tenant ${config.tenant} (${seconds} s).\n`
              : `${target}: the ${options.demo} demo data (or other party organisations) is already there in tenant ${config.tenant}; nothing changed.\n`,
          );
          return;
        }
        const n = result.network!;
        const network =
          `${n.partyOrgs} party organisations, ${n.people} people, ${n.partyMemberships} memberships, ` +
          `${n.staffAssignments} staff posts, ${n.units} units with ${n.unitContacts} contacts`;
        process.stdout.write(
          result.outcome === "loaded"
            ? `${target}: loaded the ${options.demo} demo into tenant ${config.tenant}: ${result.grids} grids below the root, ${network}${casesLine} (${seconds} s).\n`
            : `${target}: the grid tree was already there; added the party network to tenant ${config.tenant}: ${network}${casesLine} (${seconds} s).\n`,
        );
      });
    });
}
