import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { tenants } from "./tenants.table";

export type TenantRow = typeof tenants.$inferSelect;

/** The tenant (one sub-district deployment), or undefined when this database does not hold it. */
export async function findTenant(db: Db, tenantId: string): Promise<TenantRow | undefined> {
  const [row] = await db.select().from(tenants).where(eq(tenants.id, tenantId));
  return row;
}

/** The tenant's reference date (YYYY-MM-DD), or null when pages use today. */
export async function findReferenceDate(db: Db, tenantId: string): Promise<string | null> {
  const [row] = await db.select({ referenceDate: tenants.referenceDate }).from(tenants).where(eq(tenants.id, tenantId));
  return row?.referenceDate ?? null;
}

/** Sets (or clears, with null) the tenant's reference date; returns the previous one. */
export async function updateReferenceDate(tx: Db, tenantId: string, referenceDate: string | null): Promise<string | null> {
  const [before] = await tx.select({ referenceDate: tenants.referenceDate }).from(tenants).where(eq(tenants.id, tenantId)).for("update");
  await tx.update(tenants).set({ referenceDate }).where(eq(tenants.id, tenantId));
  return before?.referenceDate ?? null;
}
