import { and, eq, lte, sql } from "drizzle-orm";
import type { Db } from "../db/client";
import { AppError, msg } from "./errors";
import { rateLimits } from "./limits.table";

/**
 * The one limiter for anonymous and credential endpoints (ADR 0013). Counters live in the
 * database (`rate_limits`), so every server process (`caihong serve --workers N`) counts the same
 * hits; each call is one statement outside the caller's transaction. Keys are keyed hashes
 * (`PersonalData.hash("address" | "device" | "account", …)`), never raw addresses.
 *
 * Windows are fixed: a key's window starts at its first hit and ends `windowSeconds` later; the
 * next hit after that starts a new one. Rows past their window and block are swept.
 */

/** A fixed-window rule: at most `limit` hits per `windowSeconds` for one key of `bucket`. */
export interface WindowRule {
  bucket: string;
  limit: number;
  windowSeconds: number;
}

/** What a key's row says now. */
export interface LimitState {
  /** Hits in the current window (0 when none or the window ended). */
  count: number;
  /** Seconds until the current window ends (0 when none). */
  resetSeconds: number;
  /** Seconds until a block ends (0 when not blocked). */
  blockedSeconds: number;
}

const secondsUntil = (end: Date | null | undefined, now: Date) => (end && end > now ? Math.ceil((end.getTime() - now.getTime()) / 1000) : 0);
const at = (now: Date, seconds: number) => new Date(now.getTime() + seconds * 1000);
const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/** Sweep rows past their expiry once every this many hits in a process. */
const SWEEP_EVERY = 256;
let hitsSinceSweep = 0;

/** A 429 RATE_LIMITED with Retry-After and a localized "try again in …". */
export function rateLimited(retryAfterSeconds: number, detail?: { "zh-CN": string; en: string }): AppError {
  const s = Math.max(1, Math.ceil(retryAfterSeconds));
  const wait = s < 120 ? msg(`${s} 秒`, `${s} s`) : s < 7200 ? msg(`${Math.ceil(s / 60)} 分钟`, `${Math.ceil(s / 60)} min`) : msg(`${Math.ceil(s / 3600)} 小时`, `${Math.ceil(s / 3600)} h`);
  return new AppError("RATE_LIMITED", detail ?? msg(`操作过于频繁，请 ${wait["zh-CN"]}后再试`, `Too many requests: try again in ${wait.en}`), { headers: { "Retry-After": String(s) } });
}

/** Counts one hit of `key` and returns the state after it (the count includes this hit). */
export async function hit(db: Db, tenantId: string, bucket: string, key: string, windowSeconds: number, now: Date): Promise<LimitState> {
  const end = at(now, windowSeconds);
  const expired = sql`${rateLimits.windowEndsAt} <= ${ts(now)}`;
  const [row] = await db
    .insert(rateLimits)
    .values({ tenantId, bucket, key, count: 1, windowEndsAt: end, expiresAt: end })
    .onConflictDoUpdate({
      target: [rateLimits.tenantId, rateLimits.bucket, rateLimits.key],
      set: {
        count: sql`case when ${expired} then 1 else ${rateLimits.count} + 1 end`,
        windowEndsAt: sql`case when ${expired} then ${ts(end)} else ${rateLimits.windowEndsAt} end`,
        expiresAt: sql`greatest(case when ${expired} then ${ts(end)} else ${rateLimits.windowEndsAt} end, coalesce(${rateLimits.blockedUntil}, ${ts(now)}), ${rateLimits.expiresAt})`,
      },
    })
    .returning({ count: rateLimits.count, windowEndsAt: rateLimits.windowEndsAt, blockedUntil: rateLimits.blockedUntil });
  if (++hitsSinceSweep >= SWEEP_EVERY) {
    hitsSinceSweep = 0;
    await sweepLimits(db, now);
  }
  return { count: row!.count, resetSeconds: secondsUntil(row!.windowEndsAt, now), blockedSeconds: secondsUntil(row!.blockedUntil, now) };
}

