import { and, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { users } from "../users/users.table";
import { apiKeys, sessions } from "./auth.table";

/**
 * One row per role assignment with what scope resolution and /me need. Rows granted by a grid
 * staff post count only while the post is current (from its start date until its end date).
 */
export interface GrantRow {
  roleCode: string;
  roleNameZh: string;
  roleNameEn: string;
  permissions: string[];
  scope: "all" | "subtree" | "grid" | "own";
  gridId: string | null;
  gridPath: string | null;
  gridName: string | null;
}

export async function findGrantRows(db: Db, tenantId: string, userId: string): Promise<GrantRow[]> {
  const result = await db.execute(sql`
    select r.code as "roleCode", r.name_zh as "roleNameZh", r.name_en as "roleNameEn", r.permissions,
           ur.scope, ur.grid_id as "gridId", g.path as "gridPath", g.name as "gridName"
      from user_roles ur
      join roles r on r.tenant_id = ur.tenant_id and r.id = ur.role_id
      left join grids g on g.tenant_id = ur.tenant_id and g.id = ur.grid_id
     where ur.tenant_id = ${tenantId} and ur.user_id = ${userId}
       and (ur.assignment_id is null or exists (
             select 1 from staff_assignments sa
              where sa.tenant_id = ur.tenant_id and sa.id = ur.assignment_id
                and sa.from_date <= current_date and (sa.to_date is null or sa.to_date > current_date)))
     order by r.code, ur.created_at`);
  return (result as unknown as { rows: GrantRow[] }).rows;
}

export async function findSessionWithUser(db: Db, sessionId: string) {
  const rows = await db
    .select({ session: sessions, user: users })
    .from(sessions)
    .innerJoin(users, and(eq(users.tenantId, sessions.tenantId), eq(users.id, sessions.userId)))
    .where(eq(sessions.id, sessionId))
    .limit(1);
  return rows[0];
}

export async function findApiKeyByHash(db: Db, keyHash: string) {
  const rows = await db
    .select({ key: apiKeys, user: users })
    .from(apiKeys)
    .innerJoin(users, and(eq(users.tenantId, apiKeys.tenantId), eq(users.id, apiKeys.createdBy)))
    .where(eq(apiKeys.keyHash, keyHash))
    .limit(1);
  return rows[0];
}
