import { CASE_CHANNEL_LABELS, CASE_STATE_LABELS, OPEN_CASE_STATES, SATISFACTION_LABELS, SLA_STATUS_LABELS, type TCaseChannel, type TCaseState, type TFindCasesQuery, type TSatisfaction } from "@caihong/contracts";
import { toWgs84 } from "@caihong/domain";
import { and, desc, eq, inArray, isNull, sql } from "drizzle-orm";
import type { ActorContext } from "../../lib/context";
import { AppError } from "../../lib/errors";
import { authorize } from "../../lib/policy";
import { writeXlsx } from "../../lib/xlsx";
import { caseVisibility, findCases, slaCondition } from "./cases.repository";
import { presentCaseSummary, slaStatus } from "./cases.presenter";
import { caseFilter } from "./cases.service";
import { findCategory } from "./categories.service";
import { cases, notifications } from "./cases.table";

/** Metres between two WGS84 points (equirectangular; exact enough within a sub-district). */
export function distanceM(a: { lng: number; lat: number }, b: { lng: number; lat: number }) {
  const k = Math.PI / 180;
  const x = (b.lng - a.lng) * k * Math.cos(((a.lat + b.lat) / 2) * k);
  const y = (b.lat - a.lat) * k;
  return Math.sqrt(x * x + y * y) * 6_371_008.8;
}

/** Open cases of the same category within the category's radius (nearest first). */
export async function suggestDuplicates(ctx: ActorContext, q: { categoryId: string; lng: number; lat: number; crs: "wgs84" | "gcj02" | "bd09"; excludeId?: string }) {
  const scope = authorize(ctx.actor, "cases.read");
  const cat = await findCategory(ctx.db, ctx.tenantId, q.categoryId);
  if (!cat) throw new AppError("UNPROCESSABLE", undefined, { errors: [{ path: "querystring.categoryId", message: "category.invalid" }] });
  const [lng, lat] = toWgs84(q.lng, q.lat, q.crs);
  const r = cat.dedupeRadiusM;
  if (r === 0) return { radiusM: 0, items: [] };
  // A bounding box in degrees narrows the rows; the exact distance filters them.
  const dLat = r / 111_320;
  const dLng = r / (111_320 * Math.cos((lat! * Math.PI) / 180));
  const rows = await ctx.db
    .select({ id: cases.id, number: cases.number, state: cases.state, description: cases.description, lng: cases.lng, lat: cases.lat, reportedAt: cases.reportedAt })
    .from(cases)
    .where(
      and(
        eq(cases.tenantId, ctx.tenantId),
        caseVisibility(scope, ctx.actor.userId),
        eq(cases.categoryId, cat.id),
        inArray(cases.state, [...OPEN_CASE_STATES]),
        isNull(cases.mergedIntoId),
        sql`${cases.lng} between ${lng! - dLng} and ${lng! + dLng}`,
        sql`${cases.lat} between ${lat! - dLat} and ${lat! + dLat}`,
        q.excludeId ? sql`${cases.id} <> ${q.excludeId}::uuid` : undefined,
      ),
    )
    .orderBy(desc(cases.reportedAt))
    .limit(50);
  const items = rows
    .map((c) => ({ id: c.id, number: c.number, state: c.state as TCaseState, description: c.description.slice(0, 120), distanceM: Math.round(distanceM({ lng: lng!, lat: lat! }, { lng: c.lng!, lat: c.lat! })), reportedAt: c.reportedAt.toISOString() }))
    .filter((c) => c.distanceM <= r)
    .sort((a, b) => a.distanceM - b.distanceM)
    .slice(0, 10);
  return { radiusM: r, items };
}

/** Open cases in scope as GeoJSON points with their SLA colour (the workbench map). */
export async function openCasesGeoJson(ctx: ActorContext, q: { categoryId?: string; sla?: string[] }) {
  const scope = authorize(ctx.actor, "cases.read");
  const now = ctx.clock();
  const rows = await findCases(ctx.db, ctx.tenantId, scope, { userId: ctx.actor.userId, now, open: true, categoryId: q.categoryId, sla: q.sla as TFindCasesQuery["sla"], limit: 5000 });
  return {
    type: "FeatureCollection" as const,
    features: rows
      .filter((r) => r.c.lng !== null && r.c.lat !== null)
      .map((r) => ({
        type: "Feature" as const,
        geometry: { type: "Point" as const, coordinates: [r.c.lng!, r.c.lat!] },
        properties: { id: r.c.id, number: r.c.number, state: r.c.state, sla: slaStatus(r.c, now), category: r.categoryName, description: r.c.description.slice(0, 80) },
      })),
  };
}

/** Counts of the staff inbox: what waits for the caller now. */
export async function inbox(ctx: ActorContext) {
  const scope = authorize(ctx.actor, "cases.read");
  const now = ctx.clock();
  const me = ctx.actor.userId;
  const visible = caseVisibility(scope, me);
  const mine = sql`(${cases.assigneeUserId} = ${me}::uuid)`;
  const dispatch = ctx.actor.permissions.has("cases.dispatch");
  const count = (cond: ReturnType<typeof sql>) => sql<number>`count(*) filter (where ${cond})::int`;
  const [row] = await ctx.db
    .select({
      assigned: count(sql`${mine} and ${cases.state} in ('dispatched','acknowledged','in_progress')`),
      dueSoon: count(sql`${mine} and ${slaCondition("warning", now)}`),
      overdue: count(sql`(${mine} or ${dispatch}) and ${slaCondition("overdue", now)}`),
      returned: count(sql`${dispatch} and ${cases.state} = 'return_requested'`),
      reopened: count(sql`${cases.reopenCount} > 0 and ${cases.state} in ('dispatched','acknowledged','in_progress','filed') and (${mine} or ${dispatch})`),
      toDispatch: count(sql`${dispatch} and ${cases.state} in ('reported','filed')`),
      toVerify: count(sql`${dispatch} and ${cases.state} in ('handled','verified')`),
      extensionRequests: count(sql`${dispatch} and ${cases.extensionDueAt} is not null`),
    })
    .from(cases)
    .where(and(eq(cases.tenantId, ctx.tenantId), visible));
  return { counts: row! };
}

