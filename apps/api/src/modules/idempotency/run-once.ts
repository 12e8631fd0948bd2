import { createHash } from "node:crypto";
import type { Db } from "../../db/client";
import type { RequestContext } from "../../lib/context";
import { pgErrorCode } from "../../lib/db-errors";
import { AppError, msg } from "../../lib/errors";
import { findIdempotencyKey, insertIdempotencyKey } from "./idempotency.repository";

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** Checks an Idempotency-Key header (printable ASCII, ≤ 200 characters); undefined when absent. */
export function parseIdempotencyKey(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value) || !IDEMPOTENCY_KEY.test(value)) {
    throw new AppError("BAD_HEADER", msg("Idempotency-Key 须为 1–200 个可见 ASCII 字符", "Idempotency-Key must be 1–200 printable ASCII characters"));
  }
  return value;
}

/** What a creating request runs once per key. */
export interface OnceRequest<T, P = undefined> {
  /** Who sent it (`user:<id>`, `anon:<ip>`, `key:<api key id>`): keys of different callers never collide. */
  principal: string;
  key: string | undefined;
  /** The request as sent: a retry with the same key and another body is refused with 422. */
  body: unknown;
  /** Work before the transaction (e.g. taking a case number); skipped when the request is a replay. */
  prepare?: () => Promise<P>;
  /** The change, in one transaction, given what `prepare` returned; its result is what a retry gets back. */
  run(tx: Db, prepared: P): Promise<T>;
}

/**
 * Runs a creating request once per (caller, key): the first run's response is stored (encrypted,
 * it may hold a tracking code) in the same transaction as what it created; a retry with the same
 * key and body gets that response again, a retry with another body gets 422. Two concurrent
 * twins: the second insert of the key waits for the first transaction and fails on the key, so
 * its own change rolls back and it answers with the stored response. Without a key it simply
 * runs the change in a transaction.
 */
export async function runOnce<T, P = undefined>(ctx: RequestContext, req: OnceRequest<T, P>): Promise<T> {
  const { key } = req;
  if (!key) {
    const prepared = (await req.prepare?.()) as P;
    return ctx.db.transaction((tx) => req.run(tx, prepared));
  }
  const requestHash = createHash("sha256").update(JSON.stringify(req.body)).digest("hex");
  const stored = async () => {
    const row = await findIdempotencyKey(ctx.db, ctx.tenantId, req.principal, key);
    if (!row) return undefined;
    if (row.requestHash !== requestHash) {
      throw new AppError("UNPROCESSABLE", msg("该 Idempotency-Key 已用于另一份不同的请求", "This Idempotency-Key was used for a different request"));
    }
    return JSON.parse(ctx.pd.decrypt(row.responseEnc)) as T;
  };
  const earlier = await stored();
  if (earlier) return earlier;
  const prepared = (await req.prepare?.()) as P;
  try {
    return await ctx.db.transaction(async (tx) => {
      const result = await req.run(tx, prepared);
      await insertIdempotencyKey(tx, ctx.tenantId, { principal: req.principal, key, requestHash, status: 201, responseEnc: ctx.pd.encrypt(JSON.stringify(result)), createdAt: ctx.clock() });
      return result;
    });
  } catch (err) {
    if (pgErrorCode(err) === "23505") {
      const twin = await stored();
      if (twin) return twin;
    }
    throw err;
  }
}
