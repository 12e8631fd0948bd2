import { GRID_LEVEL } from "@caihong/domain";
import type { Db } from "../../../db/client";
import { countCurrentMembers, findCurrentHolders, findOrgOnGrid } from "../party.repository";
import { findCurrentStaffOn } from "../people.repository";

/**
 * What the grid card shows of the party network, all counted from rows: the grid's organisation,
 * its responsible members (`responsible` in a micro grid's 党员责任区, the secretary higher up),
 * the grid's current staff, and how many people currently belong to the organisation. No
 * authorization of its own: the grids module calls it for a card the caller may read.
 */
export async function findGridNetwork(db: Db, tenantId: string, grid: { id: string; level: number }) {
  const organisation = (await findOrgOnGrid(db, tenantId, grid.id)) ?? null;
  const responsibleRole = grid.level === GRID_LEVEL.micro ? "responsible" : "secretary";
  const [responsible, staff, members] = await Promise.all([
    organisation ? findCurrentHolders(db, tenantId, organisation.id, responsibleRole) : [],
    findCurrentStaffOn(db, tenantId, grid.id),
    organisation ? countCurrentMembers(db, tenantId, organisation.id) : 0,
  ]);
  return { organisation, responsible, staff, members };
}
