import { and, eq, inArray, isNotNull, isNull, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { gridNameOf, gridPathOf } from "../../lib/scope-sql";
import { qualified } from "../../lib/sql-fragments";
import { roles, userRoles } from "./roles.table";

export type RoleRecord = typeof roles.$inferSelect;
export type RoleRow = RoleRecord & { userCount: number };
export type ScopeKind = "all" | "subtree" | "grid" | "own";

const withCount = {
  role: roles,
  // Qualified by hand: inside a select list drizzle renders a bare column name, which the
  // subquery would resolve against user_roles.
  userCount: sql<number>`(select count(distinct ur.user_id)::int from user_roles ur where ur.tenant_id = "roles"."tenant_id" and ur.role_id = "roles"."id")`,
};

/** Every role of the tenant with how many users hold it, system roles first. */
export async function findRoles(db: Db, tenantId: string): Promise<RoleRow[]> {
  const rows = await db.select(withCount).from(roles).where(eq(roles.tenantId, tenantId)).orderBy(sql`${roles.isSystem} desc`, roles.code);
  return rows.map((r) => ({ ...r.role, userCount: Number(r.userCount) }));
}

/** One role with its holder count; optionally locked for a change. */
export async function findRoleById(db: Db, tenantId: string, id: string, forUpdate = false): Promise<RoleRow | undefined> {
  const query = db.select(withCount).from(roles).where(and(eq(roles.tenantId, tenantId), eq(roles.id, id)));
  const rows = forUpdate ? await query.for("update", { of: roles }) : await query;
  return rows[0] ? { ...rows[0].role, userCount: Number(rows[0].userCount) } : undefined;
}

/** The roles with these ids (those that exist). */
export async function findRolesByIds(db: Db, tenantId: string, ids: string[]): Promise<RoleRecord[]> {
  if (ids.length === 0) return [];
  return db.select().from(roles).where(and(eq(roles.tenantId, tenantId), inArray(roles.id, ids)));
}

/** The role with this code, or undefined. */
export async function findRoleByCode(db: Db, tenantId: string, code: string): Promise<RoleRecord | undefined> {
  const [row] = await db.select().from(roles).where(and(eq(roles.tenantId, tenantId), eq(roles.code, code)));
  return row;
}

/** The system roles (seeded, not deletable), e.g. for the grants of grid staff posts. */
export async function findSystemRoles(db: Db, tenantId: string): Promise<RoleRecord[]> {
  return db.select().from(roles).where(and(eq(roles.tenantId, tenantId), eq(roles.isSystem, true)));
}

export async function insertRole(tx: Db, tenantId: string, values: { code: string; nameZh: string; nameEn: string; permissions: string[]; now: Date }): Promise<RoleRecord> {
  const { now, ...rest } = values;
  const [row] = await tx.insert(roles).values({ tenantId, ...rest, createdAt: now, updatedAt: now }).returning();
  return row!;
}

/** Changes names or permissions and bumps the version. */
export async function updateRole(tx: Db, tenantId: string, id: string, patch: { nameZh: string; nameEn: string; permissions: string[]; updatedAt: Date }): Promise<void> {
  await tx
    .update(roles)
    .set({ ...patch, version: sql`${roles.version} + 1` })
    .where(and(eq(roles.tenantId, tenantId), eq(roles.id, id)));
}

export async function deleteRole(tx: Db, tenantId: string, id: string): Promise<void> {
  await tx.delete(roles).where(and(eq(roles.tenantId, tenantId), eq(roles.id, id)));
}

// ── Role assignments (user_roles) ───────────────────────────────────────────────────────────────

/** One role held by a user with its data scope, anchored (subtree/grid) at a grid. */
export interface NewAssignment {
  roleId: string;
  scope: ScopeKind;
  gridId: string | null;
}

/** Gives a user roles (an account form's assignments, or a resident's registration). */
export async function insertAssignments(tx: Db, tenantId: string, userId: string, assignments: NewAssignment[], createdAt: Date): Promise<void> {
  if (assignments.length === 0) return;
  await tx.insert(userRoles).values(assignments.map((a) => ({ tenantId, userId, roleId: a.roleId, scope: a.scope, gridId: a.gridId, createdAt })));
}

/** Replaces the roles an account form gave a user; rows granted by grid staff posts follow the post and stay. */
export async function replaceAssignments(tx: Db, tenantId: string, userId: string, assignments: NewAssignment[], createdAt: Date): Promise<void> {
  await tx.delete(userRoles).where(and(eq(userRoles.tenantId, tenantId), eq(userRoles.userId, userId), isNull(userRoles.assignmentId)));
  await insertAssignments(tx, tenantId, userId, assignments, createdAt);
}

/** A role granted by a grid staff post (`assignmentId`): it lasts as long as the post. */
export interface PostGrant extends NewAssignment {
  userId: string;
  assignmentId: string;
}

/** Removes the rows these staff posts granted. */
export async function removePostGrants(tx: Db, tenantId: string, assignmentIds: string[]): Promise<void> {
  if (assignmentIds.length === 0) return;
  await tx.delete(userRoles).where(and(eq(userRoles.tenantId, tenantId), isNotNull(userRoles.assignmentId), inArray(userRoles.assignmentId, assignmentIds)));
}

/** Adds the rows staff posts grant. */
export async function insertPostGrants(tx: Db, tenantId: string, grants: PostGrant[], createdAt: Date): Promise<void> {
  if (grants.length === 0) return;
  await tx.insert(userRoles).values(grants.map((g) => ({ tenantId, userId: g.userId, roleId: g.roleId, scope: g.scope, gridId: g.gridId, assignmentId: g.assignmentId, createdAt })));
}

// ── Grants: what scope resolution and /me need ─────────────────────────────────────────────────

/**
 * One row per role assignment with what scope resolution and /me need. Rows granted by a grid
 * staff post count only while the post is current (from its start date until its end date).
 */
export interface GrantRow {
  roleCode: string;
  roleNameZh: string;
  roleNameEn: string;
  permissions: string[];
  scope: ScopeKind;
  gridId: string | null;
  gridPath: string | null;
  gridName: string | null;
}

// The post's dates decide whether its grant is in force, so no timer has to remove it. The party
// module owns staff_assignments but depends on this module for the grants themselves, so the check
// reads the post's dates here rather than through its entry (which would be a cycle).
const grantInForce = sql`(${userRoles.assignmentId} is null or exists (
  select 1 from staff_assignments sa
   where sa.tenant_id = ${userRoles.tenantId} and sa.id = ${userRoles.assignmentId}
     and sa.from_date <= current_date and (sa.to_date is null or sa.to_date > current_date)))`;

/** The grants a user holds today, by role code. */
export async function findGrantRows(db: Db, tenantId: string, userId: string): Promise<GrantRow[]> {
  const result = await db.execute(sql`
    select r.code as "roleCode", r.name_zh as "roleNameZh", r.name_en as "roleNameEn", r.permissions,
           ${userRoles.scope} as scope, ${userRoles.gridId} as "gridId",
           ${gridPathOf(userRoles.tenantId, userRoles.gridId)} as "gridPath", ${gridNameOf(userRoles.tenantId, userRoles.gridId)} as "gridName"
      from ${userRoles}
      join roles r on r.tenant_id = ${userRoles.tenantId} and r.id = ${userRoles.roleId}
     where ${userRoles.tenantId} = ${tenantId} and ${userRoles.userId} = ${userId}
       and ${grantInForce}
     order by r.code, ${userRoles.createdAt}`);
  return (result as unknown as { rows: GrantRow[] }).rows;
}

/**
 * Active accounts that hold `permission` on exactly this grid (null: sub-district-wide, scope all)
 * today — whom a notice addressed to a grid's staff reaches (the cases clock's 督办). Posts count
 * only while current, as in findGrantRows.
 */
export async function holdersOfPermissionOnGrid(db: Db, tenantId: string, permission: string, gridId: string | null): Promise<string[]> {
  const result = await db.execute(sql`
    select distinct ${userRoles.userId} as "userId"
      from ${userRoles}
      join roles r on r.tenant_id = ${userRoles.tenantId} and r.id = ${userRoles.roleId}
      join users u on u.tenant_id = ${userRoles.tenantId} and u.id = ${userRoles.userId} and u.status = 'active'
     where ${userRoles.tenantId} = ${tenantId}
       and ${permission} = any(r.permissions)
       and ${gridId === null ? sql`${userRoles.scope} = 'all'` : sql`${userRoles.gridId} = ${gridId}`}
       and ${grantInForce}`);
  return (result as unknown as { rows: { userId: string }[] }).rows.map((r) => r.userId);
}

// ── SQL fragments for other modules' queries ───────────────────────────────────────────────────

/** A role assignment as the users list shows it (the JSON `roleAssignmentsOf` aggregates). */
export interface AssignmentRow {
  roleId: string;
  roleCode: string;
  roleNameZh: string;
  roleNameEn: string;
  scope: ScopeKind;
  gridId: string | null;
  gridName: string | null;
}

/** SQL: the role assignments of the user in `userIdColumn` as a JSON array of AssignmentRow (`[]` when none). */
export const roleAssignmentsOf = (tenantColumn: AnyColumn, userIdColumn: AnyColumn): SQL<unknown> =>
  sql`coalesce((
      select json_agg(json_build_object(
               'roleId', ra.id, 'roleCode', ra.code, 'roleNameZh', ra.name_zh, 'roleNameEn', ra.name_en,
               'scope', ${userRoles.scope}, 'gridId', ${userRoles.gridId}, 'gridName', ${gridNameOf(userRoles.tenantId, userRoles.gridId)})
               order by ra.code, ${userRoles.createdAt})
        from ${userRoles}
        join roles ra on ra.tenant_id = ${userRoles.tenantId} and ra.id = ${userRoles.roleId}
       where ${userRoles.tenantId} = ${qualified(tenantColumn)} and ${userRoles.userId} = ${qualified(userIdColumn)}), '[]')`;

/** SQL: the user in `userIdColumn` holds the role `roleId` (a parameter or placeholder the caller renders). */
export const holdsRole = (tenantColumn: AnyColumn, userIdColumn: AnyColumn, roleId: SQL): SQL =>
  sql`exists (select 1 from user_roles hr where hr.tenant_id = ${qualified(tenantColumn)} and hr.user_id = ${qualified(userIdColumn)} and hr.role_id = ${roleId})`;

/** SQL: the grid staff post in `assignmentColumn` has granted its person's account a role (the post's dates decide whether it is in force). */
export const postGrantExists = (tenantColumn: AnyColumn, assignmentColumn: AnyColumn): SQL =>
  sql`exists (select 1 from user_roles pg where pg.tenant_id = ${qualified(tenantColumn)} and pg.assignment_id = ${qualified(assignmentColumn)})`;
