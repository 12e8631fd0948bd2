import type { Command } from "commander";

/** `caihong serve`: the HTTP server (API and built web app) in this process. */
export function addServeCommand(program: Command): void {
  program
    .command("serve")
    .description("Start the server: API and web app on PORT (default 3000). Stops cleanly on SIGINT/SIGTERM.")
    .addHelpText(
      "after",
      "\nConfiguration comes from the environment: PORT, HOST, DATABASE_URL (absent: embedded PGlite in CAIHONG_DATA_DIR),\n" +
        "CAIHONG_DATA_DIR, CAIHONG_ADMIN_PASSWORD, CAIHONG_DATA_KEY, CAIHONG_TENANT, LOG_LEVEL. See README.md.",
    )
    .action(async () => {
      // Loaded on use, so `caihong --help` stays fast.
      const { loadConfig, startServer } = await import("@caihong/api");
      await startServer(loadConfig());
    });
}
