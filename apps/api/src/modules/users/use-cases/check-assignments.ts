import type { TRoleAssignmentInput } from "@caihong/contracts";
import type { DataScope } from "@caihong/domain";
import type { Db } from "../../../db/client";
import type { ActorContext } from "../../../lib/context";
import { AppError, msg } from "../../../lib/errors";
import { getGridPath } from "../../../lib/scope-sql";
import { findRolesByIds, type NewAssignment } from "../../roles";
import { assertMayAssign } from "../users.policy";

/**
 * Checks the role assignments of an account form (the roles and grids exist, the caller may grant
 * them; part of the create and update use cases, which authorize first) and returns them as rows.
 */
export async function checkAssignments(db: Db, ctx: ActorContext, writeScope: DataScope, input: TRoleAssignmentInput[]): Promise<NewAssignment[]> {
  const found = await findRolesByIds(db, ctx.actor.tenantId, [...new Set(input.map((a) => a.roleId))]);
  const checked = [];
  for (const [index, a] of input.entries()) {
    const role = found.find((r) => r.id === a.roleId);
    if (!role) {
      throw new AppError("VALIDATION_FAILED", msg("角色不存在", "No such role"), { errors: [{ path: `body.roles.${index}.roleId`, message: "field.unknownRole" }] });
    }
    const gridPath = a.gridId ? await getGridPath(db, ctx.actor.tenantId, a.gridId, `body.roles.${index}.gridId`) : null;
    checked.push({ input: a, rolePermissions: role.permissions, gridPath });
  }
  assertMayAssign(ctx.actor, writeScope, checked);
  return input.map((a) => ({ roleId: a.roleId, scope: a.scope, gridId: a.gridId ?? null }));
}
