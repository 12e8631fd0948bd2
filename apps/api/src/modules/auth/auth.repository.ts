import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { changeVersionsOf } from "../../lib/changes";
import { accountOf } from "../users";
import { apiKeys, sessions } from "./auth.table";

export type SessionRow = typeof sessions.$inferSelect;
export type ApiKeyRow = typeof apiKeys.$inferSelect;

// ── Sessions ───────────────────────────────────────────────────────────────────────────────────

/** The per-request session query, prepared once per database handle. */
function prepareFindSession(db: Db) {
  return db
    .select({
      session: sessions,
      account: accountOf(sessions.tenantId, sessions.userId),
      versions: changeVersionsOf(sessions.tenantId),
      today: sql<string>`current_date::text`,
    })
    .from(sessions)
    .where(and(eq(sessions.tenantId, sql.placeholder("tenantId")), eq(sessions.id, sql.placeholder("id"))))
    .limit(1)
    .prepare("auth_find_session");
}

const sessionQueries = new WeakMap<Db, ReturnType<typeof prepareFindSession>>();

/**
 * A session by id (the token's hash) with what the principal needs of its user (null when the
 * user is gone), the tenant's change counters (the permission version among them) and the
 * database's date (staff posts' grants count by it). It runs on every authenticated request, so
 * it is one named prepared statement (parsed and planned once per PostgreSQL connection).
 */
export async function findSession(db: Db, tenantId: string, id: string) {
  let query = sessionQueries.get(db);
  if (!query) sessionQueries.set(db, (query = prepareFindSession(db)));
  const [row] = await query.execute({ tenantId, id });
  return row;
}

export async function insertSession(db: Db, tenantId: string, values: Omit<typeof sessions.$inferInsert, "tenantId">): Promise<void> {
  await db.insert(sessions).values({ tenantId, ...values });
}

/** Notes that the session was used (idle timeout counts from here). */
export async function touchSession(db: Db, tenantId: string, id: string, at: Date): Promise<void> {
  await db.update(sessions).set({ lastSeenAt: at }).where(and(eq(sessions.tenantId, tenantId), eq(sessions.id, id)));
}

/** Ends one session. */
export async function revokeSession(db: Db, tenantId: string, id: string, at: Date): Promise<void> {
  await db.update(sessions).set({ revokedAt: at }).where(and(eq(sessions.tenantId, tenantId), eq(sessions.id, id)));
}

/** Ends every open session of a user, except `keepId` (the caller's own, after a password change). */
export async function revokeSessions(tx: Db, tenantId: string, userId: string, at: Date, keepId: string | null = null): Promise<void> {
  await tx
    .update(sessions)
    .set({ revokedAt: at })
    .where(and(eq(sessions.tenantId, tenantId), eq(sessions.userId, userId), isNull(sessions.revokedAt), sql`${sessions.id} <> ${keepId ?? ""}`));
}

// ── API keys ───────────────────────────────────────────────────────────────────────────────────

/** An API key by the hash of its secret, with what the principal needs of its creator and the tenant's change counters. */
export async function findApiKeyByHash(db: Db, tenantId: string, keyHash: string) {
  const [row] = await db
    .select({ key: apiKeys, creator: accountOf(apiKeys.tenantId, apiKeys.createdBy), versions: changeVersionsOf(apiKeys.tenantId) })
    .from(apiKeys)
    .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.keyHash, keyHash)))
    .limit(1);
  return row;
}

/** Notes that the key was used. */
export async function touchApiKey(db: Db, tenantId: string, id: string, at: Date): Promise<void> {
  await db.update(apiKeys).set({ lastUsedAt: at }).where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, id)));
}

/** The tenant's keys, newest first; only those `createdBy` made when given. */
export async function findApiKeys(db: Db, tenantId: string, createdBy: string | null): Promise<ApiKeyRow[]> {
  const mine = createdBy === null ? undefined : eq(apiKeys.createdBy, createdBy);
  return db.select().from(apiKeys).where(and(eq(apiKeys.tenantId, tenantId), mine)).orderBy(desc(apiKeys.createdAt));
}

/** One key by id; optionally locked for a change. */
export async function findApiKeyById(db: Db, tenantId: string, id: string, forUpdate = false): Promise<ApiKeyRow | undefined> {
  const query = db.select().from(apiKeys).where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, id)));
  const [row] = forUpdate ? await query.for("update") : await query;
  return row;
}

export async function insertApiKey(tx: Db, tenantId: string, values: Omit<typeof apiKeys.$inferInsert, "tenantId" | "id">): Promise<ApiKeyRow> {
  const [row] = await tx.insert(apiKeys).values({ tenantId, ...values }).returning();
  return row!;
}

/** Revokes a key that is not revoked yet; returns it as it is now (undefined when it already was). */
export async function revokeApiKey(tx: Db, tenantId: string, id: string, at: Date): Promise<ApiKeyRow | undefined> {
  const [row] = await tx
    .update(apiKeys)
    .set({ revokedAt: at })
    .where(and(eq(apiKeys.tenantId, tenantId), eq(apiKeys.id, id), isNull(apiKeys.revokedAt)))
    .returning();
  return row;
}

/**
 * SQL text (for a statement of fixed text) that is true while the API key `keyId` may act: not
 * revoked, not expired at `at`, its creator active — or when `keyId` is null (no key). A write that
 * trusts a key kept in memory checks it in its own statement (the intake).
 */
export function apiKeyHoldsText(tenant: string, keyId: string, at: string): string {
  return `(${keyId} is null or exists (select 1 from api_keys hk where hk.tenant_id = ${tenant} and hk.id = ${keyId} and hk.revoked_at is null
    and (hk.expires_at is null or hk.expires_at > ${at})
    and exists (select 1 from users hu where hu.tenant_id = ${tenant} and hu.id = hk.created_by and hu.status = 'active')))`;
}
