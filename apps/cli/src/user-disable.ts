import type { Command } from "commander";

/** `caihong user disable`: blocks sign-in and ends every session of the account. */
export function addUserDisableCommand(user: Command): void {
  user
    .command("disable")
    .description("Disable an account: it can no longer sign in and its sessions end (re-enable it in the web app)")
    .argument("<username>", "login name")
    .action(async (username: string) => {
      const { and, eq, sql } = await import("drizzle-orm");
      const { loadConfig } = await import("../../api/src/config/env");
      const { users } = await import("../../api/src/modules/users/users.table");
      const { recordCliAudit } = await import("./audit");
      const { requireReady, withDatabase } = await import("./database");
      const { getUserByUsername, loadPersonalData, revokeSessions, snapshotUser } = await import("./user-support");
      const config = loadConfig();
      await withDatabase(config, async (database) => {
        await requireReady(database, config);
        const tenantId = config.tenant;
        const pd = () => loadPersonalData(config, database);
        const changed = await database.db.transaction(async (tx) => {
          const target = await getUserByUsername(tx, tenantId, username);
          if (target.status === "disabled") return false;
          const before = await snapshotUser(tx, tenantId, target.id, pd);
          await tx
            .update(users)
            .set({ status: "disabled", failedLoginCount: 0, lockedUntil: null, updatedAt: new Date(), version: sql`${users.version} + 1` })
            .where(and(eq(users.tenantId, tenantId), eq(users.id, target.id)));
          await revokeSessions(tx, tenantId, target.id);
          const after = await snapshotUser(tx, tenantId, target.id, pd);
          await recordCliAudit(tx, tenantId, { action: "user.disable", entityType: "user", entityId: target.id, gridId: target.gridId, before, after });
          return true;
        });
        process.stdout.write(changed ? `Disabled ${username}; their sessions have ended.\n` : `${username} is already disabled; nothing changed.\n`);
      });
    });
}
