import type { TPermission, TRole } from "@caihong/contracts";
import type { ActorContext } from "../../../lib/context";
import { AppError } from "../../../lib/errors";
import { authorizeTenantWide } from "../../../lib/policy";
import { recordAudit } from "../../audit";
import { assertKeepsRoleAdmin } from "../roles.policy";
import { presentRole } from "../roles.presenter";
import { findRoleById, updateRole as updateRoleRow } from "../roles.repository";

/** Renames a role or changes its permissions (optimistic concurrency); every holder's grants reload. */
export async function updateRole(
  ctx: ActorContext,
  id: string,
  input: { version: number; nameZh?: string; nameEn?: string; permissions?: TPermission[] },
): Promise<TRole> {
  authorizeTenantWide(ctx.actor, "roles.write");
  return ctx.db.transaction(async (tx) => {
    const before = await findRoleById(tx, ctx.actor.tenantId, id, true);
    if (!before) throw new AppError("NOT_FOUND");
    if (before.version !== input.version) throw new AppError("VERSION_CONFLICT");
    assertKeepsRoleAdmin(before, input.permissions);
    await updateRoleRow(tx, before.tenantId, id, {
      nameZh: input.nameZh ?? before.nameZh,
      nameEn: input.nameEn ?? before.nameEn,
      permissions: input.permissions ? [...new Set(input.permissions)] : before.permissions,
      updatedAt: ctx.clock(),
    });
    const after = (await findRoleById(tx, ctx.actor.tenantId, id))!;
    await recordAudit(tx, ctx, { action: "role.update", entityType: "role", entityId: id, before: presentRole(before), after: presentRole(after) });
    await ctx.sessions.permissionsChanged(tx);
    return presentRole(after);
  });
}
