import type { ActorContext } from "../../../lib/context";
import { AppError } from "../../../lib/errors";
import { hashPassword } from "../../../lib/passwords";
import { assertInScope, authorize } from "../../../lib/policy";
import { recordAudit } from "../../audit";
import { userLocation } from "../users.policy";
import { findUserById, updateUserColumns } from "../users.repository";

/** Sets a temporary password the user must change; revokes their sessions and clears a lockout. */
export async function resetUserPassword(ctx: ActorContext, id: string, password: string): Promise<void> {
  const scope = authorize(ctx.actor, "users.write");
  const passwordHash = await hashPassword(password);
  await ctx.db.transaction(async (tx) => {
    const row = await findUserById(tx, ctx.actor.tenantId, id, true);
    if (!row) throw new AppError("NOT_FOUND");
    assertInScope(scope, userLocation(row));
    await updateUserColumns(tx, row.tenantId, row.id, { passwordHash, mustChangePassword: true, failedLoginCount: 0, lockedUntil: null }, ctx.clock());
    await ctx.sessions.revokeAll(tx, row.id);
    await recordAudit(tx, ctx, { action: "user.password.reset", entityType: "user", entityId: id, gridId: row.gridId });
  });
}
