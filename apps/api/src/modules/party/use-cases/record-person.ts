import type { ZCreatePersonRequest, ZUpdatePersonRequest } from "@caihong/contracts";
import type { DataScope } from "@caihong/domain";
import type { z } from "zod";
import type { Db } from "../../../db/client";
import { recordAudit } from "../../audit";
import { findUserLocation } from "../../users";
import type { ActorContext } from "../../../lib/context";
import { isUniqueViolation } from "../../../lib/db-errors";
import { AppError, msg } from "../../../lib/errors";
import { assertInScope, authorize, gridRecord } from "../../../lib/policy";
import { getGridPath } from "../../../lib/scope-sql";
import { assertMemberFields } from "../party.policy";
import { findMemberships } from "../party.repository";
import { personSnapshot } from "../people.presenter";
import { getPersonRow, insertPerson, updatePersonColumns, type PersonColumns, type PersonRow } from "../people.repository";
import { syncGrants } from "./assign-staff";
import { personDetail } from "./get-person";

type PersonInput = Partial<z.infer<typeof ZCreatePersonRequest>>;

/** Checks the home grid and linked account of a create/update and returns the columns to write. */
async function personColumns(tx: Db, ctx: ActorContext, scope: DataScope, input: PersonInput, current?: PersonRow): Promise<PersonColumns> {
  const tenantId = ctx.actor.tenantId;
  const cols: PersonColumns = {};
  if (input.name !== undefined) cols.name = input.name;
  if (input.gender !== undefined) cols.gender = input.gender;
  if (input.birthYear !== undefined) cols.birthYear = input.birthYear;
  if (input.phone !== undefined) {
    cols.phoneEnc = input.phone ? ctx.pd.encrypt(input.phone) : null;
    cols.phoneHash = input.phone ? ctx.pd.hash("phone", input.phone) : null;
  }
  if (input.idNumber !== undefined) {
    cols.idNumberEnc = input.idNumber ? ctx.pd.encrypt(input.idNumber) : null;
    cols.idNumberHash = input.idNumber ? ctx.pd.hash("idNumber", input.idNumber) : null;
  }
  if (input.isPartyMember !== undefined) cols.isPartyMember = input.isPartyMember;
  if (input.joinedPartyOn !== undefined) cols.joinedPartyOn = input.joinedPartyOn;
  if (input.isFloatingMember !== undefined) cols.isFloatingMember = input.isFloatingMember;
  if (input.membershipElsewhere !== undefined) cols.membershipElsewhere = input.membershipElsewhere;
  if (input.note !== undefined) cols.note = input.note;
  if (input.gridId !== undefined) {
    const gridPath = input.gridId ? await getGridPath(tx, tenantId, input.gridId) : null;
    assertInScope(scope, { gridPath, gridId: input.gridId, ownerId: null });
    cols.gridId = input.gridId;
  }
  if (input.userId !== undefined && input.userId !== (current?.userId ?? null)) {
    // Linking an account lets this person's posts grant it scope: that is account administration.
    const usersScope = authorize(ctx.actor, "users.write");
    for (const userId of [input.userId, current?.userId].filter((id): id is string => !!id)) {
      const user = await findUserLocation(tx, tenantId, userId);
      if (!user) throw new AppError("VALIDATION_FAILED", msg("账号不存在", "No such account"), { errors: [{ path: "body.userId", message: "field.unknownUser" }] });
      assertInScope(usersScope, { gridPath: user.gridPath, gridId: user.gridId, ownerId: user.id });
    }
    cols.userId = input.userId;
  }

  assertMemberFields({
    isPartyMember: cols.isPartyMember ?? current?.isPartyMember ?? false,
    isFloatingMember: cols.isFloatingMember ?? current?.isFloatingMember ?? false,
    joinedPartyOn: cols.joinedPartyOn !== undefined ? cols.joinedPartyOn : (current?.joinedPartyOn ?? null),
  });
  if (current?.isPartyMember && cols.isPartyMember === false) {
    const open = (await findMemberships(tx, tenantId, { personId: current.id })).filter((m) => m.toDate === null);
    if (open.length > 0) {
      // Counted, not named: the organisations may lie outside the caller's scope.
      throw new AppError("UNPROCESSABLE", msg(`请先结束其 ${open.length} 项党组织关系`, `End their ${open.length} Party membership(s) first`), {
        errors: [{ path: "body.isPartyMember", message: "invalid" }],
      });
    }
  }
  return cols;
}

/** The 409 of a unique key: an ID number or an account already on record. */
function uniqueProblem(err: unknown): AppError | null {
  if (isUniqueViolation(err, "people_tenant_id_number_unique")) {
    return new AppError("ALREADY_EXISTS", msg("身份证号已登记", "This ID number is already on record"), { errors: [{ path: "body.idNumber", message: "field.taken" }] });
  }
  if (isUniqueViolation(err, "people_tenant_user_unique")) {
    return new AppError("ALREADY_EXISTS", msg("该账号已关联其他人员", "This account is already linked to another person"), { errors: [{ path: "body.userId", message: "field.taken" }] });
  }
  return null;
}

/** Records a Party member or staff member. */
export async function createPerson(ctx: ActorContext, input: z.infer<typeof ZCreatePersonRequest>) {
  const scope = authorize(ctx.actor, "people.write");
  const tenantId = ctx.actor.tenantId;
  try {
    return await ctx.db.transaction(async (tx) => {
      const cols = await personColumns(tx, ctx, scope, input);
      if (!cols.gridId) assertInScope(scope, { gridPath: null, gridId: null, ownerId: null });
      const id = await insertPerson(tx, tenantId, { ...cols, name: input.name }, ctx.clock());
      const dto = await personDetail(tx, tenantId, await getPersonRow(tx, tenantId, id), ctx.pd);
      await recordAudit(tx, ctx, { action: "person.create", entityType: "person", entityId: dto.id, gridId: dto.gridId, after: personSnapshot(dto) });
      return dto;
    });
  } catch (err) {
    throw uniqueProblem(err) ?? err;
  }
}

/** Edits a person (optimistic concurrency). Linking another account moves their posts' grants. */
export async function updatePerson(ctx: ActorContext, id: string, input: z.infer<typeof ZUpdatePersonRequest>) {
  const scope = authorize(ctx.actor, "people.write");
  const tenantId = ctx.actor.tenantId;
  try {
    return await ctx.db.transaction(async (tx) => {
      const row = await getPersonRow(tx, tenantId, id, true);
      assertInScope(scope, gridRecord(row));
      if (row.version !== input.version) throw new AppError("VERSION_CONFLICT");
      const before = await personDetail(tx, tenantId, row, ctx.pd);
      const { version: _version, ...fields } = input;
      const cols = await personColumns(tx, ctx, scope, fields, row);
      await updatePersonColumns(tx, row.tenantId, row.id, cols, ctx.clock());
      const isRelinked = input.userId !== undefined && input.userId !== row.userId;
      if (isRelinked) await syncGrants(tx, ctx, scope, id);
      const after = await personDetail(tx, tenantId, await getPersonRow(tx, tenantId, id), ctx.pd);
      await recordAudit(tx, ctx, { action: "person.update", entityType: "person", entityId: id, gridId: after.gridId, before: personSnapshot(before), after: personSnapshot(after) });
      // The post grants moved from one account to another.
      if (isRelinked) await ctx.sessions.permissionsChanged(tx);
      return after;
    });
  } catch (err) {
    throw uniqueProblem(err) ?? err;
  }
}
