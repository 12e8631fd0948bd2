import type { TPermission, TRoleAssignmentInput } from "@caihong/contracts";
import { isScopeWithin, type DataScope } from "@caihong/domain";
import { AppError, msg } from "../../lib/errors";
import type { Principal } from "../../lib/principal";

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
