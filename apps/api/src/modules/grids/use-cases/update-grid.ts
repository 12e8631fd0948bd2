import type { TGridDetail, ZUpdateGridRequest } from "@caihong/contracts";
import type { z } from "zod";
import { recordAudit } from "../../audit";
import type { ActorContext } from "../../../lib/context";
import { AppError, msg } from "../../../lib/errors";
import { assertInScope, authorize } from "../../../lib/policy";
import { assertEditable, fitsLevel, gridLocation } from "../grids.policy";
import { gridAuditSnapshot } from "../grids.presenter";
import { getGridRow, updateGridColumns, type GridColumns } from "../grids.repository";
import { gridCard } from "./get-grid";

/**
 * Edits a grid's attributes (name, type within its level, contact); boundaries change only by
 * import. Optimistic concurrency: the row is locked and a stale version gets VERSION_CONFLICT.
 */
export async function updateGrid(ctx: ActorContext, id: string, input: z.infer<typeof ZUpdateGridRequest>): Promise<TGridDetail> {
  const scope = authorize(ctx.actor, "grids.write");
  const row = await ctx.db.transaction(async (tx) => {
    const current = await getGridRow(tx, ctx.actor.tenantId, id, true);
    assertInScope(scope, gridLocation(current));
    assertEditable(current);
    if (input.type !== undefined && !fitsLevel(input.type, current.level)) {
      throw new AppError("VALIDATION_FAILED", msg("网格类型与层级不符", "Grid type does not match its level"), { errors: [{ path: "body.type", message: "field.typeMismatch" }] });
    }
    if (current.version !== input.version) throw new AppError("VERSION_CONFLICT");
    const patch: GridColumns = {};
    if (input.name !== undefined) patch.name = input.name;
    if (input.type !== undefined) patch.type = input.type;
    if (input.contactName !== undefined) patch.contactName = input.contactName;
    if (input.contactPhone !== undefined) patch.contactPhoneEnc = input.contactPhone ? ctx.pd.encrypt(input.contactPhone) : null;
    const after = await updateGridColumns(tx, current.tenantId, current.id, patch, ctx.clock());
    await recordAudit(tx, ctx, { action: "grid.update", entityType: "grid", entityId: id, gridId: id, before: gridAuditSnapshot(current, ctx.pd), after: gridAuditSnapshot(after, ctx.pd) });
    await ctx.locator.changed(tx);
    return after;
  });
  return gridCard(ctx.db, row, ctx.pd);
}
