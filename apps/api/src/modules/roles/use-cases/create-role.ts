import type { TPermission, TRole } from "@caihong/contracts";
import type { ActorContext } from "../../../lib/context";
import { AppError, msg } from "../../../lib/errors";
import { authorizeTenantWide } from "../../../lib/policy";
import { recordAudit } from "../../audit";
import { presentRole } from "../roles.presenter";
import { findRoleByCode, insertRole } from "../roles.repository";

/** Creates a custom role; its code is unique in the tenant. */
export async function createRole(ctx: ActorContext, input: { code: string; nameZh: string; nameEn: string; permissions: TPermission[] }): Promise<TRole> {
  authorizeTenantWide(ctx.actor, "roles.write");
  return ctx.db.transaction(async (tx) => {
    if (await findRoleByCode(tx, ctx.actor.tenantId, input.code)) {
      throw new AppError("ALREADY_EXISTS", msg("角色代码已存在", "Role code already exists"), { errors: [{ path: "body.code", message: "field.taken" }] });
    }
    const row = await insertRole(tx, ctx.actor.tenantId, { ...input, permissions: [...new Set(input.permissions)], now: ctx.clock() });
    const dto = presentRole({ ...row, userCount: 0 });
    await recordAudit(tx, ctx, { action: "role.create", entityType: "role", entityId: row.id, after: dto });
    return dto;
  });
}
