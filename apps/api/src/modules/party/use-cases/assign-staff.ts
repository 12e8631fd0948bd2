import { STAFF_POST_GRANTS, type TStaffPost, type ZCreateStaffAssignmentRequest, type ZEndStaffAssignmentRequest } from "@caihong/contracts";
import type { DataScope } from "@caihong/domain";
import type { z } from "zod";
import type { Db } from "../../../db/client";
import { recordAudit } from "../../audit";
import { findSystemRoles, insertPostGrants, removePostGrants } from "../../roles";
import { assertMayAssign } from "../../users";
import type { ActorContext } from "../../../lib/context";
import { AppError, msg } from "../../../lib/errors";
import { assertInScope, authorize } from "../../../lib/policy";
import { findGridRef } from "../../../lib/scope-sql";
import { assertMayEnd, personInScope } from "../party.policy";
import { presentAssignment } from "../people.presenter";
import { endAssignmentRow, findAssignments, findLinkedUserId, findPersonById, findPostsOf, getAssignmentForUpdate, insertAssignment } from "../people.repository";

/**
 * Makes the person's linked account hold exactly the grants of their posts that have not ended:
 * one role row per post (role and scope from STAFF_POST_GRANTS, anchored at the post's grid).
 * Whether a row is in force on a given day is decided when the account's grants are loaded
 * (between the post's start and end dates), so future start or end dates need no timer.
 */
export async function syncGrants(tx: Db, ctx: ActorContext, writeScope: DataScope, personId: string): Promise<void> {
  const tenantId = ctx.actor.tenantId;
  const posts = await findPostsOf(tx, tenantId, personId);
  await removePostGrants(tx, tenantId, posts.map((p) => p.id));
  const userId = await findLinkedUserId(tx, tenantId, personId);
  if (!userId) return;
  const today = ctx.clock().toISOString().slice(0, 10);
  const open = posts.filter((p) => p.toDate === null || p.toDate > today);
  if (!open.length) return;
  const systemRoles = await findSystemRoles(tx, tenantId);
  const rows = open.map((post) => {
    const grant = STAFF_POST_GRANTS[post.post as TStaffPost];
    const role = systemRoles.find((r) => r.code === grant.role);
    if (!role) throw new AppError("INVALID_STATE", msg(`系统角色 ${grant.role} 缺失`, `System role ${grant.role} is missing`));
    return { post, grant, role };
  });
  assertMayAssign(
    ctx.actor,
    writeScope,
    rows.map(({ post, grant, role }) => ({ input: { roleId: role.id, scope: grant.scope, gridId: post.gridId }, rolePermissions: role.permissions, gridPath: post.gridPath })),
  );
  await insertPostGrants(
    tx,
    tenantId,
    rows.map(({ post, grant, role }) => ({ userId, roleId: role.id, scope: grant.scope, gridId: post.gridId, assignmentId: post.id })),
    ctx.clock(),
  );
}

/** Puts a person on a grid post; their linked account gets the post's role and scope. */
export async function assignStaff(ctx: ActorContext, input: z.infer<typeof ZCreateStaffAssignmentRequest>) {
  const scope = authorize(ctx.actor, "people.write");
  const tenantId = ctx.actor.tenantId;
  return ctx.db.transaction(async (tx) => {
    const grid = await findGridRef(tx, tenantId, input.gridId);
    if (!grid) throw new AppError("VALIDATION_FAILED", msg("网格不存在", "No such grid"), { errors: [{ path: "body.gridId", message: "field.unknownGrid" }] });
    assertInScope(scope, { gridPath: grid.path, gridId: grid.id, ownerId: null });
    if (grid.validTo) throw new AppError("UNPROCESSABLE", msg("该网格已撤销", "This grid has been retired"), { errors: [{ path: "body.gridId", message: "field.gridRetired" }] });
    const person = personInScope(scope, await findPersonById(tx, tenantId, input.personId, true));
    const current = await findAssignments(tx, tenantId, null, { personId: input.personId });
    if (current.some((a) => a.gridId === input.gridId && a.post === input.post && a.toDate === null)) {
      throw new AppError("ALREADY_EXISTS", msg(`${person.name} 已在该网格担任此岗位`, `${person.name} already holds this post on this grid`), { errors: [{ path: "body.post", message: "field.taken" }] });
    }
    const id = await insertAssignment(tx, tenantId, { gridId: input.gridId, personId: input.personId, post: input.post, fromDate: input.fromDate }, ctx.clock());
    await syncGrants(tx, ctx, scope, input.personId);
    const userId = person.userId;
    const [row] = await findAssignments(tx, tenantId, null, { id });
    const dto = presentAssignment(row!);
    await recordAudit(tx, ctx, { action: "staff_assignment.create", entityType: "staff_assignment", entityId: dto.id, gridId: input.gridId, after: { ...dto, userId } });
    if (userId) await ctx.sessions.permissionsChanged(tx);
    return dto;
  });
}

/** Ends a post on a date; from that date the account no longer holds its grant. */
export async function endAssignment(ctx: ActorContext, id: string, input: z.infer<typeof ZEndStaffAssignmentRequest>) {
  const scope = authorize(ctx.actor, "people.write");
  const tenantId = ctx.actor.tenantId;
  return ctx.db.transaction(async (tx) => {
    const row = await getAssignmentForUpdate(tx, tenantId, id);
    assertInScope(scope, { gridPath: row.gridPath, gridId: row.gridId, ownerId: null });
    if (row.version !== input.version) throw new AppError("VERSION_CONFLICT");
    assertMayEnd(row, input.toDate, "post");
    await endAssignmentRow(tx, tenantId, id, input.toDate);
    const [after] = await findAssignments(tx, tenantId, null, { id });
    const dto = presentAssignment(after!);
    await recordAudit(tx, ctx, { action: "staff_assignment.end", entityType: "staff_assignment", entityId: id, gridId: row.gridId, before: presentAssignment(row), after: dto });
    if (row.personUserId) await ctx.sessions.permissionsChanged(tx);
    return dto;
  });
}
