import { eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { tenants } from "./tenants.table";

export type TenantRow = typeof tenants.$inferSelect;

/** The tenant (one sub-district deployment), or undefined when this database does not hold it. */
export async function findTenant(db: Db, tenantId: string): Promise<TenantRow | undefined> {
  const [row] = await db.select().from(tenants).where(eq(tenants.id, tenantId));
  return row;
}
