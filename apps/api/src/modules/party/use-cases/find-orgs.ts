import { PARTY_ORG_KIND_LABELS, type ZFindPartyOrgsQuery } from "@caihong/contracts";
import type { z } from "zod";
import type { ActorContext } from "../../../lib/context";
import { decodeCursor, toPage } from "../../../lib/pagination";
import { authorize } from "../../../lib/policy";
import { getGridPath } from "../../../lib/scope-sql";
import { writeXlsx } from "../../../lib/xlsx";
import { presentOrg } from "../party.presenter";
import { findOrgs as queryOrgs } from "../party.repository";

type OrgQuery = Omit<z.infer<typeof ZFindPartyOrgsQuery>, "cursor" | "limit">;

async function orgFilter(ctx: ActorContext, query: OrgQuery) {
  const gridPath = query.gridId ? await getGridPath(ctx.db, ctx.actor.tenantId, query.gridId, "querystring.gridId") : undefined;
  return { q: query.q, kind: query.kind, gridPath };
}

/** A page of organisations in the caller's party.read scope, in grid-code order. */
export async function findOrgs(ctx: ActorContext, query: z.infer<typeof ZFindPartyOrgsQuery>) {
  const scope = authorize(ctx.actor, "party.read");
  const after = decodeCursor(query.cursor, 2);
  const rows = await queryOrgs(ctx.db, ctx.actor.tenantId, scope, { ...(await orgFilter(ctx, query)), after: after ? { code: after[0]!, id: after[1]! } : undefined, limit: query.limit });
  return toPage(rows, query.limit, (r) => presentOrg(r, ctx.pd), (r) => [r.gridCode, r.id]);
}

/** Every organisation in scope, for the tree beside the grid tree. */
export async function findOrgTree(ctx: ActorContext) {
  const scope = authorize(ctx.actor, "party.read");
  const rows = await queryOrgs(ctx.db, ctx.actor.tenantId, scope, {});
  return { items: rows.map((r) => presentOrg(r, ctx.pd)) };
}

/** Every organisation matching the filters as an .xlsx workbook (contact phones masked). */
export async function exportOrgs(ctx: ActorContext, query: OrgQuery): Promise<Buffer> {
  const scope = authorize(ctx.actor, "party.read");
  const rows = await queryOrgs(ctx.db, ctx.actor.tenantId, scope, await orgFilter(ctx, query));
  const en = ctx.locale === "en";
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
    rows.map((r) => presentOrg(r, ctx.pd)),
  );
}
