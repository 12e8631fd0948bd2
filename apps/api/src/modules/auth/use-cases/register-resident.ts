import { randomBytes, randomInt, timingSafeEqual } from "node:crypto";
import type { ZRequestCodeResponse } from "@caihong/contracts";
import type { z } from "zod";
import type { RequestContext } from "../../../lib/context";
import { AppError, msg } from "../../../lib/errors";
import { enforce } from "../../../lib/limits";
import { hashPassword } from "../../../lib/passwords";
import { recordAudit } from "../../audit";
import { findRoleByCode, insertAssignments } from "../../roles";
import { consumeVerification, findLatestVerification, findOpenVerification, findTakenField, insertUser, insertVerification, recordWrongCode } from "../../users";
import type { Authenticator } from "../auth.authenticator";
import { sha256 } from "../auth.tokens";
import { getSessionUser, openSession } from "./sessions";

const CODE_TTL_MS = 10 * 60_000;
const CODE_RESEND_MS = 60_000;
const CODE_MAX_ATTEMPTS = 5;

/** Sends a registration code to a phone: at most one per minute per phone, and so many a day per phone and per address. */
export async function requestRegistrationCode(ctx: RequestContext, phone: string): Promise<z.infer<typeof ZRequestCodeResponse>> {
  // Public: a resident asks for a code before they have an account.
  const phoneHash = ctx.pd.hash("phone", phone);
  const now = ctx.clock();
  const last = await findLatestVerification(ctx.db, ctx.tenantId, phoneHash);
  if (last && now.getTime() - last.createdAt.getTime() < CODE_RESEND_MS) {
    const wait = Math.ceil((last.createdAt.getTime() + CODE_RESEND_MS - now.getTime()) / 1000);
    throw new AppError("RATE_LIMITED", msg(`请 ${wait} 秒后再获取验证码`, `Wait ${wait} s before asking for another code`), {
      headers: { "Retry-After": String(wait) },
    });
  }
  // At most so many codes per address and per phone a day (ADR 0014), counted in every process.
  const { perAddressPerDay, perPhonePerDay } = ctx.config.limits.sms;
  const dailyLimit = (s: number) => msg(`今天获取验证码的次数已达上限，请 ${Math.ceil(s / 3600)} 小时后再试`, `Too many codes today: try again in ${Math.ceil(s / 3600)} h`);
  await enforce(ctx.db, ctx.tenantId, { bucket: "sms.address", limit: perAddressPerDay, windowSeconds: 86_400 }, ctx.pd.hash("address", ctx.ip), now, dailyLimit);
  await enforce(ctx.db, ctx.tenantId, { bucket: "sms.phone", limit: perPhonePerDay, windowSeconds: 86_400 }, phoneHash, now, dailyLimit);
  const code = String(randomInt(0, 1_000_000)).padStart(6, "0");
  const id = crypto.randomUUID();
  const expiresAt = new Date(now.getTime() + CODE_TTL_MS);
  await insertVerification(ctx.db, ctx.tenantId, { id, phoneHash, codeHash: sha256(`${id}:${code}`), purpose: "register", expiresAt, createdAt: now });
  await ctx.sms.send(phone, `【彩虹桥】您的注册验证码是 ${code}，10 分钟内有效。`);
  return { expiresAt: expiresAt.toISOString(), resendAfterSeconds: CODE_RESEND_MS / 1000 };
}

/** Registers a resident with a verified phone and signs them in. */
export async function registerResident(
  ctx: RequestContext,
  auth: Authenticator,
  input: { phone: string; code: string; password: string; displayName: string },
) {
  // Public: the code sent to the phone is the credential.
  const phoneHash = ctx.pd.hash("phone", input.phone);
  const now = ctx.clock();
  const verification = await findOpenVerification(ctx.db, ctx.tenantId, phoneHash, "register", now);
  const wrong = () => new AppError("INVALID_CREDENTIALS", msg("验证码不正确或已过期", "The code is wrong or has expired"));
  if (!verification || verification.attempts >= CODE_MAX_ATTEMPTS) throw wrong();
  const expected = Buffer.from(verification.codeHash, "hex");
  const actual = Buffer.from(sha256(`${verification.id}:${input.code}`), "hex");
  if (!timingSafeEqual(expected, actual)) {
    await recordWrongCode(ctx.db, ctx.tenantId, verification.id);
    throw wrong();
  }
  const passwordHash = await hashPassword(input.password);
  const userId = await ctx.db.transaction(async (tx) => {
    if (!(await consumeVerification(tx, ctx.tenantId, verification.id, now))) throw wrong();
    if (await findTakenField(tx, ctx.tenantId, null, phoneHash)) {
      throw new AppError("ALREADY_EXISTS", msg("该手机号已注册，请直接登录", "This phone is already registered; sign in instead"));
    }
    const role = await findRoleByCode(tx, ctx.tenantId, "resident");
    if (!role) throw new AppError("INTERNAL");
    const username = `r${randomBytes(6).toString("hex")}`;
    const id = await insertUser(tx, ctx.tenantId, {
      username,
      displayName: input.displayName,
      phoneEnc: ctx.pd.encrypt(input.phone),
      phoneHash,
      phoneVerifiedAt: now,
      locale: ctx.locale,
      passwordHash,
      createdAt: now,
      updatedAt: now,
    });
    await insertAssignments(tx, ctx.tenantId, id, [{ roleId: role.id, scope: "own", gridId: null }], now);
    await recordAudit(tx, ctx, { action: "user.register", entityType: "user", entityId: id, after: { username, displayName: input.displayName, role: "resident" } });
    return id;
  });
  const { grant, actor } = await openSession(ctx, auth, ctx.tenantId, userId);
  return { grant, user: await getSessionUser({ ...ctx, actor }) };
}
