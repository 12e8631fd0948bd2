import type { DataScope } from "@caihong/domain";
import { and, asc, eq, getTableColumns, ilike, inArray, or, sql, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { escapeLike, scopeCondition } from "../../lib/scope-sql";
import { grids } from "../grids/grids.table";
import { roles, userRoles } from "../roles/roles.table";
import { users } from "./users.table";

export type UserRow = typeof users.$inferSelect & { gridName: string | null; gridPath: string | null };

export interface AssignmentRow {
  userId: string;
  roleId: string;
  roleCode: string;
  roleNameZh: string;
  roleNameEn: string;
  scope: "all" | "subtree" | "grid" | "own";
  gridId: string | null;
  gridName: string | null;
}

const userColumns = getTableColumns(users);

/** The scope condition for users: by home grid, and a user is always their own record. */
export const userScope = (scope: DataScope) => scopeCondition(scope, { tenantColumn: users.tenantId, gridColumn: users.gridId, ownerColumn: users.id });

export interface FindUsersFilter {
  q?: string;
  phoneHash?: string;
  status?: "active" | "disabled";
  roleId?: string;
  after?: { createdAt: string; id: string };
  limit: number;
}

/** One page of users inside the scope, newest first. */
export async function findUsers(db: Db, tenantId: string, scope: DataScope, filter: FindUsersFilter): Promise<UserRow[]> {
  const conditions: (SQL | undefined)[] = [eq(users.tenantId, tenantId), userScope(scope)];
  if (filter.q) {
    const like = `%${escapeLike(filter.q)}%`;
    conditions.push(or(ilike(users.username, like), ilike(users.displayName, like), filter.phoneHash ? eq(users.phoneHash, filter.phoneHash) : undefined));
  }
  if (filter.status) conditions.push(eq(users.status, filter.status));
  if (filter.roleId) {
    conditions.push(sql`exists (select 1 from user_roles ur where ur.tenant_id = ${users.tenantId} and ur.user_id = ${users.id} and ur.role_id = ${filter.roleId}::uuid)`);
  }
  if (filter.after) {
    conditions.push(sql`(${users.createdAt}, ${users.id}) < (${filter.after.createdAt}::timestamptz, ${filter.after.id}::uuid)`);
  }
  return db
    .select({ ...userColumns, gridName: grids.name, gridPath: grids.path })
    .from(users)
    .leftJoin(grids, and(eq(grids.tenantId, users.tenantId), eq(grids.id, users.gridId)))
    .where(and(...conditions))
    .orderBy(sql`${users.createdAt} desc`, sql`${users.id} desc`)
    .limit(filter.limit + 1);
}

/** One user by id regardless of scope (the service checks scope to tell 403 from 404). */
export async function findUserById(db: Db, tenantId: string, id: string, forUpdate = false): Promise<UserRow | undefined> {
  const query = db
    .select({ ...userColumns, gridName: grids.name, gridPath: grids.path })
    .from(users)
    .leftJoin(grids, and(eq(grids.tenantId, users.tenantId), eq(grids.id, users.gridId)))
    .where(and(eq(users.tenantId, tenantId), eq(users.id, id)));
  const rows = forUpdate ? await query.for("update", { of: users }) : await query;
  return rows[0];
}

/** Role assignments of several users in one query. */
export async function findAssignments(db: Db, tenantId: string, userIds: string[]): Promise<AssignmentRow[]> {
  if (userIds.length === 0) return [];
  return db
    .select({
      userId: userRoles.userId,
      roleId: userRoles.roleId,
      roleCode: roles.code,
      roleNameZh: roles.nameZh,
      roleNameEn: roles.nameEn,
      scope: userRoles.scope,
      gridId: userRoles.gridId,
      gridName: grids.name,
    })
    .from(userRoles)
    .innerJoin(roles, and(eq(roles.tenantId, userRoles.tenantId), eq(roles.id, userRoles.roleId)))
    .leftJoin(grids, and(eq(grids.tenantId, userRoles.tenantId), eq(grids.id, userRoles.gridId)))
    .where(and(eq(userRoles.tenantId, tenantId), inArray(userRoles.userId, userIds)))
    .orderBy(asc(roles.code), asc(userRoles.createdAt));
}
