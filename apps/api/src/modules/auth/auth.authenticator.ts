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

function toGrants(rows: GrantRow[]): Grant[] {
  return rows.map((r) => ({ permissions: new Set(r.permissions), scope: r.scope, gridId: r.gridId, gridPath: r.gridPath }));
}

/** An API key as the authenticator keeps it: its principal and what decides whether it still holds. */
interface CachedKey {
  revokedAt: Date | null;
  expiresAt: Date | null;
  creatorActive: boolean;
  lastUsedAt: Date | null;
  principal: Principal;
}

/** A user's grants as loaded under a permission version on a date (staff posts count by date). */
interface CachedGrants {
  version: number;
  today: string;
  permissions: ReadonlySet<TPermission>;
  grants: Grant[];
}

/**
 * Resolves callers from cookies and API keys. Every request reads its session in one query that
 * also returns the account (status, name, language, pending password change), the tenant's change
 * counters and the date; so a revoked session, a disabled account or a changed role is refused on
 * the very next request in every process. Only a user's grants (the heavier query) are cached, and
 * only under the permission version they were loaded at: any change to roles, assignments, staff
 * posts or accounts bumps it (`permissionsChanged`, through Deps.sessions) and the next request
 * reloads them. The change bus's notification frees the cache early.
 */
export class Authenticator implements SessionControl {
  private readonly grantsByUser = new Map<string, CachedGrants>();
  /** API keys by the hash of their secret (a promise: concurrent first uses share one read). */
  private readonly keysByHash = new Map<string, Promise<CachedKey | null>>();

  constructor(private readonly deps: Pick<Deps, "db" | "config" | "clock" | "tenantId" | "changes">) {
    deps.changes.subscribe("permissions", (event) => {
      if (event.tenantId === null || event.tenantId === deps.tenantId) {
        this.grantsByUser.clear();
        this.keysByHash.clear();
      }
    });
  }

  /** Bumps the tenant's permission version in the transaction of the change (every process sees it on its next request). */
  permissionsChanged(tx: Db): Promise<void> {
    // This process forgets its keys at once (the notification comes back asynchronously on
    // PostgreSQL): the request after a revocation is refused here; a key read again before the
    // commit is dropped again when the notification arrives.
    this.keysByHash.clear();
    return this.deps.changes.publish(tx, this.deps.tenantId, "permissions");
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
    const row = await findSession(db, tenantId, id);
    const user = row?.account;
    if (!row || !user) return "expired";
    const { session } = row;
    if (session.revokedAt || session.expiresAt.getTime() <= now || now - session.lastSeenAt.getTime() >= idleMs || user.status !== "active") return "expired";
    // The counters came with the session: caches this process has not yet heard about drop now.
    this.deps.changes.observe(session.tenantId, row.versions);
    if (now - session.lastSeenAt.getTime() > TOUCH_INTERVAL_MS) await touchSession(db, session.tenantId, id, new Date(now));
    const { permissions, grants } = await this.grantsOf(session.tenantId, session.userId, row.versions.permissions ?? 0, row.today);
    return {
      kind: "user",
      tenantId: session.tenantId,
      userId: session.userId,
      label: `${user.displayName} (${user.username})`,
      locale: user.locale,
      sessionId: id,
      csrfToken: session.csrfToken,
      apiKeyId: null,
      mustChangePassword: user.mustChangePassword,
      permissions,
      grants,
    };
  }

  /**
   * A user's grants under a permission version on a date: from the cache when loaded under both,
   * else from the database. The version was read before the grants, so an entry never claims a
   * newer version than its rows (a change in between only costs one more load).
   */
  private async grantsOf(tenantId: string, userId: string, version: number, today: string): Promise<CachedGrants> {
    const cached = this.grantsByUser.get(userId);
    if (cached && cached.version === version && cached.today === today) return cached;
    const rows = await findGrantRows(this.deps.db, tenantId, userId);
    const loaded: CachedGrants = { version, today, permissions: new Set(rows.flatMap((g) => g.permissions) as TPermission[]), grants: toGrants(rows) };
    this.grantsByUser.set(userId, loaded);
    return loaded;
  }

  /**
   * Returns the principal of an API key secret, or null when unknown, revoked or expired. Keys are
   * kept in memory by the hash of their secret (an integration sends hundreds of requests a
   * minute) and dropped on every `permissions` change: revoking a key, changing or disabling its
   * creator publish one. Until that notification arrives — milliseconds — another process may still
   * read with a revoked key; writes cannot: the intake's statement checks the key in the database
   * (docs/performance.md, "Intake: one statement").
   */
  async fromApiKey(secret: string): Promise<Principal | null> {
    const { clock } = this.deps;
    const hash = sha256(secret);
    const now = clock();
    let cached = this.keysByHash.get(hash);
    if (!cached) {
      const loading = this.loadKey(hash);
      this.keysByHash.set(hash, loading);
      cached = loading;
      loading.catch(() => {
        if (this.keysByHash.get(hash) === loading) this.keysByHash.delete(hash);
      });
    }
    const entry = await cached;
    if (!entry || entry.revokedAt || (entry.expiresAt && entry.expiresAt <= now) || !entry.creatorActive) return null;
    if (!entry.lastUsedAt || now.getTime() - entry.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
      entry.lastUsedAt = now;
      await touchApiKey(this.deps.db, entry.principal.tenantId, entry.principal.apiKeyId!, now);
    }
    return entry.principal;
  }

  /** A key's principal and what decides whether it still holds, read once (null: no such key). */
  private async loadKey(hash: string): Promise<CachedKey | null> {
    const { db, tenantId } = this.deps;
    const row = await findApiKeyByHash(db, tenantId, hash);
    if (!row) {
      // An unknown secret is not remembered: the map would grow with every guess.
      this.keysByHash.delete(hash);
      return null;
    }
    const { key } = row;
    this.deps.changes.observe(key.tenantId, row.versions);
    const gridPath = key.gridId ? await findGridPath(db, key.tenantId, key.gridId) : null;
    const permissions = new Set(key.permissions as TPermission[]);
    return {
      revokedAt: key.revokedAt,
      expiresAt: key.expiresAt,
      creatorActive: row.creator?.status === "active",
      lastUsedAt: key.lastUsedAt,
      principal: {
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
      },
    };
  }
}
