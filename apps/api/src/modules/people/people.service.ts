import {
  GENDER_LABELS,
  STAFF_POST_GRANTS,
  STAFF_POST_LABELS,
  type TStaffPost,
  type ZCreatePersonRequest,
  type ZCreateStaffAssignmentRequest,
  type ZEndStaffAssignmentRequest,
  type ZFindPeopleQuery,
  type ZFindStaffQuery,
  type ZUpdatePersonRequest,
} from "@caihong/contracts";
import type { DataScope } from "@caihong/domain";
import { and, eq, inArray, isNotNull, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "../../db/client";
import { recordAudit } from "../audit";
import { getGridPath } from "../../lib/scope-sql";
import type { ActorContext } from "../../lib/context";
import { isUniqueViolation } from "../../lib/db-errors";
import { AppError, msg } from "../../lib/errors";
import { decodeCursor, toPage } from "../../lib/pagination";
import { assertInScope, authorize, gridRecord } from "../../lib/policy";
import { writeXlsx } from "../../lib/xlsx";
import { grids } from "../grids/grids.table";
import { presentMembership } from "../party";
import { findMemberships } from "../party";
import { roles, userRoles } from "../roles/roles.table";
import { assertMayAssign } from "../users";
import { users } from "../users/users.table";
import { personSnapshot, presentAssignment, presentPerson } from "./people.presenter";
import { findAssignments, findPeople as queryPeople, findPersonById, type PersonRow } from "./people.repository";
import { people, staffAssignments } from "./people.table";

const PHONE = /^1[3-9]\d{9}$/;

/** A page of people whose home grid is in the caller's people.read scope. */
export async function findPeople(ctx: ActorContext, query: z.infer<typeof ZFindPeopleQuery>) {
  const scope = authorize(ctx.actor, "people.read");
  const after = decodeCursor(query.cursor, 2);
  const rows = await queryPeople(ctx.db, ctx.actor.tenantId, scope, {
    ...(await peopleFilter(ctx, query)),
    after: after ? { name: after[0]!, id: after[1]! } : undefined,
    limit: query.limit,
  });
  return toPage(rows, query.limit, (r) => presentPerson(r, ctx.pd), (r) => [r.name, r.id]);
}

async function peopleFilter(ctx: ActorContext, query: Omit<z.infer<typeof ZFindPeopleQuery>, "cursor" | "limit">) {
  const gridPath = query.gridId ? await getGridPath(ctx.db, ctx.actor.tenantId, query.gridId, "querystring.gridId") : undefined;
  return {
    q: query.q,
    phoneHash: query.q && PHONE.test(query.q) ? ctx.pd.hash("phone", query.q) : undefined,
    gridPath: gridPath ?? undefined,
    isPartyMember: query.isPartyMember,
    isFloatingMember: query.isFloatingMember,
    post: query.post,
  };
}

async function loadPerson(db: Db, ctx: ActorContext, id: string, forUpdate = false): Promise<PersonRow> {
  const row = await findPersonById(db, ctx.actor.tenantId, id, forUpdate);
  if (!row) throw new AppError("NOT_FOUND");
  return row;
}

async function detail(db: Db, ctx: ActorContext, row: PersonRow) {
  const [memberships, assignments] = await Promise.all([
    findMemberships(db, ctx.actor.tenantId, { personId: row.id }),
    findAssignments(db, ctx.actor.tenantId, null, { personId: row.id }),
  ]);
  return { ...presentPerson(row, ctx.pd), note: row.note, memberships: memberships.map(presentMembership), assignments: assignments.map(presentAssignment) };
}

/** One person with memberships and posts. */
export async function getPerson(ctx: ActorContext, id: string) {
  const scope = authorize(ctx.actor, "people.read");
  const row = await loadPerson(ctx.db, ctx, id);
  assertInScope(scope, gridRecord(row));
  return detail(ctx.db, ctx, row);
}

type PersonInput = Partial<z.infer<typeof ZCreatePersonRequest>>;

/** Checks the home grid and linked account of a create/update and returns the columns to write. */
async function personColumns(tx: Db, ctx: ActorContext, scope: DataScope, input: PersonInput, current?: PersonRow) {
  const cols: Partial<typeof people.$inferInsert> = {};
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
    const gridPath = input.gridId ? await getGridPath(tx, ctx.actor.tenantId, input.gridId) : null;
    assertInScope(scope, { gridPath, gridId: input.gridId, ownerId: null });
    cols.gridId = input.gridId;
  }
  if (input.userId !== undefined && input.userId !== (current?.userId ?? null)) {
    // Linking an account lets this person's posts grant it scope: that is account administration.
    const usersScope = authorize(ctx.actor, "users.write");
    for (const userId of [input.userId, current?.userId].filter((id): id is string => !!id)) {
      const [user] = await tx
        .select({ id: users.id, gridId: users.gridId, gridPath: grids.path })
        .from(users)
        .leftJoin(grids, and(eq(grids.tenantId, users.tenantId), eq(grids.id, users.gridId)))
        .where(and(eq(users.tenantId, ctx.actor.tenantId), eq(users.id, userId)));
      if (!user) throw new AppError("VALIDATION_FAILED", msg("账号不存在", "No such account"), { errors: [{ path: "body.userId", message: "field.unknownUser" }] });
      assertInScope(usersScope, { gridPath: user.gridPath, gridId: user.gridId, ownerId: user.id });
    }
    cols.userId = input.userId;
  }

  const isMember = cols.isPartyMember ?? current?.isPartyMember ?? false;
  const isFloating = cols.isFloatingMember ?? current?.isFloatingMember ?? false;
  const joined = cols.joinedPartyOn !== undefined ? cols.joinedPartyOn : (current?.joinedPartyOn ?? null);
  if (!isMember && (isFloating || joined)) {
    throw new AppError("UNPROCESSABLE", msg("只有党员才有入党日期和流动党员身份", "Only Party members have a joining date or floating status"), {
      errors: [{ path: isFloating ? "body.isFloatingMember" : "body.joinedPartyOn", message: "person.floatingNotMember" }],
    });
  }
  if (current?.isPartyMember && cols.isPartyMember === false) {
    const open = (await findMemberships(tx, ctx.actor.tenantId, { personId: current.id })).filter((m) => m.toDate === null);
    if (open.length > 0) {
      throw new AppError("UNPROCESSABLE", msg(`请先结束其在 ${open.map((m) => m.orgName).join("、")} 的组织关系`, `End their memberships first (${open.map((m) => m.orgName).join(", ")})`), {
        errors: [{ path: "body.isPartyMember", message: "invalid" }],
      });
    }
  }
  return cols;
}

