import { sql, type SQL } from "drizzle-orm";
import type { Db } from "../db/client";
import { AppError, msg } from "./errors";

/**
 * The one limiter for anonymous and credential endpoints (ADR 0014). Counters live in the
 * database (`rate_limits`), so every server process (`caihong serve --workers N`) counts the same
 * hits; each call is one statement outside the caller's transaction. Keys are keyed hashes
 * (`PersonalData.hash("address" | "device" | "account", …)`), never raw addresses.
 *
 * Windows are fixed: a key's window starts at its first hit and ends `windowSeconds` later; the
 * next hit after that starts a new one. Rows past their window and block are swept. The table
 * (`limits.table.ts`, for the migrations) is touched only here, in raw SQL, as lib/changes.ts does.
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

const at = (now: Date, seconds: number) => new Date(now.getTime() + seconds * 1000);
const ts = (d: Date) => sql`${d.toISOString()}::timestamptz`;

/** Seconds from `now` until a timestamp column's value (0 when past or null), as SQL. */
const secondsUntil = (column: SQL, now: Date) => sql`coalesce(greatest(0, ceil(extract(epoch from (${column} - ${ts(now)}))))::int, 0)`;

interface StateRow {
  count: number;
  reset_seconds: number;
  blocked_seconds: number;
}

async function rowsOf<T>(db: Db, query: SQL): Promise<T[]> {
  return ((await db.execute(query)) as unknown as { rows: T[] }).rows;
}

const stateOf = (row: StateRow | undefined): LimitState =>
  row ? { count: Number(row.count), resetSeconds: Number(row.reset_seconds), blockedSeconds: Number(row.blocked_seconds) } : { count: 0, resetSeconds: 0, blockedSeconds: 0 };

/** The state columns of a row at `now` (a live window's count, else 0). */
const stateColumns = (now: Date) =>
  sql`case when window_ends_at > ${ts(now)} then count else 0 end as count, ${secondsUntil(sql`window_ends_at`, now)} as reset_seconds, ${secondsUntil(sql`blocked_until`, now)} as blocked_seconds`;

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
  const end = ts(at(now, windowSeconds));
  const expired = sql`rate_limits.window_ends_at <= ${ts(now)}`;
  const [row] = await rowsOf<StateRow>(
    db,
    sql`insert into rate_limits (tenant_id, bucket, key, count, window_ends_at, expires_at) values (${tenantId}, ${bucket}, ${key}, 1, ${end}, ${end})
      on conflict (tenant_id, bucket, key) do update set
        count = case when ${expired} then 1 else rate_limits.count + 1 end,
        window_ends_at = case when ${expired} then ${end} else rate_limits.window_ends_at end,
        expires_at = greatest(case when ${expired} then ${end} else rate_limits.window_ends_at end, rate_limits.blocked_until, rate_limits.expires_at)
      returning ${stateColumns(now)}`,
  );
  if (++hitsSinceSweep >= SWEEP_EVERY) {
    hitsSinceSweep = 0;
    await sweepLimits(db, tenantId, now);
  }
  return stateOf(row);
}

/** Reads a key's state without counting. */
export async function peek(db: Db, tenantId: string, bucket: string, key: string, now: Date): Promise<LimitState> {
  const [row] = await rowsOf<StateRow>(db, sql`select ${stateColumns(now)} from rate_limits where tenant_id = ${tenantId} and bucket = ${bucket} and key = ${key}`);
  return stateOf(row);
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
  const until = ts(at(now, backoff));
  await db.execute(
    sql`update rate_limits set blocked_until = ${until}, expires_at = greatest(expires_at, ${until}) where tenant_id = ${tenantId} and bucket = ${rule.bucket} and key = ${key}`,
  );
  return { ...state, blockedSeconds: backoff };
}

/** Forgets a key (e.g. a pair's failures after it signed in). */
export async function clearKey(db: Db, tenantId: string, bucket: string, key: string): Promise<void> {
  await db.execute(sql`delete from rate_limits where tenant_id = ${tenantId} and bucket = ${bucket} and key = ${key}`);
}

/** Sets a mark on a key for `seconds` (e.g. an address an account signed in from); renews an existing one. */
export async function setMark(db: Db, tenantId: string, bucket: string, key: string, seconds: number, now: Date): Promise<void> {
  const end = ts(at(now, seconds));
  await db.execute(
    sql`insert into rate_limits (tenant_id, bucket, key, count, window_ends_at, expires_at) values (${tenantId}, ${bucket}, ${key}, 1, ${end}, ${end})
      on conflict (tenant_id, bucket, key) do update set count = 1, window_ends_at = excluded.window_ends_at, blocked_until = null, expires_at = excluded.expires_at`,
  );
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
  const end = ts(until);
  const rows = await rowsOf<{ count: number }>(
    db,
    sql`insert into rate_limits (tenant_id, bucket, key, count, window_ends_at, expires_at) values (${tenantId}, ${bucket}, ${key}, 1, ${end}, ${end})
      on conflict (tenant_id, bucket, key) do update set count = 1, window_ends_at = excluded.window_ends_at, blocked_until = null, expires_at = excluded.expires_at
        where rate_limits.expires_at <= ${ts(now)}
      returning count`,
  );
  return rows.length === 1;
}

/** Deletes a tenant's rows past their window and block (one tenant per statement, as every query here); returns how many. */
export async function sweepLimits(db: Db, tenantId: string, now: Date): Promise<number> {
  return (await rowsOf<{ key: string }>(db, sql`delete from rate_limits where tenant_id = ${tenantId} and expires_at <= ${ts(now)} returning key`)).length;
}
