import { randomUUID } from "node:crypto";
import { and, eq } from "drizzle-orm";
import type { Db } from "../db/client";
import { grids } from "../modules/grids/grids.table";

/** Adds a grid under a parent (the grid module will replace this with its own service). */
export async function buildGrid(db: Db, tenantId: string, parentId: string, overrides: { name: string; code?: string }) {
  const [parent] = await db.select().from(grids).where(and(eq(grids.tenantId, tenantId), eq(grids.id, parentId)));
  if (!parent) throw new Error(`no parent grid ${parentId}`);
  const id = randomUUID();
  const [row] = await db
    .insert(grids)
    .values({
      tenantId,
      id,
      parentId,
      path: `${parent.path}${id}/`,
      level: parent.level + 1,
      code: overrides.code ?? `${parent.code}${String(Math.floor(Math.random() * 1e6)).padStart(6, "0")}`,
      name: overrides.name,
    })
    .returning();
  return row!;
}
