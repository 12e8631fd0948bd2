import { PARTY_ORG_KINDS, type TGridNode } from "@caihong/contracts";
import type { ActorContext, RequestContext } from "../../../lib/context";
import { authorize } from "../../../lib/policy";
import { presentGridNode } from "../grids.presenter";
import { countGridsByLevel, countGridsByOrgKind, findCurrentGridNodes, findGridMapText } from "../grids.repository";

/** Current grids inside the caller's grids.read scope, in tree order (for pickers and scope display). */
export async function findGrids(ctx: ActorContext): Promise<{ items: TGridNode[] }> {
  const scope = authorize(ctx.actor, "grids.read");
  const rows = await findCurrentGridNodes(ctx.db, ctx.actor.tenantId, scope);
  return { items: rows.map(presentGridNode) };
}

/** Counts of current grids per level and of their organisations per kind within scope — computed from rows, never constants. */
export async function summarizeGrids(ctx: ActorContext) {
  const scope = authorize(ctx.actor, "grids.read");
  const levels = await countGridsByLevel(ctx.db, ctx.actor.tenantId, scope);
  const kinds = await countGridsByOrgKind(ctx.db, ctx.actor.tenantId, scope);
  const organisations = PARTY_ORG_KINDS.map((kind) => ({ kind, count: kinds.get(kind) ?? 0 }));
  return { levels, total: levels.reduce((sum, l) => sum + l.count, 0), organisations };
}

/** The current grids in scope as GeoJSON text for the map (optionally one level). */
export async function findGridMap(ctx: ActorContext, query: { level?: number }): Promise<string> {
  const scope = authorize(ctx.actor, "grids.read");
  return findGridMapText(ctx.db, ctx.actor.tenantId, scope, query.level);
}

/** Every current grid boundary, for the public report page's map. */
export async function findPublicGridMap(ctx: RequestContext, query: { level?: number }): Promise<string> {
  // Public: boundaries are the area's administrative divisions; the map carries no contacts.
  return findGridMapText(ctx.db, ctx.tenantId, { kind: "all" }, query.level);
}
