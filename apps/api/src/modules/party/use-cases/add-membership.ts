import { MEMBERSHIP_ROLE_LABELS, type TMembershipRole, type ZCreateMembershipRequest, type ZEndMembershipRequest } from "@caihong/contracts";
import type { z } from "zod";
import { recordAudit } from "../../audit";
import type { ActorContext } from "../../../lib/context";
import { AppError, msg } from "../../../lib/errors";
import { assertInScope, authorize, gridRecord } from "../../../lib/policy";
import { findGridRef } from "../../../lib/scope-sql";
import { assertMayEnd, personInScope } from "../party.policy";
import { presentMembership } from "../party.presenter";
import { endMembershipRow, findMemberships, getMembershipForUpdate, getOrgRow, insertMembership } from "../party.repository";
import { findPersonById } from "../people.repository";

/** Adds a Party member to an organisation in a role (党员, 书记, 责任区负责党员 …). */
export async function addMembership(ctx: ActorContext, orgId: string, input: z.infer<typeof ZCreateMembershipRequest>) {
  const scope = authorize(ctx.actor, "party.write");
  const tenantId = ctx.actor.tenantId;
  return ctx.db.transaction(async (tx) => {
    const org = await getOrgRow(tx, tenantId, orgId, true);
    assertInScope(scope, gridRecord(org));
    if ((await findGridRef(tx, tenantId, org.gridId))?.validTo) throw new AppError("UNPROCESSABLE", msg("该组织所在网格已撤销", "This organisation's grid has been retired"));
    // The person's scope like a staff post's (one check), before their name can appear in an error.
    const person = personInScope(scope, await findPersonById(tx, tenantId, input.personId));
    if (!person.isPartyMember) {
      throw new AppError("UNPROCESSABLE", msg(`${person.name} 不是党员，不能加入党组织`, `${person.name} is not a Party member`), { errors: [{ path: "body.personId", message: "invalid" }] });
    }
    const existing = await findMemberships(tx, tenantId, { orgId, personId: input.personId });
    if (existing.some((m) => m.toDate === null && m.role === input.role)) {
      const role = MEMBERSHIP_ROLE_LABELS[input.role as TMembershipRole];
      throw new AppError("ALREADY_EXISTS", msg(`${person.name} 已是该组织的${role["zh-CN"]}`, `${person.name} already holds this role (${role.en})`), {
        errors: [{ path: "body.role", message: "field.taken" }],
      });
    }
    const id = await insertMembership(tx, tenantId, { orgId, personId: input.personId, role: input.role, fromDate: input.fromDate }, ctx.clock());
    const [row] = await findMemberships(tx, tenantId, { id });
    const dto = presentMembership(row!);
    await recordAudit(tx, ctx, { action: "party_membership.create", entityType: "party_membership", entityId: dto.id, gridId: org.gridId, after: dto });
    return dto;
  });
}

/** Ends a membership on a date (not before it started). */
export async function endMembership(ctx: ActorContext, id: string, input: z.infer<typeof ZEndMembershipRequest>) {
  const scope = authorize(ctx.actor, "party.write");
  const tenantId = ctx.actor.tenantId;
  return ctx.db.transaction(async (tx) => {
    const row = await getMembershipForUpdate(tx, tenantId, id);
    const org = await getOrgRow(tx, tenantId, row.orgId);
    assertInScope(scope, gridRecord(org));
    if (row.version !== input.version) throw new AppError("VERSION_CONFLICT");
    assertMayEnd(row, input.toDate, "membership");
    await endMembershipRow(tx, tenantId, id, input.toDate);
    const [after] = await findMemberships(tx, tenantId, { id });
    const dto = presentMembership(after!);
    await recordAudit(tx, ctx, { action: "party_membership.end", entityType: "party_membership", entityId: id, gridId: org.gridId, before: presentMembership(row), after: dto });
    return dto;
  });
}
