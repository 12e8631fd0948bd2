import { and, eq } from "drizzle-orm";
import type { Db } from "../../db/client";
import { AppError, msg } from "../../lib/errors";
import { grids } from "./grids.table";

/** The materialized path of a grid (what scope checks compare), or null when it does not exist. */
export async function findGridPath(db: Db, tenantId: string, gridId: string): Promise<string | null> {
  const [grid] = await db.select({ path: grids.path }).from(grids).where(and(eq(grids.tenantId, tenantId), eq(grids.id, gridId)));
  return grid?.path ?? null;
}

/** The path of a grid named in a request body; VALIDATION_FAILED on `field` when it does not exist. */
export async function getGridPath(db: Db, tenantId: string, gridId: string, field = "body.gridId"): Promise<string> {
  const path = await findGridPath(db, tenantId, gridId);
  if (path === null) throw new AppError("VALIDATION_FAILED", msg("网格不存在", "No such grid"), { errors: [{ path: field, message: "field.unknownGrid" }] });
  return path;
}
