import { UNIT_KIND_LABELS, type ZFindUnitsQuery } from "@caihong/contracts";
import type { z } from "zod";
import type { ActorContext } from "../../../lib/context";
import { decodeCursor, toPage } from "../../../lib/pagination";
import { authorize } from "../../../lib/policy";
import { getGridPath } from "../../../lib/scope-sql";
import { writeXlsx } from "../../../lib/xlsx";
import { presentUnit } from "../units.presenter";
import { findUnits as queryUnits } from "../units.repository";

type UnitQuery = Omit<z.infer<typeof ZFindUnitsQuery>, "cursor" | "limit">;

async function unitFilter(ctx: ActorContext, query: UnitQuery) {
  const gridPath = query.gridId ? await getGridPath(ctx.db, ctx.actor.tenantId, query.gridId, "querystring.gridId") : undefined;
  return { q: query.q, kind: query.kind, gridPath, hasPartyOrg: query.hasPartyOrg };
}

/** A page of units whose grid is in the caller's units.read scope. */
export async function findUnits(ctx: ActorContext, query: z.infer<typeof ZFindUnitsQuery>) {
  const scope = authorize(ctx.actor, "units.read");
  const after = decodeCursor(query.cursor, 2);
  const rows = await queryUnits(ctx.db, ctx.actor.tenantId, scope, { ...(await unitFilter(ctx, query)), after: after ? { name: after[0]!, id: after[1]! } : undefined, limit: query.limit });
  return toPage(rows, query.limit, (r) => presentUnit(r, ctx.pd), (r) => [r.name, r.id]);
}

/** Every unit matching the filters as an .xlsx workbook (contacts' phones masked). */
export async function exportUnits(ctx: ActorContext, query: UnitQuery): Promise<Buffer> {
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
