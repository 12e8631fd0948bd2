import type { TLocale, ZLocateResult } from "@caihong/contracts";
import { pathIds, toWgs84 } from "@caihong/domain";
import type { z } from "zod";
import type { ActorContext } from "../../../lib/context";
import { authorize } from "../../../lib/policy";
import { presentGridNode } from "../grids.presenter";
import { findGridNodes } from "../grids.repository";

const outsideMessage = (locale: TLocale) => (locale === "en" ? "This point is outside the sub-district's grids." : "该位置不在本街道的网格范围内。");

/**
 * "Which grid is this point in?" for a caller with grids.read: the micro grid containing a point
 * given in any of the three coordinate systems, with its chain of ancestors, or a sentence saying
 * the point is outside. The API and `caihong locate` ask the same question.
 */
export async function locatePoint(ctx: ActorContext, input: { lng: number; lat: number; crs: "wgs84" | "gcj02" | "bd09" }): Promise<z.infer<typeof ZLocateResult>> {
  authorize(ctx.actor, "grids.read");
  const [lng, lat] = toWgs84(input.lng, input.lat, input.crs);
  const wgs84 = { lng: lng!, lat: lat! };
  const micro = await ctx.locator.locateGrid(wgs84.lng, wgs84.lat);
  if (!micro) return { isInside: false, wgs84, chain: [], message: outsideMessage(ctx.locale) };
  const chain = (await findGridNodes(ctx.db, ctx.actor.tenantId, pathIds(micro.path))).map(presentGridNode);
  const names = chain.map((g) => g.name).join(" › ");
  return { isInside: true, wgs84, chain, message: ctx.locale === "en" ? `In ${names}` : `位于 ${names}` };
}
