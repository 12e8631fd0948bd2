import { CASE_CHANNEL_LABELS, CASE_STATE_LABELS, SATISFACTION_LABELS, SLA_STATUS_LABELS, type TCaseAction, type TCaseChannel, type TCaseDetail, type TFindCasesQuery, type TSatisfaction } from "@caihong/contracts";
import { availableActions, slaStatus } from "@caihong/domain";
import type { Db } from "../../../db/client";
import type { ActorContext } from "../../../lib/context";
import { AppError, msg } from "../../../lib/errors";
import { decodeCursor, toPage } from "../../../lib/pagination";
import { authorize } from "../../../lib/policy";
import { getGridPath } from "../../../lib/scope-sql";
import { writeXlsx } from "../../../lib/xlsx";
import { recordAudit } from "../../audit";
import { canSee, rolesFor } from "../cases.policy";
import { presentCaseDetail, presentCaseSummary } from "../cases.presenter";
import { snapshotOf } from "../cases.projection";
import { findCaseById, findCases as queryCases, findDuplicates, findEvents, type CaseEventRow, type CaseRow } from "../cases.repository";
import { findPhotos, type PhotoRow } from "../photos.repository";

/** A case the caller may read (cases.read and `canSee`), optionally locked; NOT_FOUND or FORBIDDEN otherwise. */
export async function loadVisible(db: Db, ctx: ActorContext, id: string, forUpdate = false): Promise<CaseRow> {
  authorize(ctx.actor, "cases.read");
  const row = await findCaseById(db, ctx.tenantId, id, forUpdate);
  if (!row) throw new AppError("NOT_FOUND");
  if (!canSee(ctx.actor, row)) throw new AppError("FORBIDDEN", msg("该案件不在您的数据范围内", "This case is outside your data scope"));
  return row;
}

/** The case as the caller sees it; `fresh` (just reported) skips the duplicates query, none can exist yet. */
async function detailOf(db: Db, ctx: ActorContext, row: CaseRow, fresh = false): Promise<TCaseDetail> {
  const [events, photos, duplicates] = await Promise.all([
    findEvents(db, ctx.tenantId, row.c.id),
    row.c.photoCount > 0 ? findPhotos(db, ctx.tenantId, row.c.id) : [],
    fresh ? [] : findDuplicates(db, ctx.tenantId, row.c.id),
  ]);
  return detailFrom(ctx, row, events, photos, duplicates);
}

/** The detail from rows already at hand (the intake builds them from what it wrote). */
export function detailFrom(ctx: ActorContext, row: CaseRow, events: CaseEventRow[], photos: PhotoRow[], duplicates: { id: string; number: string }[] = []): TCaseDetail {
  const now = ctx.clock();
  const allowed = availableActions(snapshotOf(row, ctx.actor), rolesFor(ctx.actor, row), now, { reopenWindowDays: ctx.config.reopenWindowDays }) as TCaseAction[];
  return presentCaseDetail(row, { events, photos, duplicates, allowedActions: allowed, own: row.c.reporterUserId === ctx.actor.userId }, ctx.pd, now, ctx.locale);
}

/** One case with its timeline, photos and the steps the caller may take. */
export async function getCase(ctx: ActorContext, id: string, fresh = false): Promise<TCaseDetail> {
  const row = await loadVisible(ctx.db, ctx, id);
  return detailOf(ctx.db, ctx, row, fresh);
}

/**
 * The case the caller has just reported, read back for the create's answer without the scope
 * check: a report may lie outside the caller's scope (staff see problems anywhere; an entry on a
 * citizen's behalf names the citizen, not the caller, as reporter), and a request that wrote must
 * say so rather than refuse afterwards (ADR 0013).
 */
export async function getReportedCase(ctx: ActorContext, id: string): Promise<TCaseDetail> {
  const row = await findCaseById(ctx.db, ctx.tenantId, id);
  if (!row) throw new AppError("NOT_FOUND");
  return detailOf(ctx.db, ctx, row, true);
}

/** The query's filters with the grid resolved to its path. */
export async function caseFilter(ctx: ActorContext, query: Partial<TFindCasesQuery>) {
  const gridPath = query.gridId ? await getGridPath(ctx.db, ctx.tenantId, query.gridId, "querystring.gridId") : undefined;
  return { ...query, gridPath, userId: ctx.actor.userId, now: ctx.clock() };
}

/** A page of the queue: cases in the caller's cases.read scope, their own reports and the cases assigned to them. */
export async function findCases(ctx: ActorContext, query: TFindCasesQuery) {
  const scope = authorize(ctx.actor, "cases.read");
  const byDue = query.sort === "due_asc";
  const after = decodeCursor(query.cursor, 2);
  const rows = await queryCases(ctx.db, ctx.tenantId, scope, { ...(await caseFilter(ctx, query)), after: after ? { at: after[0]!, id: after[1]! } : undefined, limit: query.limit });
  const now = ctx.clock();
  return toPage(rows, query.limit, (r) => presentCaseSummary(r, now, ctx.locale), (r) => [byDue ? (r.c.handleDueAt?.toISOString() ?? "infinity") : r.c.reportedAt.toISOString(), r.c.id]);
}

/** Reporter's contact in full (personal.unmask within cases.read scope; audited). */
export async function revealReporter(ctx: ActorContext, id: string) {
  authorize(ctx.actor, "personal.unmask");
  const row = await loadVisible(ctx.db, ctx, id);
  await recordAudit(ctx.db, ctx, { action: "case.reporter.unmask", entityType: "case", entityId: id, gridId: row.c.gridId });
  const c = row.c;
  return { name: row.reporterUserName ?? (c.reporterNameEnc ? ctx.pd.decrypt(c.reporterNameEnc) : null), phone: c.reporterPhoneEnc ? ctx.pd.decrypt(c.reporterPhoneEnc) : null };
}

/** Open cases in scope as GeoJSON points with their SLA colour (the workbench map). */
export async function openCasesGeoJson(ctx: ActorContext, q: { categoryId?: string; sla?: string[] }) {
  const scope = authorize(ctx.actor, "cases.read");
  const now = ctx.clock();
  const rows = await queryCases(ctx.db, ctx.tenantId, scope, { userId: ctx.actor.userId, now, open: true, categoryId: q.categoryId, sla: q.sla as TFindCasesQuery["sla"], limit: 5000 });
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

/** The queue as an Excel workbook (reporters' contact details are not in it). */
export async function exportCasesXlsx(ctx: ActorContext, query: Omit<TFindCasesQuery, "limit" | "cursor">) {
  const scope = authorize(ctx.actor, "cases.read");
  const rows = await queryCases(ctx.db, ctx.tenantId, scope, { ...(await caseFilter(ctx, query)), limit: 100_000 });
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