/** Reads a key's state without counting. */
export async function peek(db: Db, tenantId: string, bucket: string, key: string, now: Date): Promise<LimitState> {
  const [row] = await db
    .select({ count: rateLimits.count, windowEndsAt: rateLimits.windowEndsAt, blockedUntil: rateLimits.blockedUntil })
    .from(rateLimits)
    .where(and(eq(rateLimits.tenantId, tenantId), eq(rateLimits.bucket, bucket), eq(rateLimits.key, key)));
  if (!row) return { count: 0, resetSeconds: 0, blockedSeconds: 0 };
  const live = row.windowEndsAt > now;
  return { count: live ? row.count : 0, resetSeconds: live ? secondsUntil(row.windowEndsAt, now) : 0, blockedSeconds: secondsUntil(row.blockedUntil, now) };
}

/** Counts one hit and refuses it with 429 (Retry-After: the window's end) when it is over the rule's limit. */
export async function enforce(db: Db, tenantId: string, rule: WindowRule, key: string, now: Date, detail?: (retryAfterSeconds: number) => { "zh-CN": string; en: string }): Promise<LimitState> {
  const state = await hit(db, tenantId, rule.bucket, key, rule.windowSeconds, now);
  if (state.count > rule.limit) throw rateLimited(state.resetSeconds, detail?.(state.resetSeconds));
  return state;
}

/**
 * Counts a failure and, from the `freeFailures`-th on, blocks the key for 1 s, 2 s, 4 s … up to
 * `maxBackoffSeconds` (exponential backoff). Returns the state after it.
 */
export async function recordFailure(
  db: Db,
  tenantId: string,
  rule: { bucket: string; windowSeconds: number; freeFailures: number; maxBackoffSeconds: number },
  key: string,
  now: Date,
): Promise<LimitState> {
  const state = await hit(db, tenantId, rule.bucket, key, rule.windowSeconds, now);
  if (state.count < rule.freeFailures) return state;
  const backoff = Math.min(rule.maxBackoffSeconds, 2 ** Math.min(30, state.count - rule.freeFailures));
  const until = at(now, backoff);
  await db
    .update(rateLimits)
    .set({ blockedUntil: until, expiresAt: sql`greatest(${rateLimits.expiresAt}, ${ts(until)})` })
    .where(and(eq(rateLimits.tenantId, tenantId), eq(rateLimits.bucket, rule.bucket), eq(rateLimits.key, key)));
  return { ...state, blockedSeconds: backoff };
}

/** Forgets a key (e.g. a pair's failures after it signed in). */
export async function clearKey(db: Db, tenantId: string, bucket: string, key: string): Promise<void> {
  await db.delete(rateLimits).where(and(eq(rateLimits.tenantId, tenantId), eq(rateLimits.bucket, bucket), eq(rateLimits.key, key)));
}

/** Sets a mark on a key for `seconds` (e.g. an address an account signed in from); renews an existing one. */
export async function setMark(db: Db, tenantId: string, bucket: string, key: string, seconds: number, now: Date): Promise<void> {
  const end = at(now, seconds);
  await db
    .insert(rateLimits)
    .values({ tenantId, bucket, key, count: 1, windowEndsAt: end, expiresAt: end })
    .onConflictDoUpdate({ target: [rateLimits.tenantId, rateLimits.bucket, rateLimits.key], set: { count: 1, windowEndsAt: end, expiresAt: end } });
}

/** Whether a key carries a live mark. */
export async function hasMark(db: Db, tenantId: string, bucket: string, key: string, now: Date): Promise<boolean> {
  return (await peek(db, tenantId, bucket, key, now)).count > 0;
}

/**
 * Claims a key once until `until` (e.g. a spent proof of work): true for the first claim, false
 * while an earlier claim is live. Atomic across processes.
 */
export async function claimOnce(db: Db, tenantId: string, bucket: string, key: string, until: Date, now: Date): Promise<boolean> {
  const rows = await db
    .insert(rateLimits)
    .values({ tenantId, bucket, key, count: 1, windowEndsAt: until, expiresAt: until })
    .onConflictDoUpdate({
      target: [rateLimits.tenantId, rateLimits.bucket, rateLimits.key],
      set: { count: 1, windowEndsAt: until, expiresAt: until },
      setWhere: sql`${rateLimits.expiresAt} <= ${ts(now)}`,
    })
    .returning({ count: rateLimits.count });
  return rows.length === 1;
}

/** Deletes rows past their window and block (every tenant); returns how many. */
export async function sweepLimits(db: Db, now: Date): Promise<number> {
  const rows = await db.delete(rateLimits).where(lte(rateLimits.expiresAt, now)).returning({ key: rateLimits.key });
  return rows.length;
}
