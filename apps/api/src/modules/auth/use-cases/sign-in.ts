import type { ActorContext, RequestContext } from "../../../lib/context";
import { AppError, msg } from "../../../lib/errors";
import { verifyDummy, verifyPassword } from "../../../lib/passwords";
import { recordAudit } from "../../audit";
import { findAccountByLogin, recordSignIn, recordSignInFailure } from "../../users";
import type { Authenticator } from "../auth.authenticator";
import { getSessionUser, openSession } from "./sessions";

const PHONE_PATTERN = /^1[3-9]\d{9}$/;

/** Signs a user in by username (or resident phone) and password, with throttling and lockout. */
export async function signIn(ctx: RequestContext, auth: Authenticator, input: { username: string; password: string }) {
  // Public: this is how a caller becomes known.
  const retryIp = auth.ipBlockedFor(ctx.ip);
  if (retryIp > 0) throw new AppError("RATE_LIMITED", undefined, { headers: { "Retry-After": String(retryIp) } });
  const now = ctx.clock();
  const name = input.username.trim().toLowerCase();
  const user = await findAccountByLogin(ctx.db, ctx.tenantId, PHONE_PATTERN.test(name) ? { phoneHash: ctx.pd.hash("phone", name) } : { username: name });
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
    const lockedUntil = await recordSignInFailure(ctx.db, user.tenantId, user.id, { maxFailures: ctx.config.maxFailedLogins, lockUntil });
    const locked = !!lockedUntil && lockedUntil > now;
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
  await recordSignIn(ctx.db, user.tenantId, user.id, now);
  const { grant, actor } = await openSession(ctx, auth, user.tenantId, user.id);
  const signedIn: ActorContext = { ...ctx, actor };
  await recordAudit(ctx.db, signedIn, { action: "auth.login", entityType: "user", entityId: user.id, gridId: user.gridId });
  return { grant, user: await getSessionUser(signedIn) };
}
