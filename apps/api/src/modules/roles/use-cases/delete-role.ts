import type { ActorContext } from "../../../lib/context";
import { AppError } from "../../../lib/errors";
import { authorizeTenantWide } from "../../../lib/policy";
import { recordAudit } from "../../audit";
import { assertDeletable } from "../roles.policy";
import { presentRole } from "../roles.presenter";
import { deleteRole as deleteRoleRow, findRoleById } from "../roles.repository";

/** Deletes a custom role nobody holds. */
export async function deleteRole(ctx: ActorContext, id: string): Promise<void> {
  authorizeTenantWide(ctx.actor, "roles.write");
  await ctx.db.transaction(async (tx) => {
    const before = await findRoleById(tx, ctx.actor.tenantId, id, true);
    if (!before) throw new AppError("NOT_FOUND");
    assertDeletable(before);
    await deleteRoleRow(tx, before.tenantId, id);
    await recordAudit(tx, ctx, { action: "role.delete", entityType: "role", entityId: id, before: presentRole(before) });
  });
}
