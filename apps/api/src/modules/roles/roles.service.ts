import type { TPermission, TRole } from "@caihong/contracts";
import { and, eq, sql } from "drizzle-orm";
import { recordAudit } from "../audit";
import type { ActorContext } from "../../lib/context";
import { AppError, msg } from "../../lib/errors";
import { authorize } from "../../lib/policy";
import { presentRole } from "./roles.presenter";
import { findRoleById, findRoles as queryRoles } from "./roles.repository";
import { roles } from "./roles.table";

/** Roles are tenant-wide: reading needs roles.read, changing needs roles.write with the all scope. */
function authorizeWrite(ctx: ActorContext) {
  const scope = authorize(ctx.actor, "roles.write");
  if (scope.kind !== "all") throw new AppError("FORBIDDEN", msg("只有全街道范围的管理员可以修改角色", "Only tenant-wide administrators may change roles"));
}

export async function findRoles(ctx: ActorContext): Promise<{ items: TRole[] }> {
  authorize(ctx.actor, "roles.read");
  return { items: (await queryRoles(ctx.db, ctx.actor.tenantId)).map(presentRole) };
}

export async function createRole(ctx: ActorContext, input: { code: string; nameZh: string; nameEn: string; permissions: TPermission[] }): Promise<TRole> {
  authorizeWrite(ctx);
  return ctx.db.transaction(async (tx) => {
    const [clash] = await tx.select({ id: roles.id }).from(roles).where(and(eq(roles.tenantId, ctx.actor.tenantId), eq(roles.code, input.code)));
    if (clash) throw new AppError("ALREADY_EXISTS", msg("角色代码已存在", "Role code already exists"), { errors: [{ path: "body.code", message: "field.taken" }] });
    const now = ctx.clock();
    const [row] = await tx
      .insert(roles)
      .values({ tenantId: ctx.actor.tenantId, code: input.code, nameZh: input.nameZh, nameEn: input.nameEn, permissions: [...new Set(input.permissions)], createdAt: now, updatedAt: now })
      .returning();
    const dto = presentRole({ ...row!, userCount: 0 });
    await recordAudit(tx, ctx, { action: "role.create", entityType: "role", entityId: row!.id, after: dto });
    return dto;
  });
}

export async function updateRole(
  ctx: ActorContext,
  id: string,
  input: { version: number; nameZh?: string; nameEn?: string; permissions?: TPermission[] },
): Promise<TRole> {
  authorizeWrite(ctx);
  const result = await ctx.db.transaction(async (tx) => {
    const before = await findRoleById(tx, ctx.actor.tenantId, id, true);
    if (!before) throw new AppError("NOT_FOUND");
    if (before.version !== input.version) throw new AppError("VERSION_CONFLICT");
    if (before.code === "subdistrict_admin" && input.permissions && !input.permissions.includes("roles.write")) {
      throw new AppError("UNPROCESSABLE", msg("街道管理员角色必须保留“管理角色”权限", "The sub-district admin role must keep roles.write"));
    }
    await tx
      .update(roles)
      .set({
        nameZh: input.nameZh ?? before.nameZh,
        nameEn: input.nameEn ?? before.nameEn,
        permissions: input.permissions ? [...new Set(input.permissions)] : before.permissions,
        updatedAt: ctx.clock(),
        version: sql`${roles.version} + 1`,
      })
      .where(and(eq(roles.tenantId, before.tenantId), eq(roles.id, id)));
    const after = (await findRoleById(tx, ctx.actor.tenantId, id))!;
    await recordAudit(tx, ctx, { action: "role.update", entityType: "role", entityId: id, before: presentRole(before), after: presentRole(after) });
    return presentRole(after);
  });
  ctx.invalidatePrincipals();
  return result;
}

export async function deleteRole(ctx: ActorContext, id: string): Promise<void> {
  authorizeWrite(ctx);
  await ctx.db.transaction(async (tx) => {
    const before = await findRoleById(tx, ctx.actor.tenantId, id, true);
    if (!before) throw new AppError("NOT_FOUND");
    if (before.isSystem) throw new AppError("INVALID_STATE", msg("系统角色不能删除", "System roles cannot be deleted"));
    if (before.userCount > 0) throw new AppError("INVALID_STATE", msg(`仍有 ${before.userCount} 个用户持有该角色`, `${before.userCount} user(s) still hold this role`));
    await tx.delete(roles).where(and(eq(roles.tenantId, before.tenantId), eq(roles.id, id)));
    await recordAudit(tx, ctx, { action: "role.delete", entityType: "role", entityId: id, before: presentRole(before) });
  });
}
