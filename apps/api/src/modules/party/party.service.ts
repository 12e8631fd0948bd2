import {
  expectedOrgKind,
  PARTY_ORG_KIND_LABELS,
  PARTY_ORG_KINDS,
  MEMBERSHIP_ROLE_LABELS,
  type TMembershipRole,
  type TPartyOrgKind,
  type ZCreateMembershipRequest,
  type ZCreatePartyOrgRequest,
  type ZEndMembershipRequest,
  type ZFindPartyOrgsQuery,
  type ZUpdatePartyOrgRequest,
} from "@caihong/contracts";
import { and, eq, sql } from "drizzle-orm";
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
import { people } from "../people/people.table";
import { orgSnapshot, presentMembership, presentOrg } from "./party.presenter";
import { findMemberships, findOrgById, findOrgs as queryOrgs, gridsWithOrgs, type OrgRow } from "./party.repository";
import { partyMemberships, partyOrgs } from "./party.table";

const ONE_PER_GRID = "party_orgs_tenant_grid_unique";

const gridTaken = () =>
  new AppError("ALREADY_EXISTS", msg("该网格已有党组织：一个网格只能对应一个党组织", "This grid already has a Party organisation: one per grid"), {
    errors: [{ path: "body.gridId", message: "field.gridHasOrg" }],
  });

/** A page of organisations in the caller's party.read scope. */
export async function findOrgs(ctx: ActorContext, query: z.infer<typeof ZFindPartyOrgsQuery>) {
  const scope = authorize(ctx.actor, "party.read");
  const after = decodeCursor(query.cursor, 2);
  const gridPath = query.gridId ? await getGridPath(ctx.db, ctx.actor.tenantId, query.gridId, "querystring.gridId") : undefined;
  const rows = await queryOrgs(ctx.db, ctx.actor.tenantId, scope, {
    q: query.q,
    kind: query.kind,
    gridPath: gridPath ?? undefined,
    after: after ? { code: after[0]!, id: after[1]! } : undefined,
    limit: query.limit,
  });
  return toPage(rows, query.limit, (r) => presentOrg(r, ctx.pd), (r) => [r.gridCode, r.id]);
}

/** Every organisation in scope, for the tree beside the grid tree. */
export async function orgTree(ctx: ActorContext) {
  const scope = authorize(ctx.actor, "party.read");
  const rows = await queryOrgs(ctx.db, ctx.actor.tenantId, scope, {});
  return { items: rows.map((r) => presentOrg(r, ctx.pd)) };
}

async function loadOrg(db: Db, ctx: ActorContext, id: string, forUpdate = false): Promise<OrgRow> {
  const row = await findOrgById(db, ctx.actor.tenantId, id, forUpdate);
  if (!row) throw new AppError("NOT_FOUND");
  return row;
}

async function detail(db: Db, ctx: ActorContext, row: OrgRow) {
  const memberships = await findMemberships(db, ctx.actor.tenantId, { orgId: row.id });
  return { ...presentOrg(row, ctx.pd), note: row.note, memberships: memberships.map(presentMembership) };
}

/** One organisation with its memberships. */
export async function getOrg(ctx: ActorContext, id: string) {
  const scope = authorize(ctx.actor, "party.read");
  const row = await loadOrg(ctx.db, ctx, id);
  assertInScope(scope, gridRecord(row));
  return detail(ctx.db, ctx, row);
}

