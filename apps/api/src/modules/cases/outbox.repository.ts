import { and, asc, eq, isNull, lte } from "drizzle-orm";
import type { Db } from "../../db/client";
import { webhookOutbox } from "./cases.table";

export type OutboxRow = typeof webhookOutbox.$inferSelect;

/** Queues an event for the integration webhook, in the transaction of the change. */
export async function insertOutboxEvent(tx: Db, tenantId: string, eventType: string, payload: Record<string, unknown>, at: Date): Promise<void> {
  await tx.insert(webhookOutbox).values({ tenantId, eventType, payload, createdAt: at, nextAttemptAt: at });
}

/** Undelivered events due at `now`, oldest first. */
export async function findDueOutboxEvents(db: Db, tenantId: string, now: Date, limit: number): Promise<OutboxRow[]> {
  return db
    .select()
    .from(webhookOutbox)
    .where(and(eq(webhookOutbox.tenantId, tenantId), isNull(webhookOutbox.deliveredAt), lte(webhookOutbox.nextAttemptAt, now)))
    .orderBy(asc(webhookOutbox.createdAt), asc(webhookOutbox.id))
    .limit(limit);
}

/** Records one delivery attempt: delivered, or failed with the next attempt's time. */
export async function recordOutboxAttempt(db: Db, tenantId: string, id: string, attempt: { attempts: number; deliveredAt: Date | null; lastError: string | null; nextAttemptAt?: Date }): Promise<void> {
  await db
    .update(webhookOutbox)
    .set(attempt)
    .where(and(eq(webhookOutbox.tenantId, tenantId), eq(webhookOutbox.id, id)));
}
