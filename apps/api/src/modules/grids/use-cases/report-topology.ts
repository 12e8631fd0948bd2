import type { ZTopologyReport } from "@caihong/contracts";
import { checkGeometry, checkTiling, type GridGeometry } from "@caihong/domain";
import type { z } from "zod";
import type { ActorContext } from "../../../lib/context";
import { authorize } from "../../../lib/policy";
import { presentGridProblem, sameGridProblem, TILING_TOLERANCE_M2, topologyProblem } from "../grids.problems";
import { findCurrentGridRows, type GridRow } from "../grids.repository";

/**
 * The topology report over the current grids in the caller's grids.read scope: every boundary on
 * its own (checkGeometry) and every parent against its current children (checkTiling), with the
 * fixed sliver tolerance.
 */
export async function reportTopology(ctx: ActorContext): Promise<z.infer<typeof ZTopologyReport>> {
  const scope = authorize(ctx.actor, "grids.read");
  const rows = (await findCurrentGridRows(ctx.db, ctx.actor.tenantId, scope)).filter((r) => r.boundary);
  const children = new Map<string, GridRow[]>();
  for (const r of rows) if (r.parentId) children.set(r.parentId, [...(children.get(r.parentId) ?? []), r]);
  const found = rows.flatMap((r) => {
    const geometry = r.boundary as GridGeometry;
    const kids = children.get(r.id);
    const tiling = kids ? checkTiling({ id: r.code, geometry }, kids.map((k) => ({ id: k.code, geometry: k.boundary as GridGeometry })), { toleranceM2: TILING_TOLERANCE_M2 }) : [];
    return [...checkGeometry(r.code, geometry), ...tiling].map((p) => topologyProblem(p, ctx.locale));
  });
  // The same problem found from two grids is listed once.
  const seen = new Set<string>();
  const problems = found.filter((p) => !seen.has(sameGridProblem(p)) && seen.add(sameGridProblem(p)));
  return { checkedAt: ctx.clock().toISOString(), grids: rows.length, toleranceM2: TILING_TOLERANCE_M2, problems: problems.map((p) => presentGridProblem(p, "features")) };
}