/** The caller's notifications, newest first, with the unread count. */
export async function listNotifications(ctx: ActorContext, q: { limit: number; cursor?: string; unread?: boolean }) {
  const me = ctx.actor.userId;
  const after = q.cursor ? new Date(Buffer.from(q.cursor, "base64url").toString()) : null;
  if (after && Number.isNaN(after.getTime())) throw new AppError("VALIDATION_FAILED", undefined, { errors: [{ path: "querystring.cursor", message: "cursor.invalid" }] });
  const rows = await ctx.db
    .select({ n: notifications, number: cases.number })
    .from(notifications)
    .leftJoin(cases, and(eq(cases.tenantId, notifications.tenantId), eq(cases.id, notifications.caseId)))
    .where(and(eq(notifications.tenantId, ctx.tenantId), eq(notifications.userId, me), q.unread ? isNull(notifications.readAt) : undefined, after ? sql`${notifications.createdAt} < ${after.toISOString()}::timestamptz` : undefined))
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(q.limit + 1);
  const [unread] = await ctx.db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.tenantId, ctx.tenantId), eq(notifications.userId, me), isNull(notifications.readAt)));
  const page = rows.slice(0, q.limit);
  const pick = (t: unknown) => (t as Record<string, string>)[ctx.locale] ?? (t as Record<string, string>)["zh-CN"] ?? "";
  return {
    items: page.map(({ n, number }) => ({ id: n.id, kind: n.kind, caseId: n.caseId, caseNumber: number, title: pick(n.title), body: pick(n.body), createdAt: n.createdAt.toISOString(), readAt: n.readAt?.toISOString() ?? null })),
    nextCursor: rows.length > q.limit ? Buffer.from(page.at(-1)!.n.createdAt.toISOString()).toString("base64url") : null,
    unread: unread!.n,
  };
}

export async function markNotificationsRead(ctx: ActorContext, id: string | null) {
  await ctx.db
    .update(notifications)
    .set({ readAt: ctx.clock() })
    .where(and(eq(notifications.tenantId, ctx.tenantId), eq(notifications.userId, ctx.actor.userId), isNull(notifications.readAt), id ? eq(notifications.id, id) : undefined));
  return { ok: true as const };
}

/** The queue as an Excel workbook (reporters' contact details are not in it). */
export async function exportCasesXlsx(ctx: ActorContext, query: Omit<TFindCasesQuery, "limit" | "cursor">) {
  const scope = authorize(ctx.actor, "cases.read");
  const rows = await findCases(ctx.db, ctx.tenantId, scope, { ...(await caseFilter(ctx, query)), limit: 100_000 });
  const now = ctx.clock();
  const en = ctx.locale === "en";
  const l = ctx.locale;
  const t = (d: string | null) => (d ? new Date(d).toLocaleString("zh-CN", { timeZone: "Asia/Shanghai", hour12: false }) : "");
  return writeXlsx(
    en ? "Cases" : "案件",
    [
      { header: en ? "Number" : "案件编号", width: 18, value: (c) => c.number },
      { header: en ? "State" : "状态", width: 10, value: (c) => CASE_STATE_LABELS[c.state][l] },
      { header: en ? "SLA" : "时限", width: 8, value: (c) => SLA_STATUS_LABELS[c.sla][l] },
      { header: en ? "Channel" : "来源", width: 12, value: (c) => CASE_CHANNEL_LABELS[c.channel as TCaseChannel][l] },
      { header: en ? "Category" : "类别", width: 16, value: (c) => `${c.categoryCode} ${c.categoryName}` },
      { header: en ? "Description" : "问题描述", width: 48, value: (c) => c.description },
      { header: en ? "Address" : "地址", width: 30, value: (c) => c.address },
      { header: en ? "Grid" : "网格", width: 20, value: (c) => c.gridName },
      { header: en ? "Handler" : "处置人/单位", width: 24, value: (c) => c.assignee?.label ?? "" },
      { header: en ? "Reported" : "上报时间", width: 20, value: (c) => t(c.reportedAt) },
      { header: en ? "Due" : "处置期限", width: 20, value: (c) => t(c.handleDueAt) },
      { header: en ? "Closed" : "结案时间", width: 20, value: (c) => t(c.closedAt) },
      { header: en ? "Reworks" : "返工次数", value: (c) => c.reworkCount },
      { header: en ? "Extensions" : "延期次数", value: (c) => c.extensionCount },
      { header: en ? "Reopened" : "重办次数", value: (c) => c.reopenCount },
      { header: en ? "Satisfaction" : "满意度", width: 10, value: (c) => (c.satisfaction ? SATISFACTION_LABELS[c.satisfaction as TSatisfaction][l] : "") },
    ],
    rows.map((r) => presentCaseSummary(r, now, ctx.locale)),
  );
}
