import type { TLocale, TSessionUser } from "@caihong/contracts";
import type { ActorContext } from "../../../lib/context";
import { AppError } from "../../../lib/errors";
import { recordAudit } from "../../audit";
import { findAccountById, updateUserColumns } from "../../users";
import { getSessionUser } from "./sessions";

/** Updates the caller's display name or language. */
export async function updateOwnProfile(ctx: ActorContext, input: { displayName?: string; locale?: TLocale }): Promise<TSessionUser> {
  // Self-service: a signed-in user edits their own profile (an API key has none).
  if (ctx.actor.kind !== "user") throw new AppError("FORBIDDEN");
  await ctx.db.transaction(async (tx) => {
    const before = await findAccountById(tx, ctx.actor.tenantId, ctx.actor.userId, true);
    if (!before) throw new AppError("SESSION_EXPIRED");
    const patch = { displayName: input.displayName ?? before.displayName, locale: input.locale ?? before.locale };
    await updateUserColumns(tx, before.tenantId, before.id, patch, ctx.clock());
    await recordAudit(tx, ctx, {
      action: "user.profile.update",
      entityType: "user",
      entityId: before.id,
      gridId: before.gridId,
      before: { displayName: before.displayName, locale: before.locale },
      after: patch,
    });
  });
  return getSessionUser({ ...ctx, locale: input.locale ?? ctx.locale });
}
