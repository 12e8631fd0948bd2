import type { Command } from "commander";

/** `caihong user reset-password`: a temporary password, sessions ended, lockout cleared. */
export function addUserResetPasswordCommand(user: Command): void {
  user
    .command("reset-password")
    .description("Set a temporary password (generated unless --password is given), end the user's sessions and clear a lockout")
    .argument("<username>", "login name")
    .option("--password <password>", "the temporary password; it must be changed at next sign-in")
    .action(async (username: string, options: { password?: string }) => {
      const { and, eq, sql } = await import("drizzle-orm");
      const { loadConfig } = await import("../../api/src/config/env");
      const { hashPassword } = await import("../../api/src/lib/passwords");
      const { users } = await import("../../api/src/modules/users/users.table");
      const { recordCliAudit } = await import("./audit");
      const { requireReady, withDatabase } = await import("./database");
      const { checkPassword, generatePassword, getUserByUsername, printPassword, revokeSessions } = await import("./user-support");
      const config = loadConfig();
      const password = options.password === undefined ? generatePassword() : checkPassword(options.password);
      const passwordHash = await hashPassword(password);
      await withDatabase(config, async (database) => {
        await requireReady(database, config);
        const tenantId = config.tenant;
        await database.db.transaction(async (tx) => {
          const target = await getUserByUsername(tx, tenantId, username);
          await tx
            .update(users)
            .set({ passwordHash, mustChangePassword: true, failedLoginCount: 0, lockedUntil: null, updatedAt: new Date(), version: sql`${users.version} + 1` })
            .where(and(eq(users.tenantId, tenantId), eq(users.id, target.id)));
          await revokeSessions(tx, tenantId, target.id);
          await recordCliAudit(tx, tenantId, { action: "user.password.reset", entityType: "user", entityId: target.id, gridId: target.gridId });
        });
        process.stdout.write(`Reset the password of ${username}; their sessions have ended.\n`);
        if (options.password === undefined) printPassword(`Temporary password of ${username}`, password);
      });
    });
}
