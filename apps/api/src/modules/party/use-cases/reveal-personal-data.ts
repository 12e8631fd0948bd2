import { recordAudit } from "../../audit";
import type { ActorContext } from "../../../lib/context";
import { assertInScope, authorize, gridRecord } from "../../../lib/policy";
import { getPersonRow } from "../people.repository";

/** Full phone and ID number of a person: needs personal.unmask within people.read scope; audited. */
export async function revealPersonalData(ctx: ActorContext, id: string) {
  authorize(ctx.actor, "personal.unmask");
  const scope = authorize(ctx.actor, "people.read");
  const row = await getPersonRow(ctx.db, ctx.actor.tenantId, id);
  assertInScope(scope, gridRecord(row));
  await recordAudit(ctx.db, ctx, { action: "person.personal_data.unmask", entityType: "person", entityId: id, gridId: row.gridId });
  return { phone: row.phoneEnc ? ctx.pd.decrypt(row.phoneEnc) : null, idNumber: row.idNumberEnc ? ctx.pd.decrypt(row.idNumberEnc) : null };
}
