import type { ActorContext } from "../../../lib/context";
import { AppError, msg } from "../../../lib/errors";
import { hashPassword, verifyPassword } from "../../../lib/passwords";
import { recordAudit } from "../../audit";
import { findAccountById, updateUserColumns } from "../../users";
import { revokeSessions } from "../auth.repository";

/** Changes the caller's own password; revokes their other sessions. */
export async function changeOwnPassword(ctx: ActorContext, input: { currentPassword: string; newPassword: string }): Promise<void> {
  // Self-service: a signed-in user changes their own password (an API key has none).
  if (ctx.actor.kind !== "user") throw new AppError("FORBIDDEN");
  const user = await findAccountById(ctx.db, ctx.actor.tenantId, ctx.actor.userId);
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError("INVALID_CREDENTIALS", msg("当前密码不正确", "The current password is wrong"));
  }
  if (input.currentPassword === input.newPassword) {
    throw new AppError("UNPROCESSABLE", msg("新密码不能与当前密码相同", "The new password must differ from the current one"));
  }
  const passwordHash = await hashPassword(input.newPassword);
  await ctx.db.transaction(async (tx) => {
    await updateUserColumns(tx, user.tenantId, user.id, { passwordHash, mustChangePassword: false }, ctx.clock());
    await revokeSessions(tx, user.tenantId, user.id, ctx.clock(), ctx.actor.sessionId);
    await recordAudit(tx, ctx, { action: "user.password.change", entityType: "user", entityId: user.id, gridId: user.gridId });
  });
}
