import { GENDER_LABELS, STAFF_POST_LABELS, type ZFindPeopleQuery } from "@caihong/contracts";
import type { z } from "zod";
import type { ActorContext } from "../../../lib/context";
import { decodeCursor, toPage } from "../../../lib/pagination";
import { authorize } from "../../../lib/policy";
import { getGridPath } from "../../../lib/scope-sql";
import { writeXlsx } from "../../../lib/xlsx";
import { presentPerson } from "../people.presenter";
import { findPeople as queryPeople } from "../people.repository";

const PHONE = /^1[3-9]\d{9}$/;

type PeopleQuery = Omit<z.infer<typeof ZFindPeopleQuery>, "cursor" | "limit">;

/** The repository filter of a query: a mobile number is looked up by its keyed hash, anything else by name. */
async function peopleFilter(ctx: ActorContext, query: PeopleQuery) {
  const gridPath = query.gridId ? await getGridPath(ctx.db, ctx.actor.tenantId, query.gridId, "querystring.gridId") : undefined;
  return {
    q: query.q,
    phoneHash: query.q && PHONE.test(query.q) ? ctx.pd.hash("phone", query.q) : undefined,
    gridPath,
    isPartyMember: query.isPartyMember,
    isFloatingMember: query.isFloatingMember,
    post: query.post,
  };
}

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

/** People matching the filters as .xlsx (masked, like the list). */
export async function exportPeople(ctx: ActorContext, query: PeopleQuery): Promise<Buffer> {
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
