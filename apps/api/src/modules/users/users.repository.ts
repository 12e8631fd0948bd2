import type { DataScope } from "@caihong/domain";
import { getTableName, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { createHash } from "node:crypto";
import type { Database, Db } from "../../db/client";
import { fromJsonColumn } from "../../lib/sql-fragments";
import { escapeLike, Params, scopeSqlText } from "../../lib/scope-sql";

/** A role assignment as listed with its user. */
export interface AssignmentRow {
  roleId: string;
  roleCode: string;
  roleNameZh: string;
  roleNameEn: string;
  scope: "all" | "subtree" | "grid" | "own";
  gridId: string | null;
  gridName: string | null;
}

/** A user with home grid and role assignments, as the users module reads it (no password hash). */
export interface UserRow {
  tenantId: string;
  id: string;
  username: string;
  displayName: string;
  phoneEnc: string | null;
  phoneHash: string | null;
  phoneVerifiedAt: Date | null;
  status: "active" | "disabled";
  gridId: string | null;
  gridName: string | null;
  gridPath: string | null;
  locale: "zh-CN" | "en";
  lastLoginAt: Date | null;
  createdAt: Date;
  version: number;
  roles: AssignmentRow[];
}

// One statement per page: the user columns, the home grid and the role assignments aggregated
// as JSON. Two queries (users, then assignments) cost four times the CPU under load.
const SELECT_USERS_TEXT = `
  select users.tenant_id, users.id, users.username, users.display_name, users.phone_enc, users.phone_hash,
         users.phone_verified_at, users.status, users.grid_id, g.name as grid_name, g.path as grid_path,
         users.locale, users.last_login_at, users.created_at, users.version,
         coalesce((
           select json_agg(json_build_object(
                    'roleId', r.id, 'roleCode', r.code, 'roleNameZh', r.name_zh, 'roleNameEn', r.name_en,
                    'scope', ur.scope, 'gridId', ur.grid_id, 'gridName', rg.name) order by r.code, ur.created_at)
             from user_roles ur
             join roles r on r.tenant_id = ur.tenant_id and r.id = ur.role_id
             left join grids rg on rg.tenant_id = ur.tenant_id and rg.id = ur.grid_id
            where ur.tenant_id = users.tenant_id and ur.user_id = users.id), '[]') as roles
    from users
    left join grids g on g.tenant_id = users.tenant_id and g.id = users.grid_id`;
const SELECT_USERS = sql.raw(SELECT_USERS_TEXT);

const toDate = (v: unknown): Date | null => (v === null || v === undefined ? null : v instanceof Date ? v : new Date(String(v)));

function toUserRow(r: Record<string, unknown>): UserRow {
  return {
    tenantId: r.tenant_id as string,
    id: r.id as string,
    username: r.username as string,
    displayName: r.display_name as string,
    phoneEnc: (r.phone_enc as string | null) ?? null,
    phoneHash: (r.phone_hash as string | null) ?? null,
    phoneVerifiedAt: toDate(r.phone_verified_at),
    status: r.status as UserRow["status"],
    gridId: (r.grid_id as string | null) ?? null,
    gridName: (r.grid_name as string | null) ?? null,
    gridPath: (r.grid_path as string | null) ?? null,
    locale: r.locale as UserRow["locale"],
    lastLoginAt: toDate(r.last_login_at),
    createdAt: toDate(r.created_at)!,
    version: Number(r.version),
    roles: fromJsonColumn<AssignmentRow[]>(r.roles),
  };
}

async function run(db: Db, query: SQL): Promise<UserRow[]> {
  const result = (await db.execute(query)) as unknown as { rows: Record<string, unknown>[] };
  return result.rows.map(toUserRow);
}

export interface FindUsersFilter {
  q?: string;
  phoneHash?: string;
  status?: "active" | "disabled";
  roleId?: string;
  after?: { createdAt: string; id: string };
  limit: number;
}

/**
 * One page (plus one row to detect the next) of users inside the scope, newest first. The hot
 * list of the staff UI: a prepared statement whose text depends only on which filters are set.
 */
export async function findUsers(database: Database, tenantId: string, scope: DataScope, filter: FindUsersFilter): Promise<UserRow[]> {
  const params = new Params();
  const conditions = [`users.tenant_id = ${params.add(tenantId)}`];
  const inScope = scopeSqlText(scope, { tenant: "users.tenant_id", grid: "users.grid_id", owner: "users.id" }, params);
  if (inScope) conditions.push(inScope);
  if (filter.q) {
    const like = params.add(`%${escapeLike(filter.q)}%`);
    conditions.push(`(users.username ilike ${like} or users.display_name ilike ${like} or users.phone_hash = ${params.add(filter.phoneHash ?? null)})`);
  }
  if (filter.status) conditions.push(`users.status = ${params.add(filter.status)}`);
  if (filter.roleId) {
    conditions.push(`exists (select 1 from user_roles fr where fr.tenant_id = users.tenant_id and fr.user_id = users.id and fr.role_id = ${params.add(filter.roleId)}::uuid)`);
  }
  if (filter.after) {
    conditions.push(`(users.created_at, users.id) < (${params.add(filter.after.createdAt)}::timestamptz, ${params.add(filter.after.id)}::uuid)`);
  }
  const text = `${SELECT_USERS_TEXT} where ${conditions.join(" and ")} order by users.created_at desc, users.id desc limit ${params.add(filter.limit + 1)}`;
  const name = `users_page_${createHash("sha1").update(text).digest("hex").slice(0, 12)}`;
  return (await database.prepared(name, text, params.values)).map(toUserRow);
}

/** One user by id regardless of scope (the service checks scope to tell 403 from 404); optionally locked. */
export async function findUserById(db: Db, tenantId: string, id: string, forUpdate = false): Promise<UserRow | undefined> {
  const lock = forUpdate ? sql` for update of users` : sql``;
  const rows = await run(db, sql`${SELECT_USERS} where users.tenant_id = ${tenantId} and users.id = ${id}::uuid${lock}`);
  return rows[0];
}

/**
 * A column as `"table"."column"`. Drizzle renders a bare column name in the select list of a
 * one-table query, which a correlated subquery would resolve against its own table.
 */
const qualified = (column: AnyColumn): SQL => sql`${sql.identifier(getTableName(column.table))}.${sql.identifier(column.name)}`;

/** SQL: the display name of the user in `userIdColumn` (other modules' lists label records with it; a primary-key lookup per row). */
export const userNameOf = (tenantColumn: AnyColumn, userIdColumn: AnyColumn): SQL<string | null> =>
  sql<string | null>`(select un.display_name from users un where un.tenant_id = ${qualified(tenantColumn)} and un.id = ${qualified(userIdColumn)})`;

/** The display name of an active account, or null when it does not exist or is disabled (e.g. a case's assignee). */
export async function findActiveUserName(db: Db, tenantId: string, userId: string): Promise<string | null> {
  const result = await db.execute(sql`select display_name from users where tenant_id = ${tenantId} and id = ${userId}::uuid and status = 'active'`);
  const rows = (result as unknown as { rows: { display_name: string }[] }).rows;
  return rows[0]?.display_name ?? null;
}
