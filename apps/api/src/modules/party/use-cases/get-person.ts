import type { Db } from "../../../db/client";
import type { ActorContext } from "../../../lib/context";
import type { PersonalData } from "../../../lib/personal-data";
import { assertInScope, authorize, gridRecord } from "../../../lib/policy";
import { presentMembership } from "../party.presenter";
import { findMemberships } from "../party.repository";
import { presentAssignment, presentPerson } from "../people.presenter";
import { findAssignments, getPersonRow, type PersonRow } from "../people.repository";

/** A person with their memberships and posts, as the detail view and the audit snapshots show them. */
export async function personDetail(db: Db, tenantId: string, row: PersonRow, pd: PersonalData) {
  const [memberships, assignments] = await Promise.all([findMemberships(db, tenantId, { personId: row.id }), findAssignments(db, tenantId, null, { personId: row.id })]);
  return { ...presentPerson(row, pd), note: row.note, memberships: memberships.map(presentMembership), assignments: assignments.map(presentAssignment) };
}

/** One person inside the caller's people.read scope (by home grid), with memberships and posts. */
export async function getPerson(ctx: ActorContext, id: string) {
  const scope = authorize(ctx.actor, "people.read");
  const row = await getPersonRow(ctx.db, ctx.actor.tenantId, id);
  assertInScope(scope, gridRecord(row));
  return personDetail(ctx.db, ctx.actor.tenantId, row, ctx.pd);
}
