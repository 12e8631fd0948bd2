import { UNIT_KIND_LABELS, type ZCreateUnitRequest, type ZFindUnitsQuery, type ZUpdateUnitRequest } from "@caihong/contracts";
import { toWgs84, type DataScope } from "@caihong/domain";
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
import { contactsOf, presentUnit, unitSnapshot } from "./units.presenter";
import { findUnitById, findUnits as queryUnits, replaceContacts, type UnitRow } from "./units.repository";
import { units } from "./units.table";


async function unitFilter(ctx: ActorContext, query: Omit<z.infer<typeof ZFindUnitsQuery>, "cursor" | "limit">) {
  const gridPath = query.gridId ? await getGridPath(ctx.db, ctx.actor.tenantId, query.gridId, "querystring.gridId") : undefined;
  return { q: query.q, kind: query.kind, gridPath: gridPath ?? undefined, hasPartyOrg: query.hasPartyOrg };
}

/** A page of units whose grid is in the caller's units.read scope. */
export async function findUnits(ctx: ActorContext, query: z.infer<typeof ZFindUnitsQuery>) {
  const scope = authorize(ctx.actor, "units.read");
  const after = decodeCursor(query.cursor, 2);
  const rows = await queryUnits(ctx.db, ctx.actor.tenantId, scope, { ...(await unitFilter(ctx, query)), after: after ? { name: after[0]!, id: after[1]! } : undefined, limit: query.limit });
  return toPage(rows, query.limit, (r) => presentUnit(r, ctx.pd), (r) => [r.name, r.id]);
}

async function loadUnit(db: Db, ctx: ActorContext, id: string, forUpdate = false) {
  const row = await findUnitById(db, ctx.actor.tenantId, id, forUpdate);
  if (!row) throw new AppError("NOT_FOUND");
  return row;
}

export async function getUnit(ctx: ActorContext, id: string) {
  const scope = authorize(ctx.actor, "units.read");
  const row = await loadUnit(ctx.db, ctx, id);
  assertInScope(scope, gridRecord(row));
  return presentUnit(row, ctx.pd);
}

type UnitInput = Partial<z.infer<typeof ZCreateUnitRequest>>;

/** A location converted to WGS84 with the micro grid containing it (null when outside every grid). */
interface ResolvedLocation {
  lng: number;
  lat: number;
  gridId: string | null;
}

/**
 * Converts and locates the input's location. Runs before the write transaction: the locator reads
 * through its own connection, which on the embedded database must not wait on an open transaction.
 */
async function resolveLocation(ctx: ActorContext, input: UnitInput): Promise<ResolvedLocation | null | undefined> {
  if (input.location === undefined || input.location === null) return input.location;
  const [lng, lat] = toWgs84(input.location.lng, input.location.lat, input.location.crs);
  return { lng: lng!, lat: lat!, gridId: (await ctx.locator.locate(lng!, lat!)) ?? null };
}

/**
 * Columns of a create/update: the located micro grid unless an explicit gridId overrides it. The
 * resulting grid must be in the caller's scope.
 */
async function unitColumns(tx: Db, ctx: ActorContext, scope: DataScope, input: UnitInput, where: ResolvedLocation | null | undefined, current?: UnitRow) {
  const cols: Partial<typeof units.$inferInsert> = {};
  for (const key of ["name", "kind", "uscc", "address", "partyOrgName", "partyMemberCount", "note"] as const) {
    if (input[key] !== undefined) (cols as Record<string, unknown>)[key] = input[key];
  }
  let gridId = current?.gridId ?? null;
  if (where === null) {
    cols.lng = null;
    cols.lat = null;
  } else if (where) {
    cols.lng = where.lng;
    cols.lat = where.lat;
    if (!where.gridId && !input.gridId) {
      throw new AppError("UNPROCESSABLE", msg("该位置不在本街道范围内，请核对坐标或直接选择网格", "This location is outside the sub-district: check it or pick the grid"), {
        errors: [{ path: "body.location", message: "field.outsideArea" }],
      });
    }
    gridId = where.gridId ?? gridId;
  }
  if (input.gridId !== undefined) gridId = input.gridId;
  if (input.gridId !== undefined || where !== undefined || !current) {
    const gridPath = gridId ? await getGridPath(tx, ctx.actor.tenantId, gridId, input.gridId ? "body.gridId" : "body.location") : null;
    assertInScope(scope, { gridPath, gridId, ownerId: null });
    cols.gridId = gridId;
  }
  if (input.partyOrgName === null && input.partyMemberCount === undefined) cols.partyMemberCount = null;
  return cols;
}

const contactRows = (ctx: ActorContext, contacts: NonNullable<UnitInput["contacts"]>) =>
  contacts.map((c) => ({ name: c.name, title: c.title ?? null, phoneEnc: c.phone ? ctx.pd.encrypt(c.phone) : null }));

function usccTaken(err: unknown) {
  return isUniqueViolation(err, "units_tenant_uscc_unique")
    ? new AppError("ALREADY_EXISTS", msg("该统一社会信用代码已登记", "This credit code is already on record"), { errors: [{ path: "body.uscc", message: "field.taken" }] })
    : null;
}

