import type { TGridNode, TLocale } from "@caihong/contracts";
import { toWgs84 } from "@caihong/domain";
import { and, asc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { ActorContext } from "../../lib/context";
import { authorize } from "../../lib/policy";
import { scopeCondition } from "../../lib/scope-sql";
import type { GridLocator } from "./grids.locator";
import { grids } from "./grids.table";

const toNode = (g: { id: string; parentId: string | null; level: number; code: string; name: string; type: string }): TGridNode => ({
  id: g.id,
  parentId: g.parentId,
  level: g.level,
  code: g.code,
  name: g.name,
  type: g.type,
});

const inScope = (ctx: ActorContext) => scopeCondition(authorize(ctx.actor, "grids.read"), { tenantColumn: grids.tenantId, gridColumn: grids.id });

/** Current grids inside the caller's grids.read scope, in tree order (for pickers and scope display). */
export async function findGrids(ctx: ActorContext): Promise<{ items: TGridNode[] }> {
  const rows = await ctx.db
    .select({ id: grids.id, parentId: grids.parentId, level: grids.level, code: grids.code, name: grids.name, type: grids.type })
    .from(grids)
    .where(and(eq(grids.tenantId, ctx.actor.tenantId), isNull(grids.validTo), inScope(ctx)))
    .orderBy(asc(grids.level), asc(grids.code));
  return { items: rows.map(toNode) };
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
  return { levels, total: levels.reduce((sum, l) => sum + l.count, 0) };
}

const outsideMessage = (locale: TLocale) => (locale === "en" ? "This point is outside the sub-district's grids." : "该位置不在本街道的网格范围内。");

/** The micro grid containing a point (any of the three coordinate systems) and its ancestors. */
export async function locatePoint(ctx: ActorContext, locator: GridLocator, input: { lng: number; lat: number; crs: "wgs84" | "gcj02" | "bd09" }) {
  authorize(ctx.actor, "grids.read");
  const [lng, lat] = toWgs84(input.lng, input.lat, input.crs);
  const wgs84 = { lng: lng!, lat: lat! };
  const microId = await locator.locate(wgs84.lng, wgs84.lat);
  if (!microId) return { isInside: false, wgs84, chain: [], message: outsideMessage(ctx.locale) };
  const [micro] = await ctx.db.select({ path: grids.path }).from(grids).where(and(eq(grids.tenantId, ctx.actor.tenantId), eq(grids.id, microId)));
  const ids = (micro?.path ?? "").split("/").filter(Boolean);
  const rows = await ctx.db
    .select({ id: grids.id, parentId: grids.parentId, level: grids.level, code: grids.code, name: grids.name, type: grids.type })
    .from(grids)
    .where(and(eq(grids.tenantId, ctx.actor.tenantId), inArray(grids.id, ids)))
    .orderBy(asc(grids.level));
  const chain = rows.map(toNode);
  const names = chain.map((g) => g.name).join(" › ");
  return { isInside: true, wgs84, chain, message: ctx.locale === "en" ? `In ${names}` : `位于 ${names}` };
}
