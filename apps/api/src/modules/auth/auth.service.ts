import { createHash, randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import type { TLocale, TPermission } from "@caihong/contracts";
import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Grant } from "@caihong/domain";
import { findGridPath } from "../../lib/scope-sql";
import type { ActorContext, Deps, RequestContext } from "../../lib/context";
import { AppError, msg } from "../../lib/errors";
import { recordAudit } from "../audit";
import { hashPassword, verifyDummy, verifyPassword } from "../../lib/passwords";
import type { Principal } from "../../lib/principal";
import { roles, userRoles } from "../roles/roles.table";
import { tenants } from "../tenants/tenants.table";
import { phoneVerifications, users } from "../users/users.table";
import { apiKeys, sessions } from "./auth.table";
import { findApiKeyByHash, findGrantRows, findSessionWithUser, type GrantRow } from "./auth.repository";
import { presentSessionUser } from "./auth.presenter";

export const SESSION_COOKIE = "caihong_sid";
const TOUCH_INTERVAL_MS = 60_000;
const CACHE_TTL_MS = 5_000;
const CODE_TTL_MS = 10 * 60_000;
const CODE_RESEND_MS = 60_000;
const CODE_MAX_ATTEMPTS = 5;

export const sha256 = (s: string) => createHash("sha256").update(s).digest("hex");

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
 * authenticated list costs one query, not three; every change to accounts or roles drops the cache.
 */
export class Authenticator {
  private readonly sessions = new Map<string, CachedSession>();
  private readonly failuresByIp = new Map<string, { count: number; since: number }>();

  constructor(private readonly deps: Omit<Deps, "invalidatePrincipals">) {}

  invalidate(userId?: string): void {
    if (!userId) return this.sessions.clear();
    for (const [key, entry] of this.sessions) if (entry.principal.userId === userId) this.sessions.delete(key);
  }

