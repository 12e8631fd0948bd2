import { recordAudit } from "../../audit";
import type { ActorContext } from "../../../lib/context";
import { assertInScope, authorize, gridRecord } from "../../../lib/policy";
import { contactsOf } from "../units.presenter";
import { getUnitRow } from "../units.repository";

/** Full phone numbers of a unit's contacts (personal.unmask within units.read scope; audited). */
export async function revealContacts(ctx: ActorContext, id: string) {
  authorize(ctx.actor, "personal.unmask");
  const scope = authorize(ctx.actor, "units.read");
  const row = await getUnitRow(ctx.db, ctx.actor.tenantId, id);
  assertInScope(scope, gridRecord(row));
  await recordAudit(ctx.db, ctx, { action: "unit.contacts.unmask", entityType: "unit", entityId: id, gridId: row.gridId });
  return { contacts: contactsOf(row).map((c) => ({ id: c.id, phone: c.phoneEnc ? ctx.pd.decrypt(c.phoneEnc) : null })) };
}
