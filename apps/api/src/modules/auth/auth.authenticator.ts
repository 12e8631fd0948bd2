import type { TPermission } from "@caihong/contracts";
import type { Grant } from "@caihong/domain";
import type { Db } from "../../db/client";
import type { Deps, SessionControl } from "../../lib/context";
import type { Principal } from "../../lib/principal";
import { findGridPath } from "../../lib/scope-sql";
import { findGrantRows, type GrantRow } from "../roles";
import { findApiKeyByHash, findSession, revokeSessions, touchApiKey, touchSession } from "./auth.repository";
import { sha256 } from "./auth.tokens";

const TOUCH_INTERVAL_MS = 60_000;
const CACHE_TTL_MS = 5_000;

function toGrants(rows: GrantRow[]): Grant[] {
  return rows.map((r) => ({ permissions: new Set(r.permissions), scope: r.scope, gridId: r.gridId, gridPath: r.gridPath }));
}

interface CachedSession {
  principal: Principal;
  expiresAt: number;
  lastSeenAt: number;
  cachedAt: number;
}

/**
 * Resolves callers from cookies and API keys. Principals are cached for a few seconds so an
 * authenticated list costs one query, not three; every change to accounts or roles drops the cache
 * through the SessionControl this class implements (Deps.sessions).
 */
export class Authenticator implements SessionControl {
  private readonly sessions = new Map<string, CachedSession>();
  private readonly failuresByIp = new Map<string, { count: number; since: number }>();

  constructor(private readonly deps: Pick<Deps, "db" | "config" | "clock" | "tenantId">) {}

  /** Drops the cached principals of one user, or of everyone. */
  invalidate(userId?: string): void {
    if (!userId) return this.sessions.clear();
    for (const [key, entry] of this.sessions) if (entry.principal.userId === userId) this.sessions.delete(key);
  }

  /** Revokes every open session of a user, in the transaction of the change that ends them. */
  async revokeAll(tx: Db, userId: string): Promise<void> {
    await revokeSessions(tx, this.deps.tenantId, userId, this.deps.clock());
  }

  /** Returns the principal of a session token, or the reason it is not valid. */
  async fromSessionToken(token: string): Promise<Principal | "expired"> {
    const { db, config, clock, tenantId } = this.deps;
    const id = sha256(token);
    const now = clock().getTime();
    const idleMs = config.sessionIdleMinutes * 60_000;
    const cached = this.sessions.get(id);
    if (cached && now - cached.cachedAt < CACHE_TTL_MS && now < cached.expiresAt && now - cached.lastSeenAt < idleMs) {
      return cached.principal;
    }
    const row = await findSession(db, tenantId, id);
    const user = row?.account;
    if (!row || !user) return "expired";
    const { session } = row;
    if (session.revokedAt || session.expiresAt.getTime() <= now || now - session.lastSeenAt.getTime() >= idleMs || user.status !== "active") {
      this.sessions.delete(id);
      return "expired";
    }
    let lastSeenAt = session.lastSeenAt.getTime();
    if (now - lastSeenAt > TOUCH_INTERVAL_MS) {
      await touchSession(db, session.tenantId, id, new Date(now));
      lastSeenAt = now;
    }
    const grantRows = await findGrantRows(db, session.tenantId, session.userId);
    const principal: Principal = {
      kind: "user",
      tenantId: session.tenantId,
      userId: session.userId,
      label: `${user.displayName} (${user.username})`,
      locale: user.locale,
      sessionId: id,
      csrfToken: session.csrfToken,
      apiKeyId: null,
      mustChangePassword: user.mustChangePassword,
      permissions: new Set(grantRows.flatMap((g) => g.permissions) as TPermission[]),
      grants: toGrants(grantRows),
    };
    this.sessions.set(id, { principal, expiresAt: session.expiresAt.getTime(), lastSeenAt, cachedAt: now });
    return principal;
  }

  /** Returns the principal of an API key secret, or null when unknown, revoked or expired. */
  async fromApiKey(secret: string): Promise<Principal | null> {
    const { db, clock, tenantId } = this.deps;
    const row = await findApiKeyByHash(db, tenantId, sha256(secret));
    const now = clock();
    if (!row || row.key.revokedAt || (row.key.expiresAt && row.key.expiresAt <= now) || row.creator?.status !== "active") return null;
    const { key } = row;
    if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
      await touchApiKey(db, key.tenantId, key.id, now);
    }
    const gridPath = key.gridId ? await findGridPath(db, key.tenantId, key.gridId) : null;
    const permissions = new Set(key.permissions as TPermission[]);
    return {
      kind: "apiKey",
      tenantId: key.tenantId,
      userId: key.createdBy,
      label: `API key ${key.name} (${key.prefix})`,
      locale: "zh-CN",
      sessionId: null,
      csrfToken: null,
      apiKeyId: key.id,
      mustChangePassword: false,
      permissions,
      grants: [{ permissions, scope: key.scope, gridId: key.gridId, gridPath }],
    };
  }

  /** Seconds until this address may try to sign in again (0: now). */
  ipBlockedFor(ip: string): number {
    const entry = this.failuresByIp.get(ip);
    const windowMs = this.deps.config.lockoutMinutes * 60_000;
    const now = this.deps.clock().getTime();
    if (!entry || now - entry.since > windowMs) return 0;
    return entry.count >= this.deps.config.maxFailedLoginsPerIp ? Math.ceil((entry.since + windowMs - now) / 1000) : 0;
  }

  /** Counts a failed sign-in from this address. */
  recordIpFailure(ip: string): void {
    const now = this.deps.clock().getTime();
    const windowMs = this.deps.config.lockoutMinutes * 60_000;
    const entry = this.failuresByIp.get(ip);
    if (!entry || now - entry.since > windowMs) this.failuresByIp.set(ip, { count: 1, since: now });
    else entry.count++;
  }
}