  /** Returns the principal of a session token, or the reason it is not valid. */
  async fromSessionToken(token: string): Promise<Principal | "expired"> {
    const { db, config, clock } = this.deps;
    const id = sha256(token);
    const now = clock().getTime();
    const idleMs = config.sessionIdleMinutes * 60_000;
    const cached = this.sessions.get(id);
    if (cached && now - cached.cachedAt < CACHE_TTL_MS && now < cached.expiresAt && now - cached.lastSeenAt < idleMs) {
      return cached.principal;
    }
    const row = await findSessionWithUser(db, id);
    if (!row) return "expired";
    const { session, user } = row;
    if (session.revokedAt || session.expiresAt.getTime() <= now || now - session.lastSeenAt.getTime() >= idleMs || user.status !== "active") {
      this.sessions.delete(id);
      return "expired";
    }
    let lastSeenAt = session.lastSeenAt.getTime();
    if (now - lastSeenAt > TOUCH_INTERVAL_MS) {
      await db.update(sessions).set({ lastSeenAt: new Date(now) }).where(and(eq(sessions.tenantId, session.tenantId), eq(sessions.id, id)));
      lastSeenAt = now;
    }
    const grantRows = await findGrantRows(db, user.tenantId, user.id);
    const principal: Principal = {
      kind: "user",
      tenantId: user.tenantId,
      userId: user.id,
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
    const { db, clock } = this.deps;
    const row = await findApiKeyByHash(db, sha256(secret));
    const now = clock();
    if (!row || row.key.revokedAt || (row.key.expiresAt && row.key.expiresAt <= now) || row.user.status !== "active") return null;
    const { key } = row;
    if (!key.lastUsedAt || now.getTime() - key.lastUsedAt.getTime() > TOUCH_INTERVAL_MS) {
      await db.update(apiKeys).set({ lastUsedAt: now }).where(and(eq(apiKeys.tenantId, key.tenantId), eq(apiKeys.id, key.id)));
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

  ipBlockedFor(ip: string): number {
    const entry = this.failuresByIp.get(ip);
    const windowMs = this.deps.config.lockoutMinutes * 60_000;
    const now = this.deps.clock().getTime();
    if (!entry || now - entry.since > windowMs) return 0;
    return entry.count >= this.deps.config.maxFailedLoginsPerIp ? Math.ceil((entry.since + windowMs - now) / 1000) : 0;
  }

  recordIpFailure(ip: string): void {
    const now = this.deps.clock().getTime();
    const windowMs = this.deps.config.lockoutMinutes * 60_000;
    const entry = this.failuresByIp.get(ip);
    if (!entry || now - entry.since > windowMs) this.failuresByIp.set(ip, { count: 1, since: now });
    else entry.count++;
  }
}

/** A created session: the cookie token and the signed-in user. */
export interface SessionGrant {
  token: string;
  maxAgeSeconds: number;
}

async function openSession(ctx: RequestContext, tenantId: string, userId: string): Promise<SessionGrant> {
  const token = randomBytes(32).toString("base64url");
  const now = ctx.clock();
  const absoluteMs = ctx.config.sessionAbsoluteHours * 3_600_000;
  await ctx.db.insert(sessions).values({
    tenantId,
    id: sha256(token),
    userId,
    csrfToken: randomBytes(24).toString("base64url"),
    createdAt: now,
    lastSeenAt: now,
    expiresAt: new Date(now.getTime() + absoluteMs),
    ip: ctx.ip,
    userAgent: ctx.userAgent?.slice(0, 300) ?? null,
  });
  return { token, maxAgeSeconds: Math.floor(absoluteMs / 1000) };
}

const PHONE_PATTERN = /^1[3-9]\d{9}$/;

/** Signs a user in by username (or resident phone) and password, with throttling and lockout. */
export async function login(ctx: RequestContext, auth: Authenticator, input: { username: string; password: string }) {
  const retryIp = auth.ipBlockedFor(ctx.ip);
  if (retryIp > 0) throw new AppError("RATE_LIMITED", undefined, { headers: { "Retry-After": String(retryIp) } });
  const now = ctx.clock();
  const name = input.username.trim().toLowerCase();
  const where = PHONE_PATTERN.test(name)
    ? and(eq(users.tenantId, ctx.tenantId), eq(users.phoneHash, ctx.pd.hash("phone", name)))
    : and(eq(users.tenantId, ctx.tenantId), eq(users.username, name));
  const [user] = await ctx.db.select().from(users).where(where).limit(1);
  if (!user) {
    await verifyDummy(input.password);
    auth.recordIpFailure(ctx.ip);
    await recordAudit(ctx.db, ctx, { action: "auth.login.fail", entityType: "user", entityId: null, after: { username: name.slice(0, 64), reason: "unknown" } });
    throw new AppError("INVALID_CREDENTIALS");
  }
  if (user.lockedUntil && user.lockedUntil > now) {
    const seconds = Math.ceil((user.lockedUntil.getTime() - now.getTime()) / 1000);
    throw new AppError("ACCOUNT_LOCKED", msg(`请 ${Math.ceil(seconds / 60)} 分钟后再试`, `Try again in ${Math.ceil(seconds / 60)} minute(s)`), {
      headers: { "Retry-After": String(seconds) },
    });
  }
  if (!(await verifyPassword(user.passwordHash, input.password))) {
    auth.recordIpFailure(ctx.ip);
    const lockUntil = new Date(now.getTime() + ctx.config.lockoutMinutes * 60_000);
    const [after] = await ctx.db
      .update(users)
      .set({
        failedLoginCount: sql`case when ${users.failedLoginCount} + 1 >= ${ctx.config.maxFailedLogins} then 0 else ${users.failedLoginCount} + 1 end`,
        lockedUntil: sql`case when ${users.failedLoginCount} + 1 >= ${ctx.config.maxFailedLogins} then ${lockUntil.toISOString()}::timestamptz else ${users.lockedUntil} end`,
      })
      .where(and(eq(users.tenantId, user.tenantId), eq(users.id, user.id)))
      .returning({ lockedUntil: users.lockedUntil });
    const locked = !!after?.lockedUntil && after.lockedUntil > now;
    await recordAudit(ctx.db, ctx, { action: locked ? "auth.lockout" : "auth.login.fail", entityType: "user", entityId: user.id, gridId: user.gridId, after: { reason: "password" } });
    if (locked) {
      const seconds = ctx.config.lockoutMinutes * 60;
      throw new AppError("ACCOUNT_LOCKED", msg(`请 ${ctx.config.lockoutMinutes} 分钟后再试`, `Try again in ${ctx.config.lockoutMinutes} minute(s)`), {
        headers: { "Retry-After": String(seconds) },
      });
    }
    throw new AppError("INVALID_CREDENTIALS");
  }
  if (user.status !== "active") throw new AppError("ACCOUNT_DISABLED");
  await ctx.db
    .update(users)
    .set({ failedLoginCount: 0, lockedUntil: null, lastLoginAt: now })
    .where(and(eq(users.tenantId, user.tenantId), eq(users.id, user.id)));
  const grant = await openSession(ctx, user.tenantId, user.id);
  const actor = await auth.fromSessionToken(grant.token);
  if (actor === "expired") throw new AppError("INTERNAL");
  await recordAudit(ctx.db, { ...ctx, actor }, { action: "auth.login", entityType: "user", entityId: user.id, gridId: user.gridId });
  return { grant, user: await getSessionUser({ ...ctx, actor }) };
}

/** Ends the caller's session. */
export async function logout(ctx: ActorContext, auth: Authenticator): Promise<void> {
  if (!ctx.actor.sessionId) return;
  await ctx.db
    .update(sessions)
    .set({ revokedAt: ctx.clock() })
    .where(and(eq(sessions.tenantId, ctx.actor.tenantId), eq(sessions.id, ctx.actor.sessionId)));
  auth.invalidate(ctx.actor.userId);
  await recordAudit(ctx.db, ctx, { action: "auth.logout", entityType: "user", entityId: ctx.actor.userId });
}

/** The signed-in user with roles, permissions and CSRF token. */
export async function getSessionUser(ctx: ActorContext) {
  const [user] = await ctx.db
    .select()
    .from(users)
    .where(and(eq(users.tenantId, ctx.actor.tenantId), eq(users.id, ctx.actor.userId)));
  const [tenant] = await ctx.db.select().from(tenants).where(eq(tenants.id, ctx.actor.tenantId));
  if (!user || !tenant) throw new AppError("SESSION_EXPIRED");
  const grantRows = await findGrantRows(ctx.db, user.tenantId, user.id);
  return presentSessionUser({ user, tenant, grantRows, actor: ctx.actor, pd: ctx.pd, locale: ctx.locale });
}

/** Changes the caller's own password; revokes their other sessions. */
export async function changeOwnPassword(ctx: ActorContext, auth: Authenticator, input: { currentPassword: string; newPassword: string }) {
  if (ctx.actor.kind !== "user") throw new AppError("FORBIDDEN");
  const [user] = await ctx.db.select().from(users).where(and(eq(users.tenantId, ctx.actor.tenantId), eq(users.id, ctx.actor.userId)));
  if (!user || !(await verifyPassword(user.passwordHash, input.currentPassword))) {
    throw new AppError("INVALID_CREDENTIALS", msg("当前密码不正确", "The current password is wrong"));
  }
  if (input.currentPassword === input.newPassword) {
    throw new AppError("UNPROCESSABLE", msg("新密码不能与当前密码相同", "The new password must differ from the current one"));
  }
  const passwordHash = await hashPassword(input.newPassword);
  await ctx.db.transaction(async (tx) => {
    await tx
      .update(users)
      .set({ passwordHash, mustChangePassword: false, updatedAt: ctx.clock(), version: sql`${users.version} + 1` })
      .where(and(eq(users.tenantId, user.tenantId), eq(users.id, user.id)));
    await tx
      .update(sessions)
      .set({ revokedAt: ctx.clock() })
      .where(and(eq(sessions.tenantId, user.tenantId), eq(sessions.userId, user.id), isNull(sessions.revokedAt), sql`${sessions.id} <> ${ctx.actor.sessionId ?? ""}`));
    await recordAudit(tx, ctx, { action: "user.password.change", entityType: "user", entityId: user.id, gridId: user.gridId });
  });
  auth.invalidate(user.id);
}

/** Updates the caller's display name or language. */
export async function updateOwnProfile(ctx: ActorContext, auth: Authenticator, input: { displayName?: string; locale?: TLocale }) {
  if (ctx.actor.kind !== "user") throw new AppError("FORBIDDEN");
  await ctx.db.transaction(async (tx) => {
    const [before] = await tx.select().from(users).where(and(eq(users.tenantId, ctx.actor.tenantId), eq(users.id, ctx.actor.userId))).for("update");
    if (!before) throw new AppError("SESSION_EXPIRED");
    const patch = { displayName: input.displayName ?? before.displayName, locale: input.locale ?? before.locale };
    await tx
      .update(users)
      .set({ ...patch, updatedAt: ctx.clock(), version: sql`${users.version} + 1` })
      .where(and(eq(users.tenantId, before.tenantId), eq(users.id, before.id)));
    await recordAudit(tx, ctx, {
      action: "user.profile.update",
      entityType: "user",
      entityId: before.id,
      gridId: before.gridId,
      before: { displayName: before.displayName, locale: before.locale },
      after: patch,
    });
  });
  auth.invalidate(ctx.actor.userId);
  return getSessionUser({ ...ctx, locale: input.locale ?? ctx.locale });
}

/** Sends a registration code to a phone, at most one per minute per phone. */
export async function requestRegistrationCode(ctx: RequestContext, phone: string) {
  const phoneHash = ctx.pd.hash("phone", phone);
  const now = ctx.clock();
  const [last] = await ctx.db
    .select()
    .from(phoneVerifications)
    .where(and(eq(phoneVerifications.tenantId, ctx.tenantId), eq(phoneVerifications.phoneHash, phoneHash)))
    .orderBy(desc(phoneVerifications.createdAt))
    .limit(1);
  if (last && now.getTime() - last.createdAt.getTime() < CODE_RESEND_MS) {
    const wait = Math.ceil((last.createdAt.getTime() + CODE_RESEND_MS - now.getTime()) / 1000);
    throw new AppError("RATE_LIMITED", msg(`请 ${wait} 秒后再获取验证码`, `Wait ${wait} s before asking for another code`), {
      headers: { "Retry-After": String(wait) },
    });
  }
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const id = crypto.randomUUID();
  const expiresAt = new Date(now.getTime() + CODE_TTL_MS);
  await ctx.db.insert(phoneVerifications).values({
    tenantId: ctx.tenantId,
    id,
    phoneHash,
    codeHash: sha256(`${id}:${code}`),
    purpose: "register",
    expiresAt,
    createdAt: now,
  });
  await ctx.sms.send(phone, `【彩虹桥】您的注册验证码是 ${code}，10 分钟内有效。`);
  return { expiresAt: expiresAt.toISOString(), resendAfterSeconds: CODE_RESEND_MS / 1000 };
}

/** Registers a resident with a verified phone and signs them in. */
export async function registerResident(
  ctx: RequestContext,
  auth: Authenticator,
  input: { phone: string; code: string; password: string; displayName: string },
) {
  const phoneHash = ctx.pd.hash("phone", input.phone);
  const now = ctx.clock();
  const [verification] = await ctx.db
    .select()
    .from(phoneVerifications)
    .where(
      and(
        eq(phoneVerifications.tenantId, ctx.tenantId),
        eq(phoneVerifications.phoneHash, phoneHash),
        eq(phoneVerifications.purpose, "register"),
        isNull(phoneVerifications.consumedAt),
        gt(phoneVerifications.expiresAt, now),
      ),
    )
    .orderBy(desc(phoneVerifications.createdAt))
    .limit(1);
  const wrong = () => new AppError("INVALID_CREDENTIALS", msg("验证码不正确或已过期", "The code is wrong or has expired"));
  if (!verification || verification.attempts >= CODE_MAX_ATTEMPTS) throw wrong();
  const expected = Buffer.from(verification.codeHash, "hex");
  const actual = Buffer.from(sha256(`${verification.id}:${input.code}`), "hex");
  if (!timingSafeEqual(expected, actual)) {
    await ctx.db
      .update(phoneVerifications)
      .set({ attempts: sql`${phoneVerifications.attempts} + 1` })
      .where(and(eq(phoneVerifications.tenantId, ctx.tenantId), eq(phoneVerifications.id, verification.id)));
    throw wrong();
  }
  const passwordHash = await hashPassword(input.password);
  const userId = await ctx.db.transaction(async (tx) => {
    const consumed = await tx
      .update(phoneVerifications)
      .set({ consumedAt: now })
      .where(and(eq(phoneVerifications.tenantId, ctx.tenantId), eq(phoneVerifications.id, verification.id), isNull(phoneVerifications.consumedAt)))
      .returning({ id: phoneVerifications.id });
    if (consumed.length === 0) throw wrong();
    const [taken] = await tx.select({ id: users.id }).from(users).where(and(eq(users.tenantId, ctx.tenantId), eq(users.phoneHash, phoneHash)));
    if (taken) throw new AppError("ALREADY_EXISTS", msg("该手机号已注册，请直接登录", "This phone is already registered; sign in instead"));
    const [role] = await tx.select().from(roles).where(and(eq(roles.tenantId, ctx.tenantId), eq(roles.code, "resident")));
    if (!role) throw new AppError("INTERNAL");
    const [user] = await tx
      .insert(users)
      .values({
        tenantId: ctx.tenantId,
        username: `r${randomBytes(6).toString("hex")}`,
        displayName: input.displayName,
        phoneEnc: ctx.pd.encrypt(input.phone),
        phoneHash,
        phoneVerifiedAt: now,
        locale: ctx.locale,
        passwordHash,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
    await tx.insert(userRoles).values({ tenantId: ctx.tenantId, userId: user!.id, roleId: role.id, scope: "own", createdAt: now });
    await recordAudit(tx, ctx, {
      action: "user.register",
      entityType: "user",
      entityId: user!.id,
      after: { username: user!.username, displayName: user!.displayName, role: "resident" },
    });
    return user!.id;
  });
  const grant = await openSession(ctx, ctx.tenantId, userId);
  const actor = await auth.fromSessionToken(grant.token);
  if (actor === "expired") throw new AppError("INTERNAL");
  return { grant, user: await getSessionUser({ ...ctx, actor }) };
}
