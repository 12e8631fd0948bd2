import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { idempotencyKeys } from "./idempotency.table";

export type IdempotencyRow = typeof idempotencyKeys.$inferSelect;

/** The stored first response of (principal, key), if any. */
export async function findIdempotencyKey(db: Db, tenantId: string, principal: string, key: string): Promise<IdempotencyRow | undefined> {
  const [row] = await db
    .select()
    .from(idempotencyKeys)
    .where(and(eq(idempotencyKeys.tenantId, tenantId), eq(idempotencyKeys.principal, principal), eq(idempotencyKeys.key, key)));
  return row;
}

/** Stores a first response; a concurrent twin fails here on the primary key (23505). */
export async function insertIdempotencyKey(tx: Db, tenantId: string, row: Omit<IdempotencyRow, "tenantId">): Promise<void> {
  await tx.insert(idempotencyKeys).values({ tenantId, ...row });
}