/** The grid an organisation is bound to: it must exist, be current, be in scope, and fit the kind. */
async function checkGrid(db: Db, ctx: ActorContext, scope: ReturnType<typeof authorize>, gridId: string, kind: TPartyOrgKind) {
  const [grid] = await db
    .select({ id: grids.id, path: grids.path, level: grids.level, type: grids.type, validTo: grids.validTo })
    .from(grids)
    .where(and(eq(grids.tenantId, ctx.actor.tenantId), eq(grids.id, gridId)));
  if (!grid) throw new AppError("VALIDATION_FAILED", msg("网格不存在", "No such grid"), { errors: [{ path: "body.gridId", message: "field.unknownGrid" }] });
  assertInScope(scope, { gridPath: grid.path, gridId: grid.id, ownerId: null });
  if (grid.validTo) throw new AppError("UNPROCESSABLE", msg("该网格已撤销，不能绑定党组织", "This grid has been retired"), { errors: [{ path: "body.gridId", message: "field.gridRetired" }] });
  const expected = expectedOrgKind(grid.level, grid.type);
  if (expected !== kind) {
    const label = expected ? PARTY_ORG_KIND_LABELS[expected] : null;
    throw new AppError(
      "UNPROCESSABLE",
      msg(`该层级网格应对应“${label?.["zh-CN"] ?? "—"}”`, `A grid at this level takes a “${label?.en ?? "—"}”`),
      { errors: [{ path: "body.kind", message: "field.kindMismatch" }] },
    );
  }
  return grid;
}

