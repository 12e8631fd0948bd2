import type { TPermission, TRoleAssignmentInput } from "@caihong/contracts";
import { isScopeWithin, type DataScope, type RecordLocation } from "@caihong/domain";
import { AppError, msg } from "../../lib/errors";
import type { Principal } from "../../lib/principal";

/** Where an account sits for data scope: its home grid, and it is its own owner. */
export function userLocation(row: { id: string; gridId: string | null; gridPath: string | null }): RecordLocation {
  return { gridPath: row.gridPath, gridId: row.gridId, ownerId: row.id };
}

/**
 * No privilege escalation: an administrator whose users.write scope is limited may only grant
 * roles whose permissions they hold themselves, with scopes inside their own.
 */
export function assertMayAssign(
  actor: Principal,
  writeScope: DataScope,
  assignments: { input: TRoleAssignmentInput; rolePermissions: string[]; gridPath: string | null }[],
): void {
  if (writeScope.kind === "all") return;
  for (const { input, rolePermissions, gridPath } of assignments) {
    const excess = rolePermissions.filter((p) => !actor.permissions.has(p as TPermission));
    if (excess.length > 0) {
      throw new AppError("FORBIDDEN", msg(`不能授予自己没有的权限：${excess.join(", ")}`, `Cannot grant permissions you do not hold: ${excess.join(", ")}`));
    }
    if (!isScopeWithin(writeScope, { scope: input.scope, gridId: input.gridId ?? null, gridPath })) {
      throw new AppError("FORBIDDEN", msg("授予的数据范围超出了您自己的范围", "The granted scope is wider than your own"));
    }
  }
}

/** Nobody changes their own roles: another administrator must. */
export function assertNotOwnRoles(actor: Principal, userId: string): void {
  if (userId === actor.userId) throw new AppError("UNPROCESSABLE", msg("不能修改自己的角色", "You cannot change your own roles"));
}

/** Nobody disables their own account (the last administrator would lock everyone out). */
export function assertNotDisablingSelf(actor: Principal, userId: string, status: "active" | "disabled"): void {
  if (userId === actor.userId && status === "disabled") {
    throw new AppError("UNPROCESSABLE", msg("不能停用自己的账号", "You cannot disable your own account"));
  }
}
