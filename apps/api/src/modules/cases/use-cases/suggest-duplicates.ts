import type { TCaseState } from "@caihong/contracts";
import { haversineM, toWgs84 } from "@caihong/domain";
import type { ActorContext } from "../../../lib/context";
import { AppError } from "../../../lib/errors";
import { authorize } from "../../../lib/policy";
import { findCategory } from "../categories.repository";
import { findOpenCasesNear } from "../cases.repository";

/** Metres per degree of latitude (and of longitude at the equator). */
const M_PER_DEGREE = 111_320;

/** Open cases of the same category within the category's radius (nearest first), among those the caller may read. */
export async function suggestDuplicates(ctx: ActorContext, q: { categoryId: string; lng: number; lat: number; crs: "wgs84" | "gcj02" | "bd09"; excludeId?: string }) {
  const scope = authorize(ctx.actor, "cases.read");
  const cat = await findCategory(ctx.db, ctx.tenantId, q.categoryId);
  if (!cat) throw new AppError("UNPROCESSABLE", undefined, { errors: [{ path: "querystring.categoryId", message: "category.invalid" }] });
  const [lng, lat] = toWgs84(q.lng, q.lat, q.crs) as [number, number];
  const r = cat.dedupeRadiusM;
  if (r === 0) return { radiusM: 0, items: [] };
  // A bounding box in degrees narrows the rows; the exact distance filters them.
  const dLat = r / M_PER_DEGREE;
  const dLng = r / (M_PER_DEGREE * Math.cos((lat * Math.PI) / 180));
  const rows = await findOpenCasesNear(ctx.db, ctx.tenantId, scope, ctx.actor.userId, { categoryId: cat.id, minLng: lng - dLng, maxLng: lng + dLng, minLat: lat - dLat, maxLat: lat + dLat, excludeId: q.excludeId });
  const items = rows
    .map((c) => ({ id: c.id, number: c.number, state: c.state as TCaseState, description: c.description.slice(0, 120), distanceM: Math.round(haversineM([lng, lat], [c.lng!, c.lat!])), reportedAt: c.reportedAt.toISOString() }))
    .filter((c) => c.distanceM <= r)
    .sort((a, b) => a.distanceM - b.distanceM)
    .slice(0, 10);
  return { radiusM: r, items };
}
