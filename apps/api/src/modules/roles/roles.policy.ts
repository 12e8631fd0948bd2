import type { TPermission } from "@caihong/contracts";
import { AppError, msg } from "../../lib/errors";
import type { RoleRow } from "./roles.repository";

/** The sub-district admin role keeps roles.write, so someone can always repair the roles. */
export function assertKeepsRoleAdmin(role: RoleRow, permissions: TPermission[] | undefined): void {
  if (role.code === "subdistrict_admin" && permissions && !permissions.includes("roles.write")) {
    throw new AppError("UNPROCESSABLE", msg("街道管理员角色必须保留“管理角色”权限", "The sub-district admin role must keep roles.write"));
  }
}

/** Only a custom role that nobody holds may be deleted. */
export function assertDeletable(role: RoleRow): void {
  if (role.isSystem) throw new AppError("INVALID_STATE", msg("系统角色不能删除", "System roles cannot be deleted"));
  if (role.userCount > 0) throw new AppError("INVALID_STATE", msg(`仍有 ${role.userCount} 个用户持有该角色`, `${role.userCount} user(s) still hold this role`));
}
