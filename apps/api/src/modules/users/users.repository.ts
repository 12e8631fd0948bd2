import type { DataScope } from "@caihong/domain";
import { and, eq, sql, type AnyColumn, type SQL } from "drizzle-orm";
import { createHash } from "node:crypto";
import type { Database, Db } from "../../db/client";
import { gridNameOf, gridPathOf, escapeLike, Params, scopeSqlText } from "../../lib/scope-sql";
import { fromJsonColumn, qualified, textOf } from "../../lib/sql-fragments";
import { holdsRole, roleAssignmentsOf, type AssignmentRow } from "../roles";
import { users } from "./users.table";

export type { AssignmentRow };

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
         users.phone_verified_at, users.status, users.grid_id,
         ${textOf(gridNameOf(users.tenantId, users.gridId))} as grid_name,
         ${textOf(gridPathOf(users.tenantId, users.gridId))} as grid_path,
         users.locale, users.last_login_at, users.created_at, users.version,
         ${textOf(roleAssignmentsOf(users.tenantId, users.id))} as roles
    from users`;
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
  if (filter.roleId) conditions.push(textOf(holdsRole(users.tenantId, users.id, sql.raw(`${params.add(filter.roleId)}::uuid`))));
  if (filter.after) {
    conditions.push(`(users.created_at, users.id) < (${params.add(filter.after.createdAt)}::timestamptz, ${params.add(filter.after.id)}::uuid)`);
  }
  // The limit is statement text, not a parameter: PostgreSQL then keeps the statement's cached
  // generic plan instead of planning every execution (it cannot cost a page of unknown size).
  if (!Number.isSafeInteger(filter.limit) || filter.limit < 0) throw new Error(`a page limit must be a whole number, not ${filter.limit}`);
  const text = `${SELECT_USERS_TEXT} where ${conditions.join(" and ")} order by users.created_at desc, users.id desc limit ${filter.limit + 1}`;
  const name = `users_page_${createHash("sha1").update(text).digest("hex").slice(0, 12)}`;
  return (await database.prepared(name, text, params.values)).map(toUserRow);
}

/** One user by id regardless of scope (the use case checks scope to tell 403 from 404); optionally locked. */
export async function findUserById(db: Db, tenantId: string, id: string, forUpdate = false): Promise<UserRow | undefined> {
  const lock = forUpdate ? sql` for update of users` : sql``;
  const rows = await run(db, sql`${SELECT_USERS} where users.tenant_id = ${tenantId} and users.id = ${id}::uuid${lock}`);
  return rows[0];
}

/** One user by login name (already normalised: trimmed, lower case), regardless of scope. */
export async function findUserByUsername(db: Db, tenantId: string, username: string): Promise<UserRow | undefined> {
  const rows = await run(db, sql`${SELECT_USERS} where users.tenant_id = ${tenantId} and users.username = ${username}`);
  return rows[0];
}

/** Which of a username and a phone (by hash) another account already uses: the username first. */
export async function findTakenField(db: Db, tenantId: string, username: string | null, phoneHash: string | null): Promise<"username" | "phone" | null> {
  if (username === null && phoneHash === null) return null;
  const [clash] = await db
    .select({ username: users.username })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), sql`(${users.username} = ${username} or ${users.phoneHash} = ${phoneHash})`))
    .limit(1);
  if (!clash) return null;
  return username !== null && clash.username === username ? "username" : "phone";
}

export type NewUser = Omit<typeof users.$inferInsert, "tenantId" | "id">;

/** Inserts an account; returns its id. */
export async function insertUser(tx: Db, tenantId: string, values: NewUser): Promise<string> {
  const [row] = await tx.insert(users).values({ tenantId, ...values }).returning({ id: users.id });
  return row!.id;
}

/** The columns of an account that changes write. */
export type UserPatch = Partial<
  Pick<
    typeof users.$inferInsert,
    "displayName" | "phoneEnc" | "phoneHash" | "phoneVerifiedAt" | "gridId" | "locale" | "status" | "passwordHash" | "mustChangePassword" | "failedLoginCount" | "lockedUntil" | "lastLoginAt"
  >
>;

/**
 * Writes columns of one account. With `editedAt` it is an edit others may conflict with: updated_at
 * is set and the version goes up by one.
 */
export async function updateUserColumns(tx: Db, tenantId: string, id: string, patch: UserPatch, editedAt?: Date): Promise<void> {
  const edit = editedAt ? { updatedAt: editedAt, version: sql`${users.version} + 1` } : {};
  if (Object.keys(patch).length === 0 && !editedAt) return;
  await tx
    .update(users)
    .set({ ...patch, ...edit })
    .where(and(eq(users.tenantId, tenantId), eq(users.id, id)));
}

// ── For other modules ──────────────────────────────────────────────────────────────────────────

/** SQL: the display name of the user in `userIdColumn` (other modules' lists label records with it; a primary-key lookup per row). */
export const userNameOf = (tenantColumn: AnyColumn, userIdColumn: AnyColumn): SQL<string | null> =>
  sql<string | null>`(select un.display_name from users un where un.tenant_id = ${qualified(tenantColumn)} and un.id = ${qualified(userIdColumn)})`;

/** The display name of an active account, or null when it does not exist or is disabled (e.g. a case's assignee). */
export async function findActiveUserName(db: Db, tenantId: string, userId: string): Promise<string | null> {
  const [row] = await db
    .select({ displayName: users.displayName })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.id, userId), eq(users.status, "active")));
  return row?.displayName ?? null;
}

/** Where an account sits for data scope (its home grid), or undefined when it does not exist. */
export async function findUserLocation(db: Db, tenantId: string, userId: string): Promise<{ id: string; gridId: string | null; gridPath: string | null } | undefined> {
  const [row] = await db
    .select({ id: users.id, gridId: users.gridId, gridPath: gridPathOf(users.tenantId, users.gridId) })
    .from(users)
    .where(and(eq(users.tenantId, tenantId), eq(users.id, userId)));
  return row;
}
