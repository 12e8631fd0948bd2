import type { Db } from "../../../db/client";
import type { ActorContext } from "../../../lib/context";
import type { PersonalData } from "../../../lib/personal-data";
import { assertInScope, authorize, gridRecord } from "../../../lib/policy";
import { presentMembership, presentOrg } from "../party.presenter";
import { findMemberships, getOrgRow, type OrgRow } from "../party.repository";

/** An organisation with its memberships, as the detail view and the audit snapshots show it. */
export async function orgDetail(db: Db, tenantId: string, row: OrgRow, pd: PersonalData) {
  const memberships = await findMemberships(db, tenantId, { orgId: row.id });
  return { ...presentOrg(row, pd), note: row.note, memberships: memberships.map(presentMembership) };
}

/** One organisation inside the caller's party.read scope, with its memberships. */
export async function getOrg(ctx: ActorContext, id: string) {
  const scope = authorize(ctx.actor, "party.read");
  const row = await getOrgRow(ctx.db, ctx.actor.tenantId, id);
  assertInScope(scope, gridRecord(row));
  return orgDetail(ctx.db, ctx.actor.tenantId, row, ctx.pd);
}
