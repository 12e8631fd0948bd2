import { createHash, randomBytes, timingSafeEqual } from "node:crypto";
import { leadingZeroBits } from "@caihong/domain";
import type { Db } from "../db/client";
import { AppError, msg } from "./errors";
import { claimOnce } from "./limits";
import type { PersonalData } from "./personal-data";

/**
 * Proof of work for anonymous writes past a threshold (ADR 0014): the server issues a signed
 * challenge — a random nonce, the difficulty in leading zero bits and an expiry, MACed with the
 * app's key — and the client finds a counter such that sha256(nonce + counter) starts with that
 * many zero bits. The answer is checked without server state; each nonce is accepted once (a
 * claim in the limiter's table until the challenge expires). No third-party service.
 *
 * Wire format: challenge `<nonce>.<bits>.<expires unix s>.<mac>` in the `Caihong-Challenge`
 * header of a 428 CHALLENGE_REQUIRED; the answer `<challenge>.<counter>` in `Caihong-Proof`.
 */

export const CHALLENGE_HEADER = "caihong-challenge";
export const PROOF_HEADER = "caihong-proof";
/** How long a challenge may be answered. */
export const CHALLENGE_TTL_SECONDS = 300;
const PURPOSE = "pow";
const SPENT_BUCKET = "pow.spent";

/** A challenge for `bits` leading zero bits, valid for CHALLENGE_TTL_SECONDS. */
export function issueChallenge(pd: PersonalData, bits: number, now: Date): string {
  const nonce = randomBytes(16).toString("hex");
  const expires = Math.floor(now.getTime() / 1000) + CHALLENGE_TTL_SECONDS;
  const body = `${nonce}.${bits}.${expires}`;
  return `${body}.${pd.mac(PURPOSE, body)}`;
}

/** Finds the counter for a challenge (what the browser does; the tests and scripted clients use it). */
export function solveChallenge(challenge: string): string {
  const [nonce, bitsText] = challenge.split(".");
  const bits = Number(bitsText);
  for (let counter = 0; ; counter++) {
    if (leadingZeroBits(createHash("sha256").update(`${nonce}${counter}`).digest()) >= bits) return `${challenge}.${counter}`;
  }
}

/** 428 CHALLENGE_REQUIRED with a fresh challenge in its header. */
export function challengeRequired(pd: PersonalData, bits: number, now: Date, detail = msg("请完成验证后再提交", "Complete the check, then submit again")): AppError {
  const challenge = issueChallenge(pd, bits, now);
  return new AppError("CHALLENGE_REQUIRED", detail, { headers: { "Caihong-Challenge": challenge }, extensions: { challenge } });
}

/**
 * Checks a proof against the key, the difficulty wanted now and the clock, and spends it; a
 * missing, forged, expired, too easy, wrong or spent proof is answered with a new challenge.
 */
export async function requireProof(ctx: { db: Db; tenantId: string; pd: PersonalData }, proof: string | undefined, bits: number, now: Date): Promise<void> {
  const refuse = (zh: string, en: string) => challengeRequired(ctx.pd, bits, now, msg(zh, en));
  if (!proof) throw challengeRequired(ctx.pd, bits, now);
  const parts = proof.trim().split(".");
  const [nonce, bitsText, expiresText, mac, counter] = parts;
  if (parts.length !== 5 || !/^[0-9a-f]{32}$/.test(nonce!) || !/^\d{1,2}$/.test(bitsText!) || !/^\d{1,12}$/.test(expiresText!) || !/^\d{1,15}$/.test(counter!)) {
    throw refuse("验证信息格式不正确", "The check's answer is malformed");
  }
  const expected = Buffer.from(ctx.pd.mac(PURPOSE, `${nonce}.${bitsText}.${expiresText}`));
  const given = Buffer.from(mac!);
  if (expected.length !== given.length || !timingSafeEqual(expected, given)) throw refuse("验证信息无效", "The check's answer is not valid");
  const expires = new Date(Number(expiresText) * 1000);
  if (expires <= now) throw refuse("验证已过期，请重试", "The check expired; try again");
  if (Number(bitsText) < bits) throw refuse("验证难度不足，请重试", "The check was too easy; try again");
  if (leadingZeroBits(createHash("sha256").update(`${nonce}${counter}`).digest()) < Number(bitsText)) throw refuse("验证答案不正确", "The check's answer is wrong");
  if (!(await claimOnce(ctx.db, ctx.tenantId, SPENT_BUCKET, nonce!, expires, now))) throw refuse("该验证已使用过，请重试", "This check was used already; try again");
}
