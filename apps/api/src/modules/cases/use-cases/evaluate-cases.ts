import { EVALUATION_METRIC_LABELS, type TCaseSummary, type TEvaluation, type TEvaluationCasesQuery, type TEvaluationMetric, type TEvaluationQuery, type TEvaluationRow, type TLocale } from "@caihong/contracts";
import { and } from "drizzle-orm";
import { z } from "zod";
import type { ActorContext } from "../../../lib/context";
import { AppError, msg } from "../../../lib/errors";
import { decodeCursor, toPage } from "../../../lib/pagination";
import { authorize } from "../../../lib/policy";
import { getGridPath } from "../../../lib/scope-sql";
import { writeXlsx, type XlsxColumn } from "../../../lib/xlsx";
import { presentCaseSummary } from "../cases.presenter";
import { findCases } from "../cases.repository";
import { monthsBetween, presentEvaluation, totalName } from "../evaluation.presenter";
import { aggregateEvaluation, caseScope, caseSets, caseSubtree, groupCondition, METRIC_SETS, NO_KEY } from "../evaluation.repository";

const DAY_MS = 86_400_000;
/** Longest period one evaluation covers: ten years (the monthly trend lists every month). */
const MAX_PERIOD_DAYS = 3660;

/**
 * The cohort of a period: cases reported from `from` 00:00 to the end of `to`, Asia/Shanghai.
 * Throws VALIDATION_FAILED when `to` is before `from` or the period is longer than ten years.
 */
export function periodOf(from: string, to: string): { from: Date; toExclusive: Date } {
  const start = new Date(`${from}T00:00:00+08:00`);
  const end = new Date(new Date(`${to}T00:00:00+08:00`).getTime() + DAY_MS);
  if (end <= start) {
    throw new AppError("VALIDATION_FAILED", msg("结束日期不能早于开始日期", "The end date cannot be before the start date"), { errors: [{ path: "querystring.to", message: "field.endBeforeStart" }] });
  }
  if (end.getTime() - start.getTime() > MAX_PERIOD_DAYS * DAY_MS) {
    throw new AppError("VALIDATION_FAILED", msg("考核期间最长十年", "An evaluation period covers at most ten years"), { errors: [{ path: "querystring.to", message: "invalid" }] });
  }
  return { from: start, toExclusive: end };
}

async function subtreeOf(ctx: ActorContext, gridId: string | undefined) {
  return gridId ? getGridPath(ctx.db, ctx.tenantId, gridId, "querystring.gridId") : undefined;
}

/**
 * 考核评价: the indicators per group (an ancestor grid at a level, the responsible unit or the
 * 大类), their total and the monthly trend, over the cases reported in the period within the
 * caller's evaluation.read scope (formulas: docs/evaluation.md).
 */
export async function getEvaluation(ctx: ActorContext, q: TEvaluationQuery): Promise<TEvaluation> {
  const scope = authorize(ctx.actor, "evaluation.read");
  const period = periodOf(q.from, q.to);
  const subtreePath = await subtreeOf(ctx, q.gridId);
  const groups = await aggregateEvaluation(ctx.db, { tenantId: ctx.tenantId, scope, ...period, months: monthsBetween(q.from, q.to), now: ctx.clock(), groupBy: q.groupBy, level: q.level, subtreePath, locale: ctx.locale });
  return presentEvaluation(groups, q, ctx.locale);
}

const isUuid = (s: string) => z.uuid().safeParse(s).success;

/**
 * The cases behind one figure: a group's key (or the total), an indicator and its numerator or
 * denominator, newest first. The list has exactly as many cases as the summary counted.
 */
