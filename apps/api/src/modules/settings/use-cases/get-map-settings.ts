import type { ActorContext, RequestContext } from "../../../lib/context";
import { authorize } from "../../../lib/policy";

/** The basemap of the grid map, for staff who may read grids. */
export function getMapSettings(ctx: ActorContext) {
  authorize(ctx.actor, "grids.read");
  return ctx.config.map;
}

/** The basemap of the public report page. */
export function getPublicMapSettings(ctx: RequestContext) {
  // Public: the resident report page draws the map before anyone signs in.
  return ctx.config.map;
}
