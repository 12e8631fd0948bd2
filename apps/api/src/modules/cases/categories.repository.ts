import { and, asc, eq, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { caseCategories } from "./cases.table";

export type CategoryRow = typeof caseCategories.$inferSelect;
export type CategoryColumns = Partial<typeof caseCategories.$inferInsert>;

/** The whole dictionary in code order (大类 before their 小类). */
export async function listCategoryRows(db: Db, tenantId: string): Promise<CategoryRow[]> {
  return db.select().from(caseCategories).where(eq(caseCategories.tenantId, tenantId)).orderBy(asc(caseCategories.code));
}

/** One category, optionally locked for a versioned edit. */
export async function findCategory(db: Db, tenantId: string, id: string, forUpdate = false): Promise<CategoryRow | undefined> {
  const query = db.select().from(caseCategories).where(and(eq(caseCategories.tenantId, tenantId), eq(caseCategories.id, id)));
  const [row] = forUpdate ? await query.for("update") : await query;
  return row;
}

export async function insertCategory(tx: Db, tenantId: string, values: CategoryColumns & { code: string; name: string; level: number; updatedAt: Date }): Promise<CategoryRow> {
  const [row] = await tx.insert(caseCategories).values({ ...values, tenantId }).returning();
  return row!;
}

/** Writes an edit and bumps the version. */
export async function updateCategory(tx: Db, tenantId: string, id: string, set: CategoryColumns): Promise<CategoryRow> {
  const [row] = await tx
    .update(caseCategories)
    .set({ ...set, version: sql`${caseCategories.version} + 1` })
    .where(and(eq(caseCategories.tenantId, tenantId), eq(caseCategories.id, id)))
    .returning();
  return row!;
}

/** When the dictionary last changed (the Open311 changeset), or null when empty. */
export async function lastCategoryChange(db: Db, tenantId: string): Promise<Date | null> {
  const [row] = await db.select({ at: sql<Date | null>`max(${caseCategories.updatedAt})` }).from(caseCategories).where(eq(caseCategories.tenantId, tenantId));
  const at = row?.at ?? null;
  return at === null ? null : new Date(at);
}
