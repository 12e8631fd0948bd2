import { and, eq, sql, type AnyColumn, type SQL } from "drizzle-orm";
import type { Db } from "../../db/client";
import { fromJsonColumn, qualified } from "../../lib/sql-fragments";
import { users } from "./users.table";

// The account as sign-in and sessions see it: credentials, lockout and the fields of a principal.

/** A whole account row, password hash included: for the auth module's checks, never presented. */
export type AccountRow = typeof users.$inferSelect;

/** One account by id; optionally locked for a change. */
export async function findAccountById(db: Db, tenantId: string, id: string, forUpdate = false): Promise<AccountRow | undefined> {
  const query = db.select().from(users).where(and(eq(users.tenantId, tenantId), eq(users.id, id)));
  const [row] = forUpdate ? await query.for("update") : await query;
  return row;
}

/** The account a sign-in names: by login name, or by the keyed hash of a resident's phone. */
export async function findAccountByLogin(db: Db, tenantId: string, login: { username: string } | { phoneHash: string }): Promise<AccountRow | undefined> {
  const match = "username" in login ? eq(users.username, login.username) : eq(users.phoneHash, login.phoneHash);
  const [row] = await db.select().from(users).where(and(eq(users.tenantId, tenantId), match)).limit(1);
  return row;
}

/**
 * Counts a wrong password; the `maxFailures`-th in a row locks the account until `lockUntil` and
 * starts the count again. Returns the account's lock end (null when not locked).
 */
export async function recordSignInFailure(db: Db, tenantId: string, id: string, rule: { maxFailures: number; lockUntil: Date }): Promise<Date | null> {
  const [after] = await db
    .update(users)
    .set({
      failedLoginCount: sql`case when ${users.failedLoginCount} + 1 >= ${rule.maxFailures} then 0 else ${users.failedLoginCount} + 1 end`,
      lockedUntil: sql`case when ${users.failedLoginCount} + 1 >= ${rule.maxFailures} then ${rule.lockUntil.toISOString()}::timestamptz else ${users.lockedUntil} end`,
    })
    .where(and(eq(users.tenantId, tenantId), eq(users.id, id)))
    .returning({ lockedUntil: users.lockedUntil });
  return after?.lockedUntil ?? null;
}

/** A successful sign-in: the failure count and lock cleared, the time noted. */
export async function recordSignIn(db: Db, tenantId: string, id: string, at: Date): Promise<void> {
  await db
    .update(users)
    .set({ failedLoginCount: 0, lockedUntil: null, lastLoginAt: at })
    .where(and(eq(users.tenantId, tenantId), eq(users.id, id)));
}

/** What a principal needs of its account (the session's user, an API key's creator). */
export interface AccountSummary {
  username: string;
  displayName: string;
  locale: "zh-CN" | "en";
  status: "active" | "disabled";
  mustChangePassword: boolean;
}

/** SQL: the AccountSummary of the user in `userIdColumn` (null when there is none), one primary-key lookup. */
export const accountOf = (tenantColumn: AnyColumn, userIdColumn: AnyColumn): SQL<AccountSummary | null> =>
  sql`(select json_build_object('username', ua.username, 'displayName', ua.display_name, 'locale', ua.locale, 'status', ua.status,
                                'mustChangePassword', ua.must_change_password)
         from users ua where ua.tenant_id = ${qualified(tenantColumn)} and ua.id = ${qualified(userIdColumn)})`.mapWith((v: unknown) =>
    v === null || v === undefined ? null : fromJsonColumn<AccountSummary>(v),
  );
