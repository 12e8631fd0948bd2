import { createHmac } from "node:crypto";
import { and, asc, desc, eq, isNull, lte, sql } from "drizzle-orm";
import type { Config } from "../../config/env";
import type { Db } from "../../db/client";
import { caseEvents, cases, notifications, webhookOutbox } from "./cases.table";

type Text = { "zh-CN": string; en: string };

/** In-app notifications to accounts (each user once), written in the transaction of the change. */
export async function notifyUsers(tx: Db, tenantId: string, userIds: Iterable<string | null | undefined>, n: { kind: string; caseId: string | null; title: Text; body: Text; at: Date }, except?: string) {
  const ids = [...new Set([...userIds].filter((u): u is string => !!u && u !== except))];
  if (ids.length === 0) return;
  await tx.insert(notifications).values(ids.map((userId) => ({ tenantId, userId, kind: n.kind, caseId: n.caseId, title: n.title, body: n.body, createdAt: n.at })));
}

/** Accounts that reported the case or a duplicate merged into it: they all follow its updates. */
export async function reportersOf(tx: Db, tenantId: string, caseId: string): Promise<string[]> {
  const rows = await tx
    .select({ userId: cases.reporterUserId })
    .from(cases)
    .where(and(eq(cases.tenantId, tenantId), sql`(${cases.id} = ${caseId} or ${cases.mergedIntoId} = ${caseId})`, sql`${cases.reporterUserId} is not null`));
  return rows.map((r) => r.userId!);
}

/** The account that last dispatched the case (who decides on its return and extension requests). */
export async function lastDispatcherOf(tx: Db, tenantId: string, caseId: string): Promise<string | null> {
  const [row] = await tx
    .select({ actorId: caseEvents.actorId })
    .from(caseEvents)
    .where(and(eq(caseEvents.tenantId, tenantId), eq(caseEvents.caseId, caseId), eq(caseEvents.action, "dispatch")))
    .orderBy(desc(caseEvents.at))
    .limit(1);
  return row?.actorId ?? null;
}

/**
 * Accounts that hold cases.dispatch on exactly this grid (its 网格长 / council / city-operations
 * staff) — the people a 督办 notice at that level goes to. Posts count only while current.
 */
export async function dispatchersOfGrid(tx: Db, tenantId: string, gridId: string | null): Promise<string[]> {
  const result = await tx.execute(sql`
    select distinct ur.user_id as "userId"
      from user_roles ur
      join roles r on r.tenant_id = ur.tenant_id and r.id = ur.role_id
      join users u on u.tenant_id = ur.tenant_id and u.id = ur.user_id and u.status = 'active'
     where ur.tenant_id = ${tenantId}
       and 'cases.dispatch' = any(r.permissions)
       and ${gridId === null ? sql`ur.scope = 'all'` : sql`ur.grid_id = ${gridId}`}
       and (ur.assignment_id is null or exists (
             select 1 from staff_assignments sa
              where sa.tenant_id = ur.tenant_id and sa.id = ur.assignment_id
                and sa.from_date <= current_date and (sa.to_date is null or sa.to_date > current_date)))`);
  return (result as unknown as { rows: { userId: string }[] }).rows.map((r) => r.userId);
}

/** Queues an event for the integration webhook (only when one is configured). */
export async function enqueueWebhook(tx: Db, config: Pick<Config, "webhook">, tenantId: string, eventType: string, payload: Record<string, unknown>, at: Date) {
  if (!config.webhook.url) return;
  await tx.insert(webhookOutbox).values({ tenantId, eventType, payload: { type: eventType, at: at.toISOString(), ...payload }, createdAt: at, nextAttemptAt: at });
}

/** Backoff after the n-th failed attempt: 30 s, 1 min, 2 min … capped at 6 hours. */
export function webhookBackoffMs(attempts: number): number {
  return Math.min(30_000 * 2 ** Math.max(0, attempts - 1), 6 * 3_600_000);
}

/**
 * Delivers the outbox: due rows oldest first, one POST each (JSON, `X-Caihong-Signature:
 * sha256=<hmac>` when a secret is set, `X-Caihong-Delivery: <row id>` so receivers can drop
 * repeats). A 2xx marks the row delivered; anything else schedules a retry with backoff. Rows
 * live in the database, so a restart resumes where it stopped.
 */
export async function deliverWebhooks(db: Db, config: Pick<Config, "webhook">, tenantId: string, now: Date, fetchImpl: typeof fetch = fetch, batch = 20): Promise<{ delivered: number; failed: number }> {
  const url = config.webhook.url;
  if (!url) return { delivered: 0, failed: 0 };
  const due = await db
    .select()
    .from(webhookOutbox)
    .where(and(eq(webhookOutbox.tenantId, tenantId), isNull(webhookOutbox.deliveredAt), lte(webhookOutbox.nextAttemptAt, now)))
    .orderBy(asc(webhookOutbox.createdAt), asc(webhookOutbox.id))
    .limit(batch);
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
    const where = and(eq(webhookOutbox.tenantId, tenantId), eq(webhookOutbox.id, row.id));
    if (error === null) {
      await db.update(webhookOutbox).set({ deliveredAt: now, attempts: row.attempts + 1, lastError: null }).where(where);
      delivered++;
    } else {
      await db
        .update(webhookOutbox)
        .set({ attempts: row.attempts + 1, lastError: error.slice(0, 500), nextAttemptAt: new Date(now.getTime() + webhookBackoffMs(row.attempts + 1)) })
        .where(where);
      failed++;
    }
  }
  return { delivered, failed };
}
