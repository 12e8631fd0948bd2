import type { TPartyOrgKind, ZCreatePartyOrgRequest, ZUpdatePartyOrgRequest } from "@caihong/contracts";
import type { z } from "zod";
import { recordAudit } from "../../audit";
import type { ActorContext } from "../../../lib/context";
import { isUniqueViolation } from "../../../lib/db-errors";
import { AppError } from "../../../lib/errors";
import { assertInScope, authorize, gridRecord } from "../../../lib/policy";
import { findGridRef } from "../../../lib/scope-sql";
import { assertGridTakesOrg, gridTaken } from "../party.policy";
import { orgSnapshot } from "../party.presenter";
import { findOrgOnGrid, getOrgRow, insertOrg, updateOrgColumns, type OrgColumns } from "../party.repository";
import { orgDetail } from "./get-org";

/** The unique key that keeps one organisation per grid. */
const ONE_PER_GRID = "party_orgs_tenant_grid_unique";

/** Creates the organisation of a grid; a second one on the same grid gets 409 (also under a race). */
export async function createOrg(ctx: ActorContext, input: z.infer<typeof ZCreatePartyOrgRequest>) {
  const scope = authorize(ctx.actor, "party.write");
  const tenantId = ctx.actor.tenantId;
  try {
    return await ctx.db.transaction(async (tx) => {
      assertGridTakesOrg(scope, await findGridRef(tx, tenantId, input.gridId), input.kind);
      if (await findOrgOnGrid(tx, tenantId, input.gridId)) throw gridTaken();
      const id = await insertOrg(
        tx,
        tenantId,
        {
          gridId: input.gridId,
          name: input.name,
          kind: input.kind,
          contactPhoneEnc: input.contactPhone ? ctx.pd.encrypt(input.contactPhone) : null,
          foundedOn: input.foundedOn ?? null,
          note: input.note ?? null,
        },
        ctx.clock(),
      );
      const row = await getOrgRow(tx, tenantId, id);
      const dto = await orgDetail(tx, tenantId, row, ctx.pd);
      await recordAudit(tx, ctx, { action: "party_org.create", entityType: "party_org", entityId: row.id, gridId: row.gridId, after: orgSnapshot(dto) });
      return dto;
    });
  } catch (err) {
    if (isUniqueViolation(err, ONE_PER_GRID)) throw gridTaken();
    throw err;
  }
}

/** Edits an organisation (optimistic concurrency); moving it to another grid keeps one-per-grid. */
export async function updateOrg(ctx: ActorContext, id: string, input: z.infer<typeof ZUpdatePartyOrgRequest>) {
  const scope = authorize(ctx.actor, "party.write");
  const tenantId = ctx.actor.tenantId;
  try {
    return await ctx.db.transaction(async (tx) => {
      const row = await getOrgRow(tx, tenantId, id, true);
      assertInScope(scope, gridRecord(row));
      if (row.version !== input.version) throw new AppError("VERSION_CONFLICT");
      const before = await orgDetail(tx, tenantId, row, ctx.pd);
      const kind = (input.kind ?? row.kind) as TPartyOrgKind;
      const gridId = input.gridId ?? row.gridId;
      if (input.gridId !== undefined || input.kind !== undefined) assertGridTakesOrg(scope, await findGridRef(tx, tenantId, gridId), kind);
      if (gridId !== row.gridId && (await findOrgOnGrid(tx, tenantId, gridId))) throw gridTaken();
      const patch: OrgColumns = { kind, gridId };
      if (input.name !== undefined) patch.name = input.name;
      if (input.contactPhone !== undefined) patch.contactPhoneEnc = input.contactPhone ? ctx.pd.encrypt(input.contactPhone) : null;
      if (input.foundedOn !== undefined) patch.foundedOn = input.foundedOn;
      if (input.note !== undefined) patch.note = input.note;
      await updateOrgColumns(tx, tenantId, row.id, patch, ctx.clock());
      const after = await orgDetail(tx, tenantId, await getOrgRow(tx, tenantId, id), ctx.pd);
      await recordAudit(tx, ctx, { action: "party_org.update", entityType: "party_org", entityId: id, gridId, before: orgSnapshot(before), after: orgSnapshot(after) });
      return after;
    });
  } catch (err) {
    if (isUniqueViolation(err, ONE_PER_GRID)) throw gridTaken();
    throw err;
  }
}
