import type { Command } from "commander";

/** `caihong user disable`: blocks sign-in and ends every session of the account. */
export function addUserDisableCommand(user: Command): void {
  user
    .command("disable")
    .description("Disable an account: it can no longer sign in and its sessions end (re-enable it in the web app)")
    .argument("<username>", "login name")
    .action(async (username: string) => {
      const { loadConfig, setUserStatus } = await import("@caihong/api");
      const { cliContext } = await import("./context");
      const { requireReady, withDatabase } = await import("./database");
      const { getUserByUsername } = await import("./user-support");
      const config = loadConfig();
      await withDatabase(config, async (database) => {
        await requireReady(database, config);
        const ctx = await cliContext(config, database);
        const target = await getUserByUsername(ctx, username);
        if (target.status === "disabled") {
          process.stdout.write(`${username} is already disabled; nothing changed.\n`);
          return;
        }
        await setUserStatus(ctx, target.id, { version: target.version, status: "disabled" });
        process.stdout.write(`Disabled ${username}; their sessions have ended.\n`);
      });
    });
}
