import { GRID_TYPES_BY_LEVEL, PARTY_ORG_KINDS, type TGridDetail, type TGridFeatureCollection, type TGridNode, type TLocale, type ZTopologyReport, type ZUpdateGridRequest } from "@caihong/contracts";
import { checkGeometry, checkTiling, toWgs84, type GridGeometry } from "@caihong/domain";
import { and, asc, eq, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "../../db/client";
import { recordAudit } from "../audit";
import type { ActorContext, PointLocator, RequestContext } from "../../lib/context";
import { AppError, msg } from "../../lib/errors";
import type { PersonalData } from "../../lib/personal-data";
import { assertInScope, authorize } from "../../lib/policy";
import { partyOrgs } from "../party/party.table";
import { gridsContext, type GridsContext } from "./grids.context";
import { exportGridFeatures, exportGridWorkbook, importGridFeatures, importGridWorkbook, type GridImportResult } from "./grids.exchange";

import { gridAuditSnapshot, presentGridDetail, presentGridNode } from "./grids.presenter";
import { fromTopology, TILING_TOLERANCE_M2, uniqueProblems, type TGridProblem } from "./grids.problems";
import { findCurrentGridRows, findGridMapText, findGridNodes, findGridRow, findGridSurroundings, gridsInScope, type GridRow } from "./grids.repository";
import { grids } from "./grids.table";

const inScope = (ctx: ActorContext) => gridsInScope(authorize(ctx.actor, "grids.read"));

/** Current grids inside the caller's grids.read scope, in tree order (for pickers and scope display). */
export async function findGrids(ctx: ActorContext): Promise<{ items: TGridNode[] }> {
  const rows = await ctx.db
    .select({ id: grids.id, parentId: grids.parentId, level: grids.level, code: grids.code, name: grids.name, type: grids.type })
    .from(grids)
    .where(and(eq(grids.tenantId, ctx.actor.tenantId), isNull(grids.validTo), inScope(ctx)))
    .orderBy(asc(grids.level), asc(grids.code));
  return { items: rows.map(presentGridNode) };
}

/** Counts of current grids per level within scope — computed from rows, never constants. */
export async function summarizeGrids(ctx: ActorContext) {
  const rows = await ctx.db
    .select({ level: grids.level, count: sql<number>`count(*)::int` })
    .from(grids)
    .where(and(eq(grids.tenantId, ctx.actor.tenantId), isNull(grids.validTo), inScope(ctx)))
    .groupBy(grids.level)
    .orderBy(asc(grids.level));
  const levels = rows.map((r) => ({ level: r.level, count: Number(r.count) }));
  const orgRows = await ctx.db
    .select({ kind: partyOrgs.kind, count: sql<number>`count(*)::int` })
    .from(partyOrgs)
    .innerJoin(grids, and(eq(grids.tenantId, partyOrgs.tenantId), eq(grids.id, partyOrgs.gridId)))
    .where(and(eq(grids.tenantId, ctx.actor.tenantId), isNull(grids.validTo), inScope(ctx)))
    .groupBy(partyOrgs.kind);
  const organisations = PARTY_ORG_KINDS.map((kind) => ({ kind, count: Number(orgRows.find((r) => r.kind === kind)?.count ?? 0) }));
  return { levels, total: levels.reduce((sum, l) => sum + l.count, 0), organisations };
}

const outsideMessage = (locale: TLocale) => (locale === "en" ? "This point is outside the sub-district's grids." : "该位置不在本街道的网格范围内。");

/**
 * The micro grid containing a point given in any of the three coordinate systems, with its chain
 * of ancestors, or a sentence saying the point is outside. Shared by the API and `caihong locate`.
 */
export async function locateInGrids(db: Db, tenantId: string, locator: PointLocator, input: { lng: number; lat: number; crs: "wgs84" | "gcj02" | "bd09" }, locale: TLocale) {
  const [lng, lat] = toWgs84(input.lng, input.lat, input.crs);
  const wgs84 = { lng: lng!, lat: lat! };
  const micro = await locator.locateGrid(wgs84.lng, wgs84.lat);
  if (!micro) return { isInside: false, wgs84, chain: [], message: outsideMessage(locale) };
  const chain = (await findGridNodes(db, tenantId, micro.path.split("/").filter(Boolean))).map(presentGridNode);
  const names = chain.map((g) => g.name).join(" › ");
  return { isInside: true, wgs84, chain, message: locale === "en" ? `In ${names}` : `位于 ${names}` };
}

/** "Which grid is this?" for a signed-in caller with grids.read. */
export async function locatePoint(ctx: ActorContext, input: { lng: number; lat: number; crs: "wgs84" | "gcj02" | "bd09" }) {
  authorize(ctx.actor, "grids.read");
  return locateInGrids(ctx.db, ctx.actor.tenantId, ctx.locator, input, ctx.locale);
}

const recordLocation = (row: GridRow) => ({ gridPath: row.path, gridId: row.id, ownerId: null });

async function detailOf(db: Db, row: GridRow, pd: PersonalData): Promise<TGridDetail> {
  const ancestorIds = row.path.split("/").filter((id) => id && id !== row.id);
  const ancestors = await findGridNodes(db, row.tenantId, ancestorIds);
  const around = await findGridSurroundings(db, row);
  return presentGridDetail(row, ancestors, around, pd);
}

/** The grid card: attributes, ancestors, organisation, responsible members, staff, counts and history. */
export async function getGrid(ctx: ActorContext, id: string): Promise<TGridDetail> {
  const scope = authorize(ctx.actor, "grids.read");
  const row = await findGridRow(ctx.db, ctx.actor.tenantId, id);
  if (!row) throw new AppError("NOT_FOUND");
  assertInScope(scope, recordLocation(row));
  return detailOf(ctx.db, row, ctx.pd);
}

/**
 * Edits a grid's attributes (name, type within its level, contact); boundaries change only by
 * import. Optimistic concurrency: the row is locked and a stale version gets VERSION_CONFLICT.
 */
export async function updateGrid(ctx: ActorContext, id: string, input: z.infer<typeof ZUpdateGridRequest>): Promise<TGridDetail> {
  const scope = authorize(ctx.actor, "grids.write");
  const row = await ctx.db.transaction(async (tx) => {
    const current = await findGridRow(tx, ctx.actor.tenantId, id, true);
    if (!current) throw new AppError("NOT_FOUND");
    assertInScope(scope, recordLocation(current));
    if (current.validTo) throw new AppError("INVALID_STATE", msg("该网格已撤销，不能修改", "This grid has been retired and cannot be edited"));
    if (input.type !== undefined && !GRID_TYPES_BY_LEVEL[current.level as 1 | 2 | 3 | 4]?.includes(input.type)) {
      throw new AppError("VALIDATION_FAILED", msg("网格类型与层级不符", "Grid type does not match its level"), { errors: [{ path: "body.type", message: "field.typeMismatch" }] });
    }
    if (current.version !== input.version) throw new AppError("VERSION_CONFLICT");
    const patch: Partial<typeof grids.$inferInsert> = {};
    if (input.name !== undefined) patch.name = input.name;
    if (input.type !== undefined) patch.type = input.type;
    if (input.contactName !== undefined) patch.contactName = input.contactName;
    if (input.contactPhone !== undefined) patch.contactPhoneEnc = input.contactPhone ? ctx.pd.encrypt(input.contactPhone) : null;
    const [after] = await tx
      .update(grids)
      .set({ ...patch, updatedAt: ctx.clock(), version: sql`${grids.version} + 1` })
      .where(and(eq(grids.tenantId, current.tenantId), eq(grids.id, current.id)))
      .returning();
    await recordAudit(tx, ctx, { action: "grid.update", entityType: "grid", entityId: id, gridId: id, before: gridAuditSnapshot(current, ctx.pd), after: gridAuditSnapshot(after!, ctx.pd) });
    return after!;
  });
  ctx.locator.invalidate();
  return detailOf(ctx.db, row, ctx.pd);
}

/** The current grids in scope as GeoJSON text for the map (optionally one level). */
export async function findGridMap(ctx: ActorContext, query: { level?: number }): Promise<string> {
  const scope = authorize(ctx.actor, "grids.read");
  return findGridMapText(ctx.db, ctx.actor.tenantId, scope, query.level);
}

/** Every current grid boundary, for the public report page's map (boundaries are public divisions). */
export async function findPublicGridMap(ctx: RequestContext, query: { level?: number }) {
  return findGridMapText(ctx.db, ctx.tenantId, { kind: "all" }, query.level);
}

/**
 * The topology report over the current grids in scope: every boundary on its own (checkGeometry)
 * and every parent against its current children (checkTiling), with the fixed sliver tolerance.
 */
export async function reportTopology(gctx: GridsContext): Promise<z.infer<typeof ZTopologyReport>> {
  const rows = (await findCurrentGridRows(gctx.db, gctx.tenantId, gctx.scope)).filter((r) => r.boundary);
  const children = new Map<string, GridRow[]>();
  for (const r of rows) if (r.parentId) children.set(r.parentId, [...(children.get(r.parentId) ?? []), r]);
  const problems: TGridProblem[] = [];
  for (const r of rows) {
    const geometry = r.boundary as GridGeometry;
    problems.push(...checkGeometry(r.code, geometry).map((p) => fromTopology(p, gctx.locale)));
    const kids = children.get(r.id);
    if (!kids) continue;
    const found = checkTiling({ id: r.code, geometry }, kids.map((k) => ({ id: k.code, geometry: k.boundary as GridGeometry })), { toleranceM2: TILING_TOLERANCE_M2 });
    problems.push(...found.map((p) => fromTopology(p, gctx.locale)));
  }
  return { checkedAt: gctx.clock().toISOString(), grids: rows.length, toleranceM2: TILING_TOLERANCE_M2, problems: uniqueProblems(problems) };
}

/** The topology report for a caller with grids.read (their scope only). */
export async function checkGridTopology(ctx: ActorContext) {
  return reportTopology(gridsContext(ctx, "grids.read"));
}

/** GeoJSON export of the current grids in the caller's grids.read scope. */
export async function exportGridsGeoJson(ctx: ActorContext): Promise<TGridFeatureCollection> {
  return exportGridFeatures(gridsContext(ctx, "grids.read"));
}

/** Attribute workbook of the current grids in the caller's grids.read scope. */
export async function exportGridsXlsx(ctx: ActorContext): Promise<Buffer> {
  return exportGridWorkbook(gridsContext(ctx, "grids.read"));
}

/** GeoJSON import (grids.write, scope covering every grid it changes). */
export async function importGridsGeoJson(ctx: ActorContext, body: unknown, options: { dryRun: boolean }): Promise<GridImportResult> {
  return importGridFeatures(gridsContext(ctx, "grids.write"), body, options);
}

/** Attribute workbook import (grids.write, scope covering every grid it changes). */
export async function importGridsXlsx(ctx: ActorContext, file: Buffer, options: { dryRun: boolean }): Promise<GridImportResult> {
  return importGridWorkbook(gridsContext(ctx, "grids.write"), file, options);
}
