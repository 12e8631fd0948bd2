import type { TGridDetail } from "@caihong/contracts";
import { ancestorIds } from "@caihong/domain";
import type { Db } from "../../../db/client";
import type { ActorContext } from "../../../lib/context";
import type { PersonalData } from "../../../lib/personal-data";
import { assertInScope, authorize } from "../../../lib/policy";
import { findGridNetwork } from "../../party";
import { countUnitsUnder } from "../../units";
import { gridLocation } from "../grids.policy";
import { presentGridDetail } from "../grids.presenter";
import { countCurrentChildren, findBoundaryHistory, findGridNodes, getGridRow, type GridRow } from "../grids.repository";

/**
 * The grid card of a row, all counted from rows: ancestors, the organisation with its responsible
 * members and member count and the grid's current staff (party network), units on the grid or
 * below (units), current child grids, and the boundary history.
 */
export async function gridCard(db: Db, row: GridRow, pd: PersonalData): Promise<TGridDetail> {
  const { tenantId, id } = row;
  const ancestors = await findGridNodes(db, tenantId, ancestorIds(row.path));
  const network = await findGridNetwork(db, tenantId, row);
  const children = await countCurrentChildren(db, tenantId, id);
  const units = await countUnitsUnder(db, tenantId, row.path);
  const history = await findBoundaryHistory(db, tenantId, id);
  return presentGridDetail(
    row,
    ancestors,
    { organisation: network.organisation, responsible: network.responsible, staff: network.staff, history, counts: { children, members: network.members, units, staff: network.staff.length } },
    pd,
  );
}

/** The grid card of one grid inside the caller's grids.read scope. */
export async function getGrid(ctx: ActorContext, id: string): Promise<TGridDetail> {
  const scope = authorize(ctx.actor, "grids.read");
  const row = await getGridRow(ctx.db, ctx.actor.tenantId, id);
  assertInScope(scope, gridLocation(row));
  return gridCard(ctx.db, row, ctx.pd);
}