/** Records a unit, located in a micro grid from its coordinates. */
export async function createUnit(ctx: ActorContext, input: z.infer<typeof ZCreateUnitRequest>) {
  const scope = authorize(ctx.actor, "units.write");
  const where = await resolveLocation(ctx, input);
  try {
    return await ctx.db.transaction(async (tx) => {
      const cols = await unitColumns(tx, ctx, scope, input, where);
      const now = ctx.clock();
      const [created] = await tx
        .insert(units)
        .values({ ...cols, name: input.name, kind: input.kind, tenantId: ctx.actor.tenantId, createdAt: now, updatedAt: now })
        .returning({ id: units.id });
      if (input.contacts?.length) await replaceContacts(tx, ctx.actor.tenantId, created!.id, contactRows(ctx, input.contacts));
      const dto = presentUnit(await loadUnit(tx, ctx, created!.id), ctx.pd);
      await recordAudit(tx, ctx, { action: "unit.create", entityType: "unit", entityId: dto.id, gridId: dto.gridId, after: unitSnapshot(dto) });
      return dto;
    });
  } catch (err) {
    throw usccTaken(err) ?? err;
  }
}

/** Edits a unit (optimistic concurrency); `contacts`, when given, replaces the list. */
export async function updateUnit(ctx: ActorContext, id: string, input: z.infer<typeof ZUpdateUnitRequest>) {
  const scope = authorize(ctx.actor, "units.write");
  const where = await resolveLocation(ctx, input);
  try {
    return await ctx.db.transaction(async (tx) => {
      const row = await loadUnit(tx, ctx, id, true);
      assertInScope(scope, gridRecord(row));
      if (row.version !== input.version) throw new AppError("VERSION_CONFLICT");
      const before = presentUnit(row, ctx.pd);
      const { version: _version, ...fields } = input;
      const cols = await unitColumns(tx, ctx, scope, fields, where, row);
      await tx
        .update(units)
        .set({ ...cols, updatedAt: ctx.clock(), version: sql`${units.version} + 1` })
        .where(and(eq(units.tenantId, row.tenantId), eq(units.id, id)));
      if (input.contacts) {
        // Keep the ciphertext of unchanged contacts whose phone the form sent back masked (absent).
        await replaceContacts(tx, row.tenantId, id, contactRows(ctx, input.contacts).map((c, i) => {
          const sent = input.contacts![i]!;
          if (sent.phone !== undefined) return c;
          const old = contactsOf(row).find((o) => o.name === sent.name);
          return { ...c, phoneEnc: old?.phoneEnc ?? null };
        }));
      }
      const after = presentUnit(await loadUnit(tx, ctx, id), ctx.pd);
      await recordAudit(tx, ctx, { action: "unit.update", entityType: "unit", entityId: id, gridId: after.gridId, before: unitSnapshot(before), after: unitSnapshot(after) });
      return after;
    });
  } catch (err) {
    throw usccTaken(err) ?? err;
  }
}

/** Full phone numbers of a unit's contacts (personal.unmask within units.read scope; audited). */
export async function revealContacts(ctx: ActorContext, id: string) {
  authorize(ctx.actor, "personal.unmask");
  const scope = authorize(ctx.actor, "units.read");
  const row = await loadUnit(ctx.db, ctx, id);
  assertInScope(scope, gridRecord(row));
  await recordAudit(ctx.db, ctx, { action: "unit.contacts.unmask", entityType: "unit", entityId: id, gridId: row.gridId });
  return { contacts: contactsOf(row).map((c) => ({ id: c.id, phone: c.phoneEnc ? ctx.pd.decrypt(c.phoneEnc) : null })) };
}

export async function exportUnitsXlsx(ctx: ActorContext, query: Omit<z.infer<typeof ZFindUnitsQuery>, "cursor" | "limit">) {
  const scope = authorize(ctx.actor, "units.read");
  const rows = await queryUnits(ctx.db, ctx.actor.tenantId, scope, await unitFilter(ctx, query));
  const en = ctx.locale === "en";
  return writeXlsx(
    en ? "Units" : "驻区单位",
    [
      { header: en ? "Name" : "名称", width: 36, value: (u) => u.name },
      { header: en ? "Kind" : "类型", width: 14, value: (u) => UNIT_KIND_LABELS[u.kind][ctx.locale] },
      { header: en ? "Credit code" : "统一社会信用代码", width: 22, value: (u) => u.uscc },
      { header: en ? "Address" : "地址", width: 36, value: (u) => u.address },
      { header: en ? "Grid" : "所在网格", width: 24, value: (u) => u.gridName },
      { header: en ? "Longitude (WGS84)" : "经度（WGS84）", value: (u) => u.location?.lng },
      { header: en ? "Latitude (WGS84)" : "纬度（WGS84）", value: (u) => u.location?.lat },
      { header: en ? "Party organisation" : "两新党组织", width: 28, value: (u) => u.partyOrgName },
      { header: en ? "Party members" : "党员数", value: (u) => u.partyMemberCount },
      { header: en ? "Contacts" : "联系人", width: 36, value: (u) => u.contacts.map((c) => `${c.name}${c.title ? `（${c.title}）` : ""} ${c.phoneMasked ?? ""}`.trim()).join("；") },
      { header: en ? "Demo data" : "示例数据", value: (u) => (u.isDemo ? (en ? "yes" : "是") : "") },
    ],
    rows.map((r) => presentUnit(r, ctx.pd)),
  );
}
