import type { TGridFeatureCollection } from "@caihong/contracts";
import type { ActorContext } from "../../../lib/context";
import { authorize } from "../../../lib/policy";
import { writeXlsx } from "../../../lib/xlsx";
import { gridWorkbookColumns, presentGridFeatures } from "../grids.presenter";
import { findGridExportRows } from "../grids.repository";

/** The current grids in the caller's grids.read scope as a GeoJSON FeatureCollection (re-importable unchanged). */
export async function exportGridsGeoJson(ctx: ActorContext): Promise<TGridFeatureCollection> {
  const scope = authorize(ctx.actor, "grids.read");
  return presentGridFeatures(await findGridExportRows(ctx.db, ctx.actor.tenantId, scope));
}

/** The attribute workbook of the current grids in the caller's grids.read scope (contact phones masked). */
export async function exportGridsXlsx(ctx: ActorContext): Promise<Buffer> {
  const scope = authorize(ctx.actor, "grids.read");
  const rows = await findGridExportRows(ctx.db, ctx.actor.tenantId, scope);
  return writeXlsx(ctx.locale === "en" ? "Grids" : "网格", gridWorkbookColumns(ctx.locale, ctx.pd), rows);
}
