import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { casePhotos } from "./cases.table";

export type PhotoRow = typeof casePhotos.$inferSelect;

/** Records an uploaded (not yet attached) photo. */
export async function insertPhoto(db: Db, tenantId: string, values: Omit<typeof casePhotos.$inferInsert, "tenantId">): Promise<PhotoRow> {
  const [row] = await db.insert(casePhotos).values({ tenantId, ...values }).returning();
  return row!;
}

export async function findPhoto(db: Db, tenantId: string, id: string): Promise<PhotoRow | undefined> {
  const [row] = await db.select().from(casePhotos).where(and(eq(casePhotos.tenantId, tenantId), eq(casePhotos.id, id)));
  return row;
}

/** A case's photos in upload order. */
export async function findPhotos(db: Db, tenantId: string, caseId: string): Promise<PhotoRow[]> {
  return db.select().from(casePhotos).where(and(eq(casePhotos.tenantId, tenantId), eq(casePhotos.caseId, caseId))).orderBy(asc(casePhotos.createdAt), asc(casePhotos.id));
}

/**
 * Attaches unattached photos of `uploader` (null: the public page's) to a case; returns the ids
 * actually attached (fewer than asked when one is missing, used, or someone else's).
 */
export async function attachPhotos(tx: Db, tenantId: string, caseId: string, ids: string[], uploader: string | null, kind: "report" | "evidence"): Promise<string[]> {
  const rows = await tx
    .update(casePhotos)
    .set({ caseId, kind })
    .where(and(eq(casePhotos.tenantId, tenantId), inArray(casePhotos.id, ids), isNull(casePhotos.caseId), uploader ? eq(casePhotos.uploadedBy, uploader) : isNull(casePhotos.uploadedBy)))
    .returning({ id: casePhotos.id });
  return rows.map((r) => r.id);
}

/** Deletes photos uploaded before `before` and never attached; returns them (to remove their files). */
export async function deleteUnattachedPhotos(db: Db, tenantId: string, before: Date): Promise<PhotoRow[]> {
  return db
    .delete(casePhotos)
    .where(and(eq(casePhotos.tenantId, tenantId), isNull(casePhotos.caseId), sql`${casePhotos.createdAt} < ${before.toISOString()}::timestamptz`))
    .returning();
}
