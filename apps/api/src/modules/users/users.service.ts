import type { TCreateUserRequest, TRoleAssignmentInput, TUser } from "@caihong/contracts";
import type { ZFindUsersQuery, ZUpdateUserRequest } from "@caihong/contracts";
import type { DataScope } from "@caihong/domain";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "../../db/client";
import { recordAudit } from "../audit";
import { getGridPath } from "../../lib/scope-sql";
import type { ActorContext } from "../../lib/context";
import { AppError, msg } from "../../lib/errors";
import { decodeCursor, toPage } from "../../lib/pagination";
import { hashPassword } from "../../lib/passwords";
import { assertInScope, authorize } from "../../lib/policy";
import { sessions } from "../auth/auth.table";
import { roles, userRoles } from "../roles/roles.table";
import { auditSnapshot, presentUser } from "./users.presenter";
import { assertMayAssign } from "./users.policy";
import { findUserById, findUsers as queryUsers, type UserRow } from "./users.repository";
import { users } from "./users.table";

const PHONE = /^1[3-9]\d{9}$/;

const location = (row: UserRow) => ({ gridPath: row.gridPath, gridId: row.gridId, ownerId: row.id });

function present(ctx: ActorContext, rows: UserRow[]): TUser[] {
  return rows.map((r) => presentUser(r, ctx.pd, ctx.locale));
}

/** A page of users inside the caller's users.read scope. */
export async function findUsers(ctx: ActorContext, query: z.infer<typeof ZFindUsersQuery>) {
  const scope = authorize(ctx.actor, "users.read");
  const after = decodeCursor(query.cursor, 2);
  const rows = await queryUsers(ctx.database, ctx.actor.tenantId, scope, {
    q: query.q,
    phoneHash: query.q && PHONE.test(query.q) ? ctx.pd.hash("phone", query.q) : undefined,
    status: query.status,
    roleId: query.roleId,
    after: after ? { createdAt: after[0]!, id: after[1]! } : undefined,
    limit: query.limit,
  });
  const page = toPage(rows, query.limit, (r) => r, (r) => [r.createdAt.toISOString(), r.id]);
  return { items: present(ctx, page.items), nextCursor: page.nextCursor };
}

