import { createHmac } from "node:crypto";
import type { Config } from "../../../config/env";
import type { Db } from "../../../db/client";
import { findDueOutboxEvents, insertOutboxEvent, recordOutboxAttempt } from "../outbox.repository";

/** Queues an event for the integration webhook (only when one is configured), in the change's transaction. */
export async function enqueueWebhook(tx: Db, ctx: { config: Pick<Config, "webhook">; tenantId: string }, eventType: string, payload: Record<string, unknown>, at: Date): Promise<void> {
  const body = webhookPayload(ctx, eventType, payload, at);
  if (body) await insertOutboxEvent(tx, ctx.tenantId, eventType, body, at);
}

/** An event's webhook payload, or null when no webhook is configured (the intake writes it in its own statement). */
export function webhookPayload(ctx: { config: Pick<Config, "webhook"> }, eventType: string, payload: Record<string, unknown>, at: Date): Record<string, unknown> | null {
  return ctx.config.webhook.url ? { type: eventType, at: at.toISOString(), ...payload } : null;
}

/** Backoff after the n-th failed attempt: 30 s, 1 min, 2 min … capped at 6 hours. */
export function webhookBackoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 6 * 3_600_000);
}

/**
 * Delivers the outbox (the clock's job): due rows oldest first, one POST each (JSON,
 * `X-Caihong-Signature: sha256=<hmac>` when a secret is set, `X-Caihong-Delivery: <row id>` so
 * receivers can drop repeats). A 2xx marks the row delivered; anything else schedules a retry with
 * backoff. Rows live in the database, so a restart resumes where it stopped.
 */
export async function deliverWebhooks(db: Db, config: Pick<Config, "webhook">, tenantId: string, now: Date, fetchImpl: typeof fetch = fetch, batch = 20): Promise<{ delivered: number; failed: number }> {
  const url = config.webhook.url;
  if (!url) return { delivered: 0, failed: 0 };
  const due = await findDueOutboxEvents(db, tenantId, now, batch);
  let delivered = 0;
  let failed = 0;
  for (const row of due) {
    const body = JSON.stringify(row.payload);
    const headers: Record<string, string> = { "content-type": "application/json", "x-caihong-delivery": row.id, "x-caihong-event": row.eventType };
    if (config.webhook.secret) headers["x-caihong-signature"] = "sha256=" + createHmac("sha256", config.webhook.secret).update(body).digest("hex");
    let error: string | null = null;
    try {
      const res = await fetchImpl(url, { method: "POST", headers, body, signal: AbortSignal.timeout(10_000) });
      if (!res.ok) error = `HTTP ${res.status}`;
    } catch (err) {
      error = err instanceof Error ? err.message : String(err);
    }
    if (error === null) {
      await recordOutboxAttempt(db, tenantId, row.id, { deliveredAt: now, attempts: row.attempts + 1, lastError: null });
      delivered++;
    } else {
      await recordOutboxAttempt(db, tenantId, row.id, { deliveredAt: null, attempts: row.attempts + 1, lastError: error.slice(0, 500), nextAttemptAt: new Date(now.getTime() + webhookBackoffMs(row.attempts + 1)) });
      failed++;
    }
  }
  return { delivered, failed };
}
