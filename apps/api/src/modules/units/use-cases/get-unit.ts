import type { ActorContext } from "../../../lib/context";
import { assertInScope, authorize, gridRecord } from "../../../lib/policy";
import { presentUnit } from "../units.presenter";
import { getUnitRow } from "../units.repository";

/** One unit inside the caller's units.read scope. */
export async function getUnit(ctx: ActorContext, id: string) {
  const scope = authorize(ctx.actor, "units.read");
  const row = await getUnitRow(ctx.db, ctx.actor.tenantId, id);
  assertInScope(scope, gridRecord(row));
  return presentUnit(row, ctx.pd);
}
