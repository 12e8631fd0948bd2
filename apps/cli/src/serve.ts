import { InvalidArgumentError, type Command } from "commander";

/** A whole number of worker processes, at least 1. */
function parseWorkers(value: string): number {
  const n = Number(value);
  if (!Number.isInteger(n) || n < 1 || n > 64) throw new InvalidArgumentError("a whole number from 1 to 64");
  return n;
}

/** `caihong serve`: the HTTP server (API and built web app), in this process or in N worker processes on PostgreSQL. */
export function addServeCommand(program: Command): void {
  program
    .command("serve")
    .description("Start the server: API and web app on PORT (default 3000). Stops cleanly on SIGINT/SIGTERM.")
    .option("--workers <n>", "serve from n processes sharing the port (PostgreSQL only; the embedded database is one process)", parseWorkers, 1)
    .addHelpText(
      "after",
      "\nConfiguration comes from the environment: PORT, HOST, DATABASE_URL (absent: embedded PGlite in CAIHONG_DATA_DIR),\n" +
        "CAIHONG_DATA_DIR, CAIHONG_ADMIN_PASSWORD, CAIHONG_DATA_KEY, CAIHONG_TENANT, LOG_LEVEL. See README.md.\n" +
        "With --workers, every worker runs the case clock (each stage still fires once) and drops its caches when another changes grids, the calendar or permissions.",
    )
    .action(async (options: { workers: number }) => {
      // Loaded on use, so `caihong --help` stays fast.
      const { loadConfig, startWorkers } = await import("@caihong/api");
      await startWorkers(loadConfig(), options.workers);
    });
}
