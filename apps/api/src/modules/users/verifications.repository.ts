import { and, desc, eq, gt, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { phoneVerifications } from "./users.table";

// One-time codes sent to a phone (resident registration); only hashes are stored.

export type VerificationRow = typeof phoneVerifications.$inferSelect;

/** The newest code sent to a phone, whatever its state (for the resend interval). */
export async function findLatestVerification(db: Db, tenantId: string, phoneHash: string): Promise<VerificationRow | undefined> {
  const [row] = await db
    .select()
    .from(phoneVerifications)
    .where(and(eq(phoneVerifications.tenantId, tenantId), eq(phoneVerifications.phoneHash, phoneHash)))
    .orderBy(desc(phoneVerifications.createdAt))
    .limit(1);
  return row;
}

/** The newest unused, unexpired code for a phone and purpose. */
export async function findOpenVerification(db: Db, tenantId: string, phoneHash: string, purpose: string, now: Date): Promise<VerificationRow | undefined> {
  const [row] = await db
    .select()
    .from(phoneVerifications)
    .where(
      and(
        eq(phoneVerifications.tenantId, tenantId),
        eq(phoneVerifications.phoneHash, phoneHash),
        eq(phoneVerifications.purpose, purpose),
        isNull(phoneVerifications.consumedAt),
        gt(phoneVerifications.expiresAt, now),
      ),
    )
    .orderBy(desc(phoneVerifications.createdAt))
    .limit(1);
  return row;
}

export async function insertVerification(db: Db, tenantId: string, values: Omit<typeof phoneVerifications.$inferInsert, "tenantId">): Promise<void> {
  await db.insert(phoneVerifications).values({ tenantId, ...values });
}

/** Counts a wrong code against its attempts. */
export async function recordWrongCode(db: Db, tenantId: string, id: string): Promise<void> {
  await db
    .update(phoneVerifications)
    .set({ attempts: sql`${phoneVerifications.attempts} + 1` })
    .where(and(eq(phoneVerifications.tenantId, tenantId), eq(phoneVerifications.id, id)));
}

/** Uses a code up; false when another request used it first. */
export async function consumeVerification(tx: Db, tenantId: string, id: string, at: Date): Promise<boolean> {
  const consumed = await tx
    .update(phoneVerifications)
    .set({ consumedAt: at })
    .where(and(eq(phoneVerifications.tenantId, tenantId), eq(phoneVerifications.id, id), isNull(phoneVerifications.consumedAt)))
    .returning({ id: phoneVerifications.id });
  return consumed.length > 0;
}
