import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { roles } from "./roles.table";

export type RoleRow = typeof roles.$inferSelect & { userCount: number };

const withCount = {
  role: roles,
  // Qualified by hand: inside a select list drizzle renders a bare column name, which the
  // subquery would resolve against user_roles.
  userCount: sql<number>`(select count(distinct ur.user_id)::int from user_roles ur where ur.tenant_id = "roles"."tenant_id" and ur.role_id = "roles"."id")`,
};

export async function findRoles(db: Db, tenantId: string): Promise<RoleRow[]> {
  const rows = await db.select(withCount).from(roles).where(eq(roles.tenantId, tenantId)).orderBy(sql`${roles.isSystem} desc`, roles.code);
  return rows.map((r) => ({ ...r.role, userCount: Number(r.userCount) }));
}

export async function findRoleById(db: Db, tenantId: string, id: string, forUpdate = false): Promise<RoleRow | undefined> {
  const query = db.select(withCount).from(roles).where(and(eq(roles.tenantId, tenantId), eq(roles.id, id)));
  const rows = forUpdate ? await query.for("update", { of: roles }) : await query;
  return rows[0] ? { ...rows[0].role, userCount: Number(rows[0].userCount) } : undefined;
}
