import type { TEvaluation, TEvaluationRow, TLocale } from "@caihong/contracts";
import { NO_KEY, type EvaluationCounts, type EvaluationGroupBy, type EvaluationGroupRow } from "./evaluation.repository";

/** A count with the rate it feeds; the rate is null when nothing was counted. */
export function ratio(numerator: number, denominator: number) {
  return { numerator, denominator, value: denominator > 0 ? numerator / denominator : null };
}

const NAMES = {
  total: { "zh-CN": "合计", en: "Total" },
  noGrid: { "zh-CN": "未落入该级网格", en: "No grid at this level" },
  noUnit: { "zh-CN": "未指定单位", en: "No unit" },
} as const;

/** One group's counts → the indicators of a row. */
export function presentRow(key: string, name: string, c: EvaluationCounts): TEvaluationRow {
  return {
    key,
    name,
    reported: c.reported,
    filingRate: ratio(c.filed, c.valid),
    onTimeHandlingRate: ratio(c.handledOnTime, c.dueHandling),
    closingRate: ratio(c.closed, c.filed),
    onTimeClosingRate: ratio(c.closedOnTime, c.filed),
    reworkRate: ratio(c.reworked, c.handled),
    extensionRate: ratio(c.extended, c.dueHandling),
    satisfactionRate: ratio(c.satisfied, c.rated),
    avgHandlingHours: c.timed > 0 ? c.minutes / c.timed / 60 : null,
    handledCount: c.timed,
  };
}

/** Months `YYYY-MM` from the month of `from` to the month of `to` (dates `YYYY-MM-DD`). */
export function monthsBetween(from: string, to: string): string[] {
  const out: string[] = [];
  let y = Number(from.slice(0, 4));
  let m = Number(from.slice(5, 7));
  const endY = Number(to.slice(0, 4));
  const endM = Number(to.slice(5, 7));
  while (y < endY || (y === endY && m <= endM)) {
    out.push(`${String(y).padStart(4, "0")}-${String(m).padStart(2, "0")}`);
    m++;
    if (m === 13) {
      m = 1;
      y++;
    }
  }
  return out;
}

const EMPTY = { reported: 0, valid: 0, filed: 0, dueHandling: 0, handledOnTime: 0, closed: 0, closedOnTime: 0, handled: 0, reworked: 0, extended: 0, rated: 0, satisfied: 0, timed: 0, overdue: 0, minutes: 0 } satisfies EvaluationCounts;

/** The grouping-sets result → rows (as the query ordered them), the total and every month of the period. */
export function presentEvaluation(groups: EvaluationGroupRow[], q: { from: string; to: string; groupBy: EvaluationGroupBy; level: number }, locale: TLocale): TEvaluation {
  const noKeyName = q.groupBy === "grid" ? NAMES.noGrid[locale] : NAMES.noUnit[locale];
  const rows = groups.filter((g) => g.gk === 0).map((g) => presentRow(g.key ?? NO_KEY, g.key === null ? noKeyName : (g.name ?? g.key), g));
  const total = groups.find((g) => g.gk === 1 && g.gm === 1) ?? EMPTY;
  const byMonth = new Map(groups.filter((g) => g.gm === 0 && g.m !== null).map((g) => [g.m!, g]));
  const monthly = monthsBetween(q.from, q.to).map((month) => {
    const g = byMonth.get(month);
    return { month, reported: g?.reported ?? 0, closed: g?.closed ?? 0, overdue: g?.overdue ?? 0 };
  });
  return { from: q.from, to: q.to, groupBy: q.groupBy, level: q.level, total: presentRow("", NAMES.total[locale], total), rows, monthly };
}

/** Name of the total row in the locale (the Excel export's last line). */
export const totalName = (locale: TLocale) => NAMES.total[locale];