function uniqueProblem(err: unknown): AppError | null {
  if (isUniqueViolation(err, "people_tenant_id_number_unique")) {
    return new AppError("ALREADY_EXISTS", msg("身份证号已登记", "This ID number is already on record"), { errors: [{ path: "body.idNumber", message: "field.taken" }] });
  }
  if (isUniqueViolation(err, "people_tenant_user_unique")) {
    return new AppError("ALREADY_EXISTS", msg("该账号已关联其他人员", "This account is already linked to another person"), { errors: [{ path: "body.userId", message: "field.taken" }] });
  }
  return null;
}

/** Records a party member or staff member. */
export async function createPerson(ctx: ActorContext, input: z.infer<typeof ZCreatePersonRequest>) {
  const scope = authorize(ctx.actor, "people.write");
  try {
    return await ctx.db.transaction(async (tx) => {
      const cols = await personColumns(tx, ctx, scope, input);
      if (!cols.gridId) assertInScope(scope, { gridPath: null, gridId: null, ownerId: null });
      const now = ctx.clock();
      const [created] = await tx
        .insert(people)
        .values({ ...cols, name: input.name, tenantId: ctx.actor.tenantId, createdAt: now, updatedAt: now })
        .returning({ id: people.id });
      const dto = await detail(tx, ctx, await loadPerson(tx, ctx, created!.id));
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
  const touched = new Set<string>();
  try {
    const result = await ctx.db.transaction(async (tx) => {
      const row = await loadPerson(tx, ctx, id, true);
      assertInScope(scope, gridRecord(row));
      if (row.version !== input.version) throw new AppError("VERSION_CONFLICT");
      const before = await detail(tx, ctx, row);
      const { version: _version, ...fields } = input;
      const cols = await personColumns(tx, ctx, scope, fields, row);
      await tx
        .update(people)
        .set({ ...cols, updatedAt: ctx.clock(), version: sql`${people.version} + 1` })
        .where(and(eq(people.tenantId, row.tenantId), eq(people.id, row.id)));
      if (input.userId !== undefined && input.userId !== row.userId) {
        if (row.userId) touched.add(row.userId);
        if (input.userId) touched.add(input.userId);
        await syncGrants(tx, ctx, scope, id);
      }
      const after = await detail(tx, ctx, await loadPerson(tx, ctx, id));
      await recordAudit(tx, ctx, { action: "person.update", entityType: "person", entityId: id, gridId: after.gridId, before: personSnapshot(before), after: personSnapshot(after) });
      return after;
    });
    for (const userId of touched) ctx.invalidatePrincipals(userId);
    return result;
  } catch (err) {
    throw uniqueProblem(err) ?? err;
  }
}

/** Full phone and ID number of a person: needs personal.unmask within people.read scope; audited. */
export async function revealPersonalData(ctx: ActorContext, id: string) {
  authorize(ctx.actor, "personal.unmask");
  const scope = authorize(ctx.actor, "people.read");
  const row = await loadPerson(ctx.db, ctx, id);
  assertInScope(scope, gridRecord(row));
  await recordAudit(ctx.db, ctx, { action: "person.personal_data.unmask", entityType: "person", entityId: id, gridId: row.gridId });
  return { phone: row.phoneEnc ? ctx.pd.decrypt(row.phoneEnc) : null, idNumber: row.idNumberEnc ? ctx.pd.decrypt(row.idNumberEnc) : null };
}

/** People matching the filters as .xlsx (masked, like the list). */
export async function exportPeopleXlsx(ctx: ActorContext, query: Omit<z.infer<typeof ZFindPeopleQuery>, "cursor" | "limit">) {
  const scope = authorize(ctx.actor, "people.read");
  const rows = await queryPeople(ctx.db, ctx.actor.tenantId, scope, { ...(await peopleFilter(ctx, query)), limit: 50_000 });
  const en = ctx.locale === "en";
  const yes = en ? "yes" : "是";
  return writeXlsx(
    en ? "People" : "党员与工作人员",
    [
      { header: en ? "Name" : "姓名", value: (p) => p.name },
      { header: en ? "Gender" : "性别", value: (p) => (p.gender ? GENDER_LABELS[p.gender][ctx.locale] : "") },
      { header: en ? "Birth year" : "出生年份", value: (p) => p.birthYear },
      { header: en ? "Phone" : "手机号", width: 16, value: (p) => p.phoneMasked },
      { header: en ? "ID number" : "身份证号", width: 22, value: (p) => p.idNumberMasked },
      { header: en ? "Party member" : "党员", value: (p) => (p.isPartyMember ? yes : "") },
      { header: en ? "Joined" : "入党日期", width: 12, value: (p) => p.joinedPartyOn },
      { header: en ? "Floating member" : "流动党员", value: (p) => (p.isFloatingMember ? yes : "") },
      { header: en ? "Membership held at" : "组织关系所在", width: 30, value: (p) => p.membershipElsewhere },
      { header: en ? "Home grid" : "所在网格", width: 24, value: (p) => p.gridName },
      { header: en ? "Organisations" : "所在党组织", width: 36, value: (p) => p.organisations.join("；") },
      { header: en ? "Posts" : "岗位", width: 30, value: (p) => p.posts.map((x) => `${STAFF_POST_LABELS[x.post][ctx.locale]}（${x.gridName}）`).join("；") },
      { header: en ? "Demo data" : "示例数据", value: (p) => (p.isDemo ? yes : "") },
    ],
    rows.map((r) => presentPerson(r, ctx.pd)),
  );
}

// ── Staff posts ────────────────────────────────────────────────────────────────────────────────

/**
 * Makes the person's linked account hold exactly the grants of their posts that have not ended:
 * one user_roles row per post (role and scope from STAFF_POST_GRANTS, anchored at the post's
 * grid). Whether a row is in force on a given day is decided when the account's grants are
 * loaded (between the post's start and end dates), so future start or end dates need no timer.
 */
async function syncGrants(tx: Db, ctx: ActorContext, writeScope: DataScope, personId: string) {
  const assignments = await tx
    .select({ id: staffAssignments.id, gridId: staffAssignments.gridId, post: staffAssignments.post, toDate: staffAssignments.toDate, gridPath: grids.path })
    .from(staffAssignments)
    .innerJoin(grids, and(eq(grids.tenantId, staffAssignments.tenantId), eq(grids.id, staffAssignments.gridId)))
    .where(and(eq(staffAssignments.tenantId, ctx.actor.tenantId), eq(staffAssignments.personId, personId)));
  if (assignments.length) {
    await tx.delete(userRoles).where(and(eq(userRoles.tenantId, ctx.actor.tenantId), isNotNull(userRoles.assignmentId), inArray(userRoles.assignmentId, assignments.map((a) => a.id))));
  }
  const [person] = await tx.select({ userId: people.userId }).from(people).where(and(eq(people.tenantId, ctx.actor.tenantId), eq(people.id, personId)));
  if (!person?.userId) return;
  const open = assignments.filter((a) => a.toDate === null || a.toDate > ctx.clock().toISOString().slice(0, 10));
  if (!open.length) return;
  const systemRoles = await tx.select({ id: roles.id, code: roles.code, permissions: roles.permissions }).from(roles).where(and(eq(roles.tenantId, ctx.actor.tenantId), eq(roles.isSystem, true)));
  const rows = open.map((a) => {
    const grant = STAFF_POST_GRANTS[a.post as TStaffPost];
    const role = systemRoles.find((r) => r.code === grant.role);
    if (!role) throw new AppError("INVALID_STATE", msg(`系统角色 ${grant.role} 缺失`, `System role ${grant.role} is missing`));
    return { a, grant, role };
  });
  assertMayAssign(
    ctx.actor,
    writeScope,
    rows.map(({ a, grant, role }) => ({ input: { roleId: role.id, scope: grant.scope, gridId: a.gridId }, rolePermissions: role.permissions, gridPath: a.gridPath })),
  );
  await tx.insert(userRoles).values(
    rows.map(({ a, grant, role }) => ({ tenantId: ctx.actor.tenantId, userId: person.userId!, roleId: role.id, scope: grant.scope, gridId: a.gridId, assignmentId: a.id, createdAt: ctx.clock() })),
  );
}

async function staffFilter(ctx: ActorContext, query: { gridId?: string; post?: TStaffPost; includeEnded?: boolean }) {
  const gridPath = query.gridId ? await getGridPath(ctx.db, ctx.actor.tenantId, query.gridId, "querystring.gridId") : undefined;
  return { gridPath: gridPath ?? undefined, post: query.post, includeEnded: query.includeEnded };
}

/** Staff posts on grids in the caller's people.read scope. */
export async function findStaff(ctx: ActorContext, query: z.infer<typeof ZFindStaffQuery>) {
  const scope = authorize(ctx.actor, "people.read");
  const after = decodeCursor(query.cursor, 2);
  const rows = await findAssignments(ctx.db, ctx.actor.tenantId, scope, {
    ...(await staffFilter(ctx, query)),
    after: after ? { code: after[0]!, id: after[1]! } : undefined,
    limit: query.limit,
  });
  return toPage(rows, query.limit, presentAssignment, (r) => [r.gridCode, r.id]);
}

export async function exportStaffXlsx(ctx: ActorContext, query: Omit<z.infer<typeof ZFindStaffQuery>, "cursor" | "limit">) {
  const scope = authorize(ctx.actor, "people.read");
  const rows = await findAssignments(ctx.db, ctx.actor.tenantId, scope, await staffFilter(ctx, query));
  const en = ctx.locale === "en";
  return writeXlsx(
    en ? "Grid staff" : "网格工作人员",
    [
      { header: en ? "Grid code" : "网格编码", width: 22, value: (a) => a.gridCode },
      { header: en ? "Grid" : "网格", width: 24, value: (a) => a.gridName },
      { header: en ? "Post" : "岗位", value: (a) => STAFF_POST_LABELS[a.post][ctx.locale] },
      { header: en ? "Name" : "姓名", value: (a) => a.personName },
      { header: en ? "From" : "开始日期", width: 12, value: (a) => a.fromDate },
      { header: en ? "To" : "结束日期", width: 12, value: (a) => a.toDate },
      { header: en ? "Grants access" : "授予账号权限", value: (a) => (a.grantsAccess ? (en ? "yes" : "是") : "") },
    ],
    rows.map(presentAssignment),
  );
}

/** Puts a person on a grid post; their linked account gets the post's role and scope. */
export async function createAssignment(ctx: ActorContext, input: z.infer<typeof ZCreateStaffAssignmentRequest>) {
  const scope = authorize(ctx.actor, "people.write");
  let userId: string | null = null;
  const result = await ctx.db.transaction(async (tx) => {
    const gridPath = await getGridPath(tx, ctx.actor.tenantId, input.gridId, "body.gridId");
    assertInScope(scope, { gridPath, gridId: input.gridId, ownerId: null });
    const [grid] = await tx.select({ validTo: grids.validTo }).from(grids).where(and(eq(grids.tenantId, ctx.actor.tenantId), eq(grids.id, input.gridId)));
    if (grid?.validTo) throw new AppError("UNPROCESSABLE", msg("该网格已撤销", "This grid has been retired"), { errors: [{ path: "body.gridId", message: "field.gridRetired" }] });
    const person = await findPersonById(tx, ctx.actor.tenantId, input.personId, true);
    if (!person) throw new AppError("VALIDATION_FAILED", msg("人员不存在", "No such person"), { errors: [{ path: "body.personId", message: "field.unknownPerson" }] });
    assertInScope(scope, gridRecord(person));
    const current = await findAssignments(tx, ctx.actor.tenantId, null, { personId: input.personId });
    if (current.some((a) => a.gridId === input.gridId && a.post === input.post && a.toDate === null)) {
      throw new AppError("ALREADY_EXISTS", msg(`${person.name} 已在该网格担任此岗位`, `${person.name} already holds this post on this grid`), { errors: [{ path: "body.post", message: "field.taken" }] });
    }
    const [created] = await tx
      .insert(staffAssignments)
      .values({ tenantId: ctx.actor.tenantId, gridId: input.gridId, personId: input.personId, post: input.post, fromDate: input.fromDate, createdAt: ctx.clock() })
      .returning({ id: staffAssignments.id });
    await syncGrants(tx, ctx, scope, input.personId);
    userId = person.userId;
    const [row] = await findAssignments(tx, ctx.actor.tenantId, null, { id: created!.id });
    const dto = presentAssignment(row!);
    await recordAudit(tx, ctx, { action: "staff_assignment.create", entityType: "staff_assignment", entityId: dto.id, gridId: input.gridId, after: { ...dto, userId } });
    return dto;
  });
  if (userId) ctx.invalidatePrincipals(userId);
  return result;
}

/** Ends a post on a date; from that date the account no longer holds its grant. */
export async function endAssignment(ctx: ActorContext, id: string, input: z.infer<typeof ZEndStaffAssignmentRequest>) {
  const scope = authorize(ctx.actor, "people.write");
  let userId: string | null = null;
  const result = await ctx.db.transaction(async (tx) => {
    await tx.select({ id: staffAssignments.id }).from(staffAssignments).where(and(eq(staffAssignments.tenantId, ctx.actor.tenantId), eq(staffAssignments.id, id))).for("update");
    const [row] = await findAssignments(tx, ctx.actor.tenantId, null, { id });
    if (!row) throw new AppError("NOT_FOUND");
    assertInScope(scope, { gridPath: row.gridPath, gridId: row.gridId, ownerId: null });
    if (row.version !== input.version) throw new AppError("VERSION_CONFLICT");
    if (row.toDate !== null) throw new AppError("INVALID_STATE", msg("该岗位已结束", "This post has already ended"));
    if (input.toDate < row.fromDate) throw new AppError("VALIDATION_FAILED", msg("结束日期不能早于开始日期", "The end date is before the start"), { errors: [{ path: "body.toDate", message: "field.endBeforeStart" }] });
    await tx
      .update(staffAssignments)
      .set({ toDate: input.toDate, version: sql`${staffAssignments.version} + 1` })
      .where(and(eq(staffAssignments.tenantId, ctx.actor.tenantId), eq(staffAssignments.id, id)));
    userId = row.personUserId;
    const [after] = await findAssignments(tx, ctx.actor.tenantId, null, { id });
    const dto = presentAssignment(after!);
    await recordAudit(tx, ctx, { action: "staff_assignment.end", entityType: "staff_assignment", entityId: id, gridId: row.gridId, before: presentAssignment(row), after: dto });
    return dto;
  });
  if (userId) ctx.invalidatePrincipals(userId);
  return result;
}
