import type { TUser, ZUpdateUserRequest } from "@caihong/contracts";
import type { DataScope } from "@caihong/domain";
import type { z } from "zod";
import type { Db } from "../../../db/client";
import type { ActorContext } from "../../../lib/context";
import { AppError, msg } from "../../../lib/errors";
import { assertInScope, authorize } from "../../../lib/policy";
import { getGridPath } from "../../../lib/scope-sql";
import { recordAudit } from "../../audit";
import { replaceAssignments } from "../../roles";
import { assertNotOwnRoles, userLocation } from "../users.policy";
import { auditSnapshot, presentUser } from "../users.presenter";
import { findTakenField, findUserById, updateUserColumns, type UserPatch, type UserRow } from "../users.repository";
import { checkAssignments } from "./check-assignments";

/**
 * Runs a change to one user under optimistic concurrency: the row is locked, its version must
 * match, and the audit entry records before and after in the same transaction, which also bumps
 * the permission version (roles, home grid or status may have changed). The callers authorize
 * users.write and pass its scope.
 */
export async function changeUser(
  ctx: ActorContext,
  scope: DataScope,
  id: string,
  version: number,
  action: string,
  apply: (tx: Db, row: UserRow) => Promise<UserPatch>,
): Promise<TUser> {
  const tenantId = ctx.actor.tenantId;
  return ctx.db.transaction(async (tx) => {
    const row = await findUserById(tx, tenantId, id, true);
    if (!row) throw new AppError("NOT_FOUND");
    assertInScope(scope, userLocation(row));
    if (row.version !== version) throw new AppError("VERSION_CONFLICT");
    const before = presentUser(row, ctx.pd, ctx.locale);
    await updateUserColumns(tx, tenantId, id, await apply(tx, row), ctx.clock());
    const afterRow = (await findUserById(tx, tenantId, id))!;
    const after = presentUser(afterRow, ctx.pd, ctx.locale);
    await recordAudit(tx, ctx, { action, entityType: "user", entityId: id, gridId: afterRow.gridId, before: auditSnapshot(before), after: auditSnapshot(after) });
    await ctx.sessions.permissionsChanged(tx);
    return after;
  });
}

/** Edits name, phone, home grid or role assignments. */
export async function updateUser(ctx: ActorContext, id: string, input: z.infer<typeof ZUpdateUserRequest>): Promise<TUser> {
  const scope = authorize(ctx.actor, "users.write");
  return changeUser(ctx, scope, id, input.version, "user.update", async (tx, row) => {
    const patch: UserPatch = {};
    if (input.displayName !== undefined) patch.displayName = input.displayName;
    if (input.phone !== undefined) {
      const phoneHash = input.phone ? ctx.pd.hash("phone", input.phone) : null;
      if (phoneHash && phoneHash !== row.phoneHash && (await findTakenField(tx, row.tenantId, null, phoneHash))) {
        throw new AppError("ALREADY_EXISTS", msg("手机号已被使用", "Phone already in use"), { errors: [{ path: "body.phone", message: "field.taken" }] });
      }
      patch.phoneEnc = input.phone ? ctx.pd.encrypt(input.phone) : null;
      patch.phoneHash = phoneHash;
      if (phoneHash !== row.phoneHash) patch.phoneVerifiedAt = null;
    }
    if (input.gridId !== undefined) {
      const gridPath = input.gridId ? await getGridPath(tx, row.tenantId, input.gridId) : null;
      assertInScope(scope, { gridPath, gridId: input.gridId, ownerId: null });
      patch.gridId = input.gridId;
    }
    if (input.roles) {
      assertNotOwnRoles(ctx.actor, row.id);
      const assignments = await checkAssignments(tx, ctx, scope, input.roles);
      await replaceAssignments(tx, row.tenantId, row.id, assignments, ctx.clock());
    }
    return patch;
  });
}
