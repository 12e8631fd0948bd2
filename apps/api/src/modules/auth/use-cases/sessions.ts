import type { TSessionUser } from "@caihong/contracts";
import type { ActorContext, RequestContext } from "../../../lib/context";
import { AppError } from "../../../lib/errors";
import { recordAudit } from "../../audit";
import { findGrantRows } from "../../roles";
import { findTenant } from "../../tenants";
import { findAccountById } from "../../users";
import type { Authenticator } from "../auth.authenticator";
import { presentSessionUser } from "../auth.presenter";
import { insertSession, revokeSession } from "../auth.repository";
import { randomToken, sha256 } from "../auth.tokens";

/** A created session: the cookie token and how long the cookie lives. */
export interface SessionGrant {
  token: string;
  maxAgeSeconds: number;
}

/**
 * Opens a session for a user who has just proved who they are (sign-in, registration) and returns
 * it with its principal. No authorization: the callers checked the credentials.
 */
export async function openSession(ctx: RequestContext, auth: Authenticator, tenantId: string, userId: string) {
  const token = randomToken(32);
  const now = ctx.clock();
  const absoluteMs = ctx.config.sessionAbsoluteHours * 3_600_000;
  await insertSession(ctx.db, tenantId, {
    id: sha256(token),
    userId,
    csrfToken: randomToken(24),
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + absoluteMs),
    ip: ctx.ip,
    userAgent: ctx.userAgent?.slice(0, 300) ?? null,
  });
  const actor = await auth.fromSessionToken(token);
  if (actor === "expired") throw new AppError("INTERNAL");
  const grant: SessionGrant = { token, maxAgeSeconds: Math.floor(absoluteMs / 1000) };
  return { grant, actor };
}

/** Ends the caller's session. */
export async function signOut(ctx: ActorContext): Promise<void> {
  // Self-service: every caller may end their own session (an API key has none to end).
  if (!ctx.actor.sessionId) return;
  await revokeSession(ctx.db, ctx.actor.tenantId, ctx.actor.sessionId, ctx.clock());
  await recordAudit(ctx.db, ctx, { action: "auth.logout", entityType: "user", entityId: ctx.actor.userId });
}

/** The signed-in user with roles, permissions and CSRF token. */
export async function getSessionUser(ctx: ActorContext): Promise<TSessionUser> {
  // Self-service: every caller may read their own account.
  const [user, tenant] = await Promise.all([findAccountById(ctx.db, ctx.actor.tenantId, ctx.actor.userId), findTenant(ctx.db, ctx.actor.tenantId)]);
  if (!user || !tenant) throw new AppError("SESSION_EXPIRED");
  const grantRows = await findGrantRows(ctx.db, user.tenantId, user.id);
  return presentSessionUser({ user, tenant, grantRows, actor: ctx.actor, pd: ctx.pd, locale: ctx.locale });
}
