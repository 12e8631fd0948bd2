import { expectedOrgKind, PARTY_ORG_KIND_LABELS, type TPartyOrgKind } from "@caihong/contracts";
import { isInScope, type DataScope } from "@caihong/domain";
import { AppError, msg } from "../../lib/errors";
import { assertInScope, gridRecord } from "../../lib/policy";
import type { GridRef } from "../../lib/scope-sql";

/**
 * The grid an organisation is bound to: it must exist, be in the caller's scope, be current, and be
 * of the level and type the organisation's kind serves (one organisation per grid, of the grid's kind).
 */
export function assertGridTakesOrg(scope: DataScope, grid: GridRef | null, kind: TPartyOrgKind): GridRef {
  if (!grid) throw new AppError("VALIDATION_FAILED", msg("网格不存在", "No such grid"), { errors: [{ path: "body.gridId", message: "field.unknownGrid" }] });
  assertInScope(scope, { gridPath: grid.path, gridId: grid.id, ownerId: null });
  if (grid.validTo) throw new AppError("UNPROCESSABLE", msg("该网格已撤销，不能绑定党组织", "This grid has been retired"), { errors: [{ path: "body.gridId", message: "field.gridRetired" }] });
  const expected = expectedOrgKind(grid.level, grid.type);
  if (expected !== kind) {
    const label = expected ? PARTY_ORG_KIND_LABELS[expected] : null;
    throw new AppError("UNPROCESSABLE", msg(`该层级网格应对应“${label?.["zh-CN"] ?? "—"}”`, `A grid at this level takes a “${label?.en ?? "—"}”`), {
      errors: [{ path: "body.kind", message: "field.kindMismatch" }],
    });
  }
  return grid;
}

/**
 * The person a staff post or a Party membership names: they must exist and live in the caller's
 * data scope (their home grid), checked before anything else is said about them — errors name no
 * one the caller cannot read. 422 on `body.personId` when there is no such person, 403 outside.
 */
export function personInScope<P extends { gridPath: string | null; gridId: string | null }>(scope: DataScope, person: P | undefined): P {
  if (!person) throw new AppError("VALIDATION_FAILED", msg("人员不存在", "No such person"), { errors: [{ path: "body.personId", message: "field.unknownPerson" }] });
  if (!isInScope(scope, gridRecord(person))) {
    throw new AppError("FORBIDDEN", msg("该人员不在您的数据范围内", "This person is outside your data scope"), { errors: [{ path: "body.personId", message: "field.outOfScope" }] });
  }
  return person;
}

/** A second organisation on a grid: 409 on the grid field (the database's unique key says the same under a race). */
export const gridTaken = () =>
  new AppError("ALREADY_EXISTS", msg("该网格已有党组织：一个网格只能对应一个党组织", "This grid already has a Party organisation: one per grid"), {
    errors: [{ path: "body.gridId", message: "field.gridHasOrg" }],
  });

const ENDED = {
  membership: msg("该关系已结束", "This membership has already ended"),
  post: msg("该岗位已结束", "This post has already ended"),
};

/** A dated relation (membership, staff post) ends once, and not before it started. */
export function assertMayEnd(relation: { fromDate: string; toDate: string | null }, toDate: string, what: keyof typeof ENDED): void {
  if (relation.toDate !== null) throw new AppError("INVALID_STATE", ENDED[what]);
  if (toDate < relation.fromDate) throw new AppError("VALIDATION_FAILED", msg("结束日期不能早于开始日期", "The end date is before the start"), { errors: [{ path: "body.toDate", message: "field.endBeforeStart" }] });
}

/** Only Party members have a joining date or a floating status. */
export function assertMemberFields(person: { isPartyMember: boolean; isFloatingMember: boolean; joinedPartyOn: string | null }): void {
  if (!person.isPartyMember && (person.isFloatingMember || person.joinedPartyOn)) {
    throw new AppError("UNPROCESSABLE", msg("只有党员才有入党日期和流动党员身份", "Only Party members have a joining date or floating status"), {
      errors: [{ path: person.isFloatingMember ? "body.isFloatingMember" : "body.joinedPartyOn", message: "person.floatingNotMember" }],
    });
  }
}