/** Every user matching the filters (up to 10,000), as CSV for Excel (UTF-8 with BOM). */
export async function exportUsersCsv(ctx: ActorContext, query: z.infer<typeof ZFindUsersQuery>): Promise<string> {
  const header = ctx.locale === "en"
    ? ["Username", "Name", "Phone", "Status", "Grid", "Roles", "Last sign-in", "Created"]
    : ["用户名", "姓名", "手机号", "状态", "所属网格", "角色", "最近登录", "创建时间"];
  const lines = [header];
  let cursor: string | undefined;
  let total = 0;
  do {
    const page = await findUsers(ctx, { ...query, limit: 200, cursor });
    for (const u of page.items) {
      lines.push([
        u.username,
        u.displayName,
        u.phoneMasked ?? "",
        u.status === "active" ? (ctx.locale === "en" ? "active" : "启用") : ctx.locale === "en" ? "disabled" : "停用",
        u.gridName ?? "",
        u.roles.map((r) => `${r.roleName}${r.gridName ? `(${r.gridName})` : ""}`).join("; "),
        u.lastLoginAt ?? "",
        u.createdAt,
      ]);
    }
    total += page.items.length;
    cursor = page.nextCursor ?? undefined;
  } while (cursor && total < 10_000);
  const escape = (v: string) => (/[",\n\r]|^[=+\-@]/.test(v) ? `"${v.replace(/^([=+\-@])/, "'$1").replaceAll('"', '""')}"` : v);
  return "\ufeff" + lines.map((l) => l.map(escape).join(",")).join("\r\n") + "\r\n";
}

/** One user; 404 when absent, 403 when outside the caller's scope. */
export async function getUser(ctx: ActorContext, id: string): Promise<TUser> {
  const scope = authorize(ctx.actor, "users.read");
  const row = await findUserById(ctx.db, ctx.actor.tenantId, id);
  if (!row) throw new AppError("NOT_FOUND");
  assertInScope(scope, location(row));
  return present(ctx, [row])[0]!;
}

/** Checks role assignments: roles and grids exist, and the caller may grant them. */
async function checkAssignments(db: Db, ctx: ActorContext, scope: DataScope, input: TRoleAssignmentInput[]) {
  const roleIds = [...new Set(input.map((a) => a.roleId))];
  const found = roleIds.length ? await db.select().from(roles).where(and(eq(roles.tenantId, ctx.actor.tenantId), inArray(roles.id, roleIds))) : [];
  const checked = [];
  for (const [index, a] of input.entries()) {
    const role = found.find((r) => r.id === a.roleId);
    if (!role) {
      throw new AppError("VALIDATION_FAILED", msg("角色不存在", "No such role"), { errors: [{ path: `body.roles.${index}.roleId`, message: "field.unknownRole" }] });
    }
    const gridPath = a.gridId ? await getGridPath(db, ctx.actor.tenantId, a.gridId, `body.roles.${index}.gridId`) : null;
    checked.push({ input: a, rolePermissions: role.permissions, gridPath });
  }
  assertMayAssign(ctx.actor, scope, checked);
}

/** Creates a staff account with role assignments; the initial password must be changed at first sign-in. */
export async function createUser(ctx: ActorContext, input: TCreateUserRequest): Promise<TUser> {
  const scope = authorize(ctx.actor, "users.write");
  const gridPath = input.gridId ? await getGridPath(ctx.db, ctx.actor.tenantId, input.gridId) : null;
  assertInScope(scope, { gridPath, gridId: input.gridId ?? null, ownerId: null });
  await checkAssignments(ctx.db, ctx, scope, input.roles);
  const passwordHash = await hashPassword(input.password);
  const now = ctx.clock();
  const created = await ctx.db.transaction(async (tx) => {
    const phoneHash = input.phone ? ctx.pd.hash("phone", input.phone) : null;
    const [clash] = await tx
      .select({ username: users.username, phoneHash: users.phoneHash })
      .from(users)
      .where(and(eq(users.tenantId, ctx.actor.tenantId), sql`(${users.username} = ${input.username} or ${users.phoneHash} = ${phoneHash})`));
    if (clash) {
      const field = clash.username === input.username ? "username" : "phone";
      throw new AppError("ALREADY_EXISTS", field === "username" ? msg("用户名已被使用", "Username taken") : msg("手机号已被使用", "Phone already in use"), {
        errors: [{ path: `body.${field}`, message: "field.taken" }],
      });
    }
    const [user] = await tx
      .insert(users)
      .values({
        tenantId: ctx.actor.tenantId,
        username: input.username,
        displayName: input.displayName,
        phoneEnc: input.phone ? ctx.pd.encrypt(input.phone) : null,
        phoneHash,
        gridId: input.gridId ?? null,
        passwordHash,
        mustChangePassword: true,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    if (input.roles.length) {
      await tx.insert(userRoles).values(
        input.roles.map((a) => ({ tenantId: ctx.actor.tenantId, userId: user!.id, roleId: a.roleId, scope: a.scope, gridId: a.gridId ?? null, createdAt: now })),
      );
    }
    const row = (await findUserById(tx, ctx.actor.tenantId, user!.id))!;
    const dto = present(ctx, [row])[0]!;
    await recordAudit(tx, ctx, { action: "user.create", entityType: "user", entityId: user!.id, gridId: user!.gridId, after: auditSnapshot(dto) });
    return dto;
  });
  return created;
}

/**
 * Runs a change to one user under optimistic concurrency: the row is locked, its version must
 * match, and the audit entry records before and after in the same transaction.
 */
async function changeUser(
  ctx: ActorContext,
  id: string,
  version: number,
  action: string,
  apply: (tx: Db, row: UserRow, scope: DataScope) => Promise<void>,
): Promise<TUser> {
  const scope = authorize(ctx.actor, "users.write");
  const result = await ctx.db.transaction(async (tx) => {
    const row = await findUserById(tx, ctx.actor.tenantId, id, true);
    if (!row) throw new AppError("NOT_FOUND");
    assertInScope(scope, location(row));
    if (row.version !== version) throw new AppError("VERSION_CONFLICT");
    const before = present(ctx, [row])[0]!;
    await apply(tx, row, scope);
    await tx
      .update(users)
      .set({ updatedAt: ctx.clock(), version: sql`${users.version} + 1` })
      .where(and(eq(users.tenantId, row.tenantId), eq(users.id, row.id)));
    const afterRow = (await findUserById(tx, ctx.actor.tenantId, id))!;
    const after = present(ctx, [afterRow])[0]!;
    await recordAudit(tx, ctx, { action, entityType: "user", entityId: id, gridId: afterRow.gridId, before: auditSnapshot(before), after: auditSnapshot(after) });
    return after;
  });
  ctx.invalidatePrincipals(id);
  return result;
}

/** Edits name, phone, home grid or role assignments. */
export async function updateUser(ctx: ActorContext, id: string, input: z.infer<typeof ZUpdateUserRequest>): Promise<TUser> {
  return changeUser(ctx, id, input.version, "user.update", async (tx, row, scope) => {
    const patch: Partial<typeof users.$inferInsert> = {};
    if (input.displayName !== undefined) patch.displayName = input.displayName;
    if (input.phone !== undefined) {
      const phoneHash = input.phone ? ctx.pd.hash("phone", input.phone) : null;
      if (phoneHash && phoneHash !== row.phoneHash) {
        const [clash] = await tx.select({ id: users.id }).from(users).where(and(eq(users.tenantId, row.tenantId), eq(users.phoneHash, phoneHash)));
        if (clash) throw new AppError("ALREADY_EXISTS", msg("手机号已被使用", "Phone already in use"), { errors: [{ path: "body.phone", message: "field.taken" }] });
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
    if (Object.keys(patch).length) await tx.update(users).set(patch).where(and(eq(users.tenantId, row.tenantId), eq(users.id, row.id)));
    if (input.roles) {
      if (row.id === ctx.actor.userId) {
        throw new AppError("UNPROCESSABLE", msg("不能修改自己的角色", "You cannot change your own roles"));
      }
      await checkAssignments(tx, ctx, scope, input.roles);
      // Rows granted by grid staff posts follow the post, not this form.
      await tx.delete(userRoles).where(and(eq(userRoles.tenantId, row.tenantId), eq(userRoles.userId, row.id), isNull(userRoles.assignmentId)));
      if (input.roles.length) {
        await tx.insert(userRoles).values(
          input.roles.map((a) => ({ tenantId: row.tenantId, userId: row.id, roleId: a.roleId, scope: a.scope, gridId: a.gridId ?? null, createdAt: ctx.clock() })),
        );
      }
    }
  });
}

/** Disables (revoking every session) or re-enables an account. */
export async function setUserStatus(ctx: ActorContext, id: string, input: { version: number; status: "active" | "disabled" }): Promise<TUser> {
  if (id === ctx.actor.userId && input.status === "disabled") {
    throw new AppError("UNPROCESSABLE", msg("不能停用自己的账号", "You cannot disable your own account"));
  }
  return changeUser(ctx, id, input.version, input.status === "disabled" ? "user.disable" : "user.enable", async (tx, row) => {
    await tx.update(users).set({ status: input.status, failedLoginCount: 0, lockedUntil: null }).where(and(eq(users.tenantId, row.tenantId), eq(users.id, row.id)));
    if (input.status === "disabled") {
      await tx.update(sessions).set({ revokedAt: ctx.clock() }).where(and(eq(sessions.tenantId, row.tenantId), eq(sessions.userId, row.id), isNull(sessions.revokedAt)));
    }
  });
}

/** Sets a temporary password the user must change; revokes their sessions and clears a lockout. */
export async function resetUserPassword(ctx: ActorContext, id: string, password: string): Promise<void> {
  const scope = authorize(ctx.actor, "users.write");
  const passwordHash = await hashPassword(password);
  await ctx.db.transaction(async (tx) => {
    const row = await findUserById(tx, ctx.actor.tenantId, id, true);
    if (!row) throw new AppError("NOT_FOUND");
    assertInScope(scope, location(row));
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: true, failedLoginCount: 0, lockedUntil: null, updatedAt: ctx.clock(), version: sql`${users.version} + 1` })
      .where(and(eq(users.tenantId, row.tenantId), eq(users.id, row.id)));
    await tx.update(sessions).set({ revokedAt: ctx.clock() }).where(and(eq(sessions.tenantId, row.tenantId), eq(sessions.userId, row.id), isNull(sessions.revokedAt)));
    await recordAudit(tx, ctx, { action: "user.password.reset", entityType: "user", entityId: id, gridId: row.gridId });
  });
  ctx.invalidatePrincipals(id);
}

/** The full phone number of a user: needs personal.unmask and users.read scope; always audited. */
export async function revealUserPersonalData(ctx: ActorContext, id: string) {
  authorize(ctx.actor, "personal.unmask");
  const scope = authorize(ctx.actor, "users.read");
  const row = await findUserById(ctx.db, ctx.actor.tenantId, id);
  if (!row) throw new AppError("NOT_FOUND");
  assertInScope(scope, location(row));
  await recordAudit(ctx.db, ctx, { action: "user.phone.unmask", entityType: "user", entityId: id, gridId: row.gridId });
  return { phone: row.phoneEnc ? ctx.pd.decrypt(row.phoneEnc) : null };
}

