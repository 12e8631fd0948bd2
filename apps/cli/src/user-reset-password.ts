import type { Command } from "commander";

/** `caihong user reset-password`: a temporary password, sessions ended, lockout cleared. */
export function addUserResetPasswordCommand(user: Command): void {
  user
    .command("reset-password")
    .description("Set a temporary password (generated unless --password is given), end the user's sessions and clear a lockout")
    .argument("<username>", "login name")
    .option("--password <password>", "the temporary password; it must be changed at next sign-in")
    .action(async (username: string, options: { password?: string }) => {
      const { loadConfig, resetUserPassword } = await import("@caihong/api");
      const { cliContext } = await import("./context");
      const { requireReady, withDatabase } = await import("./database");
      const { checkPassword, generatePassword, getUserByUsername, printPassword } = await import("./user-support");
      const config = loadConfig();
      const password = options.password === undefined ? generatePassword() : checkPassword(options.password);
      await withDatabase(config, async (database) => {
        await requireReady(database, config);
        const ctx = await cliContext(config, database);
        const target = await getUserByUsername(ctx, username);
        await resetUserPassword(ctx, target.id, password);
        process.stdout.write(`Reset the password of ${username}; their sessions have ended.\n`);
        if (options.password === undefined) printPassword(`Temporary password of ${username}`, password);
      });
    });
}