export async function listEvaluationCases(ctx: ActorContext, q: TEvaluationCasesQuery): Promise<{ items: TCaseSummary[]; nextCursor: string | null }> {
  const scope = authorize(ctx.actor, "evaluation.read");
  periodOf(q.from, q.to);
  const key = q.key || undefined;
  if (key !== undefined && key !== NO_KEY && !isUuid(key)) {
    throw new AppError("VALIDATION_FAILED", undefined, { errors: [{ path: "querystring.key", message: "invalid" }] });
  }
  if (key === NO_KEY && q.groupBy === "category") {
    throw new AppError("VALIDATION_FAILED", undefined, { errors: [{ path: "querystring.key", message: "invalid" }] });
  }
  const subtreePath = await subtreeOf(ctx, q.gridId);
  const now = ctx.clock();
  const set = METRIC_SETS[q.metric][q.part];
  const extra = and(
    caseScope(scope),
    subtreePath ? caseSubtree(ctx.tenantId, subtreePath) : undefined,
    key !== undefined ? groupCondition(q.groupBy, q.level, key) : undefined,
    caseSets(now)[set],
  );
  const after = decodeCursor(q.cursor, 2);
  const rows = await findCases(ctx.db, ctx.tenantId, scope, { userId: ctx.actor.userId, now, from: q.from, to: q.to, extra, after: after ? { at: after[0]!, id: after[1]! } : undefined, limit: q.limit });
  return toPage(rows, q.limit, (r) => presentCaseSummary(r, now, ctx.locale), (r) => [r.c.reportedAt.toISOString(), r.c.id]);
}

type RateMetric = Exclude<TEvaluationMetric, "reported" | "avgHandlingHours">;
/** Excel headers of each rate's numerator and denominator. */
const PARTS: Record<RateMetric, { numerator: Record<TLocale, string>; denominator: Record<TLocale, string> }> = {
  filingRate: { numerator: { "zh-CN": "立案数", en: "Filed" }, denominator: { "zh-CN": "有效上报数", en: "Valid reports" } },
  onTimeHandlingRate: { numerator: { "zh-CN": "按期处置数", en: "Handled on time" }, denominator: { "zh-CN": "应处置数", en: "Due for handling" } },
  closingRate: { numerator: { "zh-CN": "结案数", en: "Closed" }, denominator: { "zh-CN": "立案数", en: "Filed" } },
  onTimeClosingRate: { numerator: { "zh-CN": "按期结案数", en: "Closed on time" }, denominator: { "zh-CN": "立案数", en: "Filed" } },
  reworkRate: { numerator: { "zh-CN": "返工数", en: "Reworked" }, denominator: { "zh-CN": "处置数", en: "Handled" } },
  extensionRate: { numerator: { "zh-CN": "延期数", en: "Extended" }, denominator: { "zh-CN": "应处置数", en: "Due for handling" } },
  satisfactionRate: { numerator: { "zh-CN": "满意数", en: "Satisfied" }, denominator: { "zh-CN": "评价数", en: "Rated" } },
};

const round2 = (n: number) => Math.round(n * 100) / 100;

/** The evaluation as an Excel sheet: one line per group and the total; each rate in % with its numerator and denominator. */
export async function exportEvaluationXlsx(ctx: ActorContext, q: TEvaluationQuery): Promise<Buffer> {
  authorize(ctx.actor, "evaluation.read");
  const evaluation = await getEvaluation(ctx, q);
  const l = ctx.locale;
  const en = l === "en";
  const group = q.groupBy === "grid" ? (en ? `Grid (level ${q.level})` : `网格（第 ${q.level} 级）`) : q.groupBy === "unit" ? (en ? "Responsible unit" : "责任单位") : en ? "Category" : "大类";
  const columns: XlsxColumn<TEvaluationRow>[] = [
    { header: group, width: 24, value: (r) => r.name },
    { header: EVALUATION_METRIC_LABELS.reported[l], value: (r) => r.reported },
  ];
  for (const metric of Object.keys(PARTS) as RateMetric[]) {
    columns.push(
      { header: `${EVALUATION_METRIC_LABELS[metric][l]} (%)`, value: (r) => (r[metric].value === null ? null : round2(r[metric].value! * 100)) },
      { header: PARTS[metric].numerator[l], value: (r) => r[metric].numerator },
      { header: PARTS[metric].denominator[l], value: (r) => r[metric].denominator },
    );
  }
  columns.push(
    { header: EVALUATION_METRIC_LABELS.avgHandlingHours[l], width: 20, value: (r) => (r.avgHandlingHours === null ? null : round2(r.avgHandlingHours)) },
    { header: en ? "Cases timed" : "计时案件数", value: (r) => r.handledCount },
  );
  return writeXlsx(en ? "Evaluation" : "考核评价", columns, [...evaluation.rows, { ...evaluation.total, name: totalName(l) }]);
}
