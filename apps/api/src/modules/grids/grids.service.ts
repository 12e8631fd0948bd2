import type { TGridNode } from "@caihong/contracts";
import { and, asc, eq } from "drizzle-orm";
import type { ActorContext } from "../../lib/context";
import { authorize } from "../../lib/policy";
import { scopeCondition } from "../../lib/scope-sql";
import { grids } from "./grids.table";

/** Grids inside the caller's grids.read scope, in tree order (for pickers and scope display). */
export async function findGrids(ctx: ActorContext): Promise<{ items: TGridNode[] }> {
  const scope = authorize(ctx.actor, "grids.read");
  const rows = await ctx.db
    .select()
    .from(grids)
    .where(and(eq(grids.tenantId, ctx.actor.tenantId), scopeCondition(scope, { tenantColumn: grids.tenantId, gridColumn: grids.id })))
    .orderBy(asc(grids.level), asc(grids.code));
  return { items: rows.map((g) => ({ id: g.id, parentId: g.parentId, level: g.level, code: g.code, name: g.name })) };
}
