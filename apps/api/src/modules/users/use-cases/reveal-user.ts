import type { ActorContext } from "../../../lib/context";
import { AppError } from "../../../lib/errors";
import { assertInScope, authorize } from "../../../lib/policy";
import { recordAudit } from "../../audit";
import { userLocation } from "../users.policy";
import { findUserById } from "../users.repository";

/** The full phone number of a user: needs personal.unmask and users.read scope; always audited. */
export async function revealUserPersonalData(ctx: ActorContext, id: string): Promise<{ phone: string | null }> {
  authorize(ctx.actor, "personal.unmask");
  const scope = authorize(ctx.actor, "users.read");
  const row = await findUserById(ctx.db, ctx.actor.tenantId, id);
  if (!row) throw new AppError("NOT_FOUND");
  assertInScope(scope, userLocation(row));
  await recordAudit(ctx.db, ctx, { action: "user.phone.unmask", entityType: "user", entityId: id, gridId: row.gridId });
  return { phone: row.phoneEnc ? ctx.pd.decrypt(row.phoneEnc) : null };
}
