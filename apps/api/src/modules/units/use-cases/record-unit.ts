import type { ZCreateUnitRequest, ZUpdateUnitRequest } from "@caihong/contracts";
import { toWgs84, type DataScope } from "@caihong/domain";
import type { z } from "zod";
import type { Db } from "../../../db/client";
import { recordAudit } from "../../audit";
import type { ActorContext } from "../../../lib/context";
import { isUniqueViolation } from "../../../lib/db-errors";
import { AppError, msg } from "../../../lib/errors";
import { assertInScope, authorize, gridRecord } from "../../../lib/policy";
import { getGridPath } from "../../../lib/scope-sql";
import { contactsOf, presentUnit, unitSnapshot } from "../units.presenter";
import { getUnitRow, insertUnit, replaceContacts, updateUnitColumns, type UnitColumns, type UnitRow } from "../units.repository";

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
async function unitColumns(tx: Db, ctx: ActorContext, scope: DataScope, input: UnitInput, where: ResolvedLocation | null | undefined, current?: UnitRow): Promise<UnitColumns> {
  const cols: UnitColumns = {};
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
export async function recordUnit(ctx: ActorContext, input: z.infer<typeof ZCreateUnitRequest>) {
  const scope = authorize(ctx.actor, "units.write");
  const where = await resolveLocation(ctx, input);
  try {
    return await ctx.db.transaction(async (tx) => {
      const cols = await unitColumns(tx, ctx, scope, input, where);
      const id = await insertUnit(tx, ctx.actor.tenantId, { ...cols, name: input.name, kind: input.kind }, ctx.clock());
      if (input.contacts?.length) await replaceContacts(tx, ctx.actor.tenantId, id, contactRows(ctx, input.contacts));
      const dto = presentUnit(await getUnitRow(tx, ctx.actor.tenantId, id), ctx.pd);
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
      const row = await getUnitRow(tx, ctx.actor.tenantId, id, true);
      assertInScope(scope, gridRecord(row));
      if (row.version !== input.version) throw new AppError("VERSION_CONFLICT");
      const before = presentUnit(row, ctx.pd);
      const { version: _version, ...fields } = input;
      const cols = await unitColumns(tx, ctx, scope, fields, where, row);
      await updateUnitColumns(tx, row.tenantId, id, cols, ctx.clock());
      if (input.contacts) {
        // Keep the ciphertext of unchanged contacts whose phone the form sent back masked (absent).
        await replaceContacts(
          tx,
          row.tenantId,
          id,
          contactRows(ctx, input.contacts).map((c, i) => {
            const sent = input.contacts![i]!;
            if (sent.phone !== undefined) return c;
            const old = contactsOf(row).find((o) => o.name === sent.name);
            return { ...c, phoneEnc: old?.phoneEnc ?? null };
          }),
        );
      }
      const after = presentUnit(await getUnitRow(tx, ctx.actor.tenantId, id), ctx.pd);
      await recordAudit(tx, ctx, { action: "unit.update", entityType: "unit", entityId: id, gridId: after.gridId, before: unitSnapshot(before), after: unitSnapshot(after) });
      return after;
    });
  } catch (err) {
    throw usccTaken(err) ?? err;
  }
}