/** Creates the organisation of a grid; a second one on the same grid gets 409 (also under a race). */
export async function createOrg(ctx: ActorContext, input: z.infer<typeof ZCreatePartyOrgRequest>) {
  const scope = authorize(ctx.actor, "party.write");
  try {
    return await ctx.db.transaction(async (tx) => {
      await checkGrid(tx, ctx, scope, input.gridId, input.kind);
      const [clash] = await tx.select({ id: partyOrgs.id }).from(partyOrgs).where(and(eq(partyOrgs.tenantId, ctx.actor.tenantId), eq(partyOrgs.gridId, input.gridId)));
      if (clash) throw gridTaken();
      const now = ctx.clock();
      const [created] = await tx
        .insert(partyOrgs)
        .values({
          tenantId: ctx.actor.tenantId,
          gridId: input.gridId,
          name: input.name,
          kind: input.kind,
          contactPhoneEnc: input.contactPhone ? ctx.pd.encrypt(input.contactPhone) : null,
          foundedOn: input.foundedOn ?? null,
          note: input.note ?? null,
          createdAt: now,
          updatedAt: now,
        })
        .returning({ id: partyOrgs.id });
      const row = await loadOrg(tx, ctx, created!.id);
      const dto = await detail(tx, ctx, row);
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
  try {
    return await ctx.db.transaction(async (tx) => {
      const row = await loadOrg(tx, ctx, id, true);
      assertInScope(scope, gridRecord(row));
      if (row.version !== input.version) throw new AppError("VERSION_CONFLICT");
      const before = await detail(tx, ctx, row);
      const kind = (input.kind ?? row.kind) as TPartyOrgKind;
      const gridId = input.gridId ?? row.gridId;
      if (input.gridId !== undefined || input.kind !== undefined) await checkGrid(tx, ctx, scope, gridId, kind);
      if (gridId !== row.gridId) {
        const [clash] = await tx.select({ id: partyOrgs.id }).from(partyOrgs).where(and(eq(partyOrgs.tenantId, row.tenantId), eq(partyOrgs.gridId, gridId)));
        if (clash) throw gridTaken();
      }
      const patch: Partial<typeof partyOrgs.$inferInsert> = { kind, gridId, updatedAt: ctx.clock() };
      if (input.name !== undefined) patch.name = input.name;
      if (input.contactPhone !== undefined) patch.contactPhoneEnc = input.contactPhone ? ctx.pd.encrypt(input.contactPhone) : null;
      if (input.foundedOn !== undefined) patch.foundedOn = input.foundedOn;
      if (input.note !== undefined) patch.note = input.note;
      await tx
        .update(partyOrgs)
        .set({ ...patch, version: sql`${partyOrgs.version} + 1` })
        .where(and(eq(partyOrgs.tenantId, row.tenantId), eq(partyOrgs.id, row.id)));
      const after = await detail(tx, ctx, await loadOrg(tx, ctx, id));
      await recordAudit(tx, ctx, { action: "party_org.update", entityType: "party_org", entityId: id, gridId, before: orgSnapshot(before), after: orgSnapshot(after) });
      return after;
    });
  } catch (err) {
    if (isUniqueViolation(err, ONE_PER_GRID)) throw gridTaken();
    throw err;
  }
}

/** Adds a person to an organisation in a role (党员, 书记, 责任区负责党员 …). */
export async function addMembership(ctx: ActorContext, orgId: string, input: z.infer<typeof ZCreateMembershipRequest>) {
  const scope = authorize(ctx.actor, "party.write");
  return ctx.db.transaction(async (tx) => {
    const org = await loadOrg(tx, ctx, orgId, true);
    assertInScope(scope, gridRecord(org));
    if (org.gridValidTo) throw new AppError("UNPROCESSABLE", msg("该组织所在网格已撤销", "This organisation's grid has been retired"));
    const [person] = await tx
      .select({ id: people.id, name: people.name, isPartyMember: people.isPartyMember })
      .from(people)
      .where(and(eq(people.tenantId, ctx.actor.tenantId), eq(people.id, input.personId)));
    if (!person) throw new AppError("VALIDATION_FAILED", msg("人员不存在", "No such person"), { errors: [{ path: "body.personId", message: "field.unknownPerson" }] });
    if (!person.isPartyMember) {
      throw new AppError("UNPROCESSABLE", msg(`${person.name} 不是党员，不能加入党组织`, `${person.name} is not a Party member`), { errors: [{ path: "body.personId", message: "invalid" }] });
    }
    const existing = await findMemberships(tx, ctx.actor.tenantId, { orgId, personId: input.personId });
    if (existing.some((m) => m.toDate === null && m.role === input.role)) {
      const role = MEMBERSHIP_ROLE_LABELS[input.role as TMembershipRole];
      throw new AppError("ALREADY_EXISTS", msg(`${person.name} 已是该组织的${role["zh-CN"]}`, `${person.name} already holds this role (${role.en})`), {
        errors: [{ path: "body.role", message: "field.taken" }],
      });
    }
    const [created] = await tx
      .insert(partyMemberships)
      .values({ tenantId: ctx.actor.tenantId, orgId, personId: input.personId, role: input.role, fromDate: input.fromDate, createdAt: ctx.clock() })
      .returning({ id: partyMemberships.id });
    const [row] = await findMemberships(tx, ctx.actor.tenantId, { id: created!.id });
    const dto = presentMembership(row!);
    await recordAudit(tx, ctx, { action: "party_membership.create", entityType: "party_membership", entityId: dto.id, gridId: org.gridId, after: dto });
    return dto;
  });
}

/** Ends a membership on a date (not before it started). */
export async function endMembership(ctx: ActorContext, id: string, input: z.infer<typeof ZEndMembershipRequest>) {
  const scope = authorize(ctx.actor, "party.write");
  return ctx.db.transaction(async (tx) => {
    await tx.select({ id: partyMemberships.id }).from(partyMemberships).where(and(eq(partyMemberships.tenantId, ctx.actor.tenantId), eq(partyMemberships.id, id))).for("update");
    const [row] = await findMemberships(tx, ctx.actor.tenantId, { id });
    if (!row) throw new AppError("NOT_FOUND");
    const org = await loadOrg(tx, ctx, row.orgId);
    assertInScope(scope, gridRecord(org));
    if (row.version !== input.version) throw new AppError("VERSION_CONFLICT");
    if (row.toDate !== null) throw new AppError("INVALID_STATE", msg("该关系已结束", "This membership has already ended"));
    if (input.toDate < row.fromDate) throw new AppError("VALIDATION_FAILED", msg("结束日期不能早于开始日期", "The end date is before the start"), { errors: [{ path: "body.toDate", message: "field.endBeforeStart" }] });
    await tx
      .update(partyMemberships)
      .set({ toDate: input.toDate, version: sql`${partyMemberships.version} + 1` })
      .where(and(eq(partyMemberships.tenantId, ctx.actor.tenantId), eq(partyMemberships.id, id)));
    const [after] = await findMemberships(tx, ctx.actor.tenantId, { id });
    const dto = presentMembership(after!);
    await recordAudit(tx, ctx, { action: "party_membership.end", entityType: "party_membership", entityId: id, gridId: org.gridId, before: presentMembership(row), after: dto });
    return dto;
  });
}

/**
 * Checks "exactly one organisation per grid, one grid per organisation" over the grids in scope:
 * a current grid without an organisation, an organisation left on a retired grid, and an
 * organisation whose kind does not fit its grid's level/type. (Two organisations on one grid
 * cannot exist: the database's unique key refuses them.)
 */
export async function consistencyReport(ctx: ActorContext) {
  const scope = authorize(ctx.actor, "party.read");
  const rows = await gridsWithOrgs(ctx.db, ctx.actor.tenantId, scope);
  const en = ctx.locale === "en";
  const problems = [];
  const byKind = new Map<TPartyOrgKind, number>(PARTY_ORG_KINDS.map((k) => [k, 0]));
  let organisations = 0;
  let currentGrids = 0;
  for (const r of rows) {
    if (!r.validTo) currentGrids++;
    if (r.orgId) {
      organisations++;
      byKind.set(r.orgKind as TPartyOrgKind, (byKind.get(r.orgKind as TPartyOrgKind) ?? 0) + 1);
    }
    const base = { gridId: r.gridId, gridCode: r.gridCode, gridName: r.gridName, orgId: r.orgId, orgName: r.orgName };
    if (!r.orgId) {
      problems.push({ ...base, kind: "missing_org" as const, message: en ? `Grid ${r.gridName} (${r.gridCode}) has no Party organisation` : `网格“${r.gridName}”（${r.gridCode}）没有对应的党组织` });
      continue;
    }
    if (r.validTo) {
      problems.push({ ...base, kind: "retired_grid" as const, message: en ? `${r.orgName} is bound to retired grid ${r.gridName}` : `“${r.orgName}”仍绑定在已撤销的网格“${r.gridName}”上` });
      continue;
    }
    const expected = expectedOrgKind(r.level, r.type);
    if (expected !== r.orgKind) {
      const want = expected ? PARTY_ORG_KIND_LABELS[expected] : { "zh-CN": "—", en: "—" };
      problems.push({
        ...base,
        kind: "kind_mismatch" as const,
        message: en ? `${r.orgName} should be a ${want.en} for this grid` : `“${r.orgName}”的类型应为“${want["zh-CN"]}”`,
      });
    }
  }
  return {
    checkedAt: ctx.clock().toISOString(),
    grids: currentGrids,
    organisations,
    byKind: [...byKind].map(([kind, count]) => ({ kind, count })),
    problems,
  };
}

/** Every organisation matching the filters as an .xlsx workbook. */
export async function exportOrgsXlsx(ctx: ActorContext, query: Omit<z.infer<typeof ZFindPartyOrgsQuery>, "cursor" | "limit">) {
  const scope = authorize(ctx.actor, "party.read");
  const gridPath = query.gridId ? await getGridPath(ctx.db, ctx.actor.tenantId, query.gridId, "querystring.gridId") : undefined;
  const rows = await queryOrgs(ctx.db, ctx.actor.tenantId, scope, { q: query.q, kind: query.kind, gridPath: gridPath ?? undefined });
  const en = ctx.locale === "en";
  const items = rows.map((r) => presentOrg(r, ctx.pd));
  return writeXlsx(
    en ? "Party organisations" : "党组织",
    [
      { header: en ? "Name" : "名称", width: 36, value: (o) => o.name },
      { header: en ? "Kind" : "类型", width: 22, value: (o) => PARTY_ORG_KIND_LABELS[o.kind][ctx.locale] },
      { header: en ? "Grid code" : "网格编码", width: 22, value: (o) => o.gridCode },
      { header: en ? "Grid" : "网格", width: 28, value: (o) => o.gridName },
      { header: en ? "Leader" : "负责人", value: (o) => o.leaderName },
      { header: en ? "Members" : "成员数", value: (o) => o.memberCount },
      { header: en ? "Contact phone" : "联系电话", width: 16, value: (o) => o.contactPhoneMasked },
      { header: en ? "Founded" : "成立日期", width: 12, value: (o) => o.foundedOn },
      { header: en ? "Demo data" : "示例数据", value: (o) => (o.isDemo ? (en ? "yes" : "是") : "") },
    ],
    items,
  );
}
