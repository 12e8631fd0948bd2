import type { ActorContext, RequestContext } from "../../../lib/context";
import { AppError, msg } from "../../../lib/errors";
import { clearKey, hasMark, hit, peek, rateLimited, recordFailure, setMark } from "../../../lib/limits";
import { verifyDummy, verifyPassword } from "../../../lib/passwords";
import { recordAudit } from "../../audit";
import { findAccountByLogin, recordSignIn } from "../../users";
import type { Authenticator } from "../auth.authenticator";
import { getSessionUser, openSession } from "./sessions";

const PHONE_PATTERN = /^1[3-9]\d{9}$/;

/** An account's addresses it signed in from are "known" this long after the last success. */
const KNOWN_ADDRESS_DAYS = 90;
const BUCKET = { pair: "login.pair", account: "login.account", address: "login.address", known: "login.known" } as const;

const tooMany = (seconds: number) => rateLimited(seconds, msg(`登录失败次数过多，请 ${seconds} 秒后再试`, `Too many failed sign-ins: try again in ${seconds} s`));

/**
 * Signs a user in by username (or resident phone) and password. Throttling (ADR 0014), in the
 * database so every process counts alike, and decided before the account is looked up so known
 * and unknown names answer the same code, body and time:
 * - per account and address: after `freeFailures` failures, backoff of 1 s, 2 s, 4 s … up to the cap;
 * - per account over all addresses and per address over all accounts, looser, except for an
 *   account from an address it signed in from before (a stranger cannot lock its owner out).
 */
export async function signIn(ctx: RequestContext, auth: Authenticator, input: { username: string; password: string }) {
  // Public: this is how a caller becomes known.
  const now = ctx.clock();
  const rules = ctx.config.limits.login;
  const windowSeconds = rules.windowMinutes * 60;
  const name = input.username.trim().toLowerCase();
  const keys = { pair: ctx.pd.hash("account", `${name}|${ctx.ip}`), account: ctx.pd.hash("account", name), address: ctx.pd.hash("address", ctx.ip) };
  const pair = await peek(ctx.db, ctx.tenantId, BUCKET.pair, keys.pair, now);
  if (pair.blockedSeconds > 0) throw tooMany(pair.blockedSeconds);
  if (!(await hasMark(ctx.db, ctx.tenantId, BUCKET.known, keys.pair, now))) {
    const account = await peek(ctx.db, ctx.tenantId, BUCKET.account, keys.account, now);
    if (account.count >= rules.accountFailures) throw tooMany(account.resetSeconds);
    const address = await peek(ctx.db, ctx.tenantId, BUCKET.address, keys.address, now);
    if (address.count >= rules.addressFailures) throw tooMany(address.resetSeconds);
  }
  const user = await findAccountByLogin(ctx.db, ctx.tenantId, PHONE_PATTERN.test(name) ? { phoneHash: ctx.pd.hash("phone", name) } : { username: name });
  // An unknown name burns the time of a real check.
  let valid = false;
  if (user) valid = await verifyPassword(user.passwordHash, input.password);
  else await verifyDummy(input.password);
  if (!user || !valid) {
    const after = await recordFailure(ctx.db, ctx.tenantId, { bucket: BUCKET.pair, windowSeconds: 86_400, freeFailures: rules.freeFailures, maxBackoffSeconds: rules.maxBackoffSeconds }, keys.pair, now);
    await hit(ctx.db, ctx.tenantId, BUCKET.account, keys.account, windowSeconds, now);
    await hit(ctx.db, ctx.tenantId, BUCKET.address, keys.address, windowSeconds, now);
    await recordAudit(ctx.db, ctx, {
      action: after.blockedSeconds > 0 ? "auth.throttle" : "auth.login.fail",
      entityType: "user",
      entityId: user?.id ?? null,
      gridId: user?.gridId,
      after: user ? { reason: "password" } : { username: name.slice(0, 64), reason: "unknown" },
    });
    throw new AppError("INVALID_CREDENTIALS");
  }
  if (user.status !== "active") throw new AppError("ACCOUNT_DISABLED");
  await clearKey(ctx.db, ctx.tenantId, BUCKET.pair, keys.pair);
  await setMark(ctx.db, ctx.tenantId, BUCKET.known, keys.pair, KNOWN_ADDRESS_DAYS * 86_400, now);
  await recordSignIn(ctx.db, user.tenantId, user.id, now);
  const { grant, actor } = await openSession(ctx, auth, user.tenantId, user.id);
  const signedIn: ActorContext = { ...ctx, actor };
  await recordAudit(ctx.db, signedIn, { action: "auth.login", entityType: "user", entityId: user.id, gridId: user.gridId });
  return { grant, user: await getSessionUser(signedIn) };
}
