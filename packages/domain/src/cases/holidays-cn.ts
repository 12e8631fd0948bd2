/**
 * Mainland-China public holidays and make-up working days (调休上班), 2021–2026, as announced
 * each year by the State Council's General Office in 国务院办公厅关于YYYY年部分节假日安排的通知.
 *
 * Each arrangement below is written the way the notice states it: the days off as a range
 * (every day inside it is listed, weekend days included) and the make-up working days.
 * Where the notice says "X月X日放假，与周末连休" the adjoining weekend is part of the range.
 *
 * Sources and checks:
 * - 2021: NateScarlet/holiday-cn `2021.json` (paper http://www.gov.cn/zhengce/content/2020-11/25/content_5564127.htm),
 *   matched day for day.
 * - 2022–2024: the stored holiday-cn files for these years were empty placeholders, so these were
 *   checked against cg-zhou/holiday-calendar `data/CN/2022–2024.json` (also compiled from the
 *   notices; 2022 https://www.gov.cn/gongbao/content/2021/content_5651728.htm,
 *   2023 https://www.gov.cn/gongbao/content/2023/content_5736714.htm) and the notices' wording.
 * - 2025, 2026: holiday-cn `2025.json` / `2026.json` as quoted verbatim in other public
 *   repositories (2025 paper https://www.gov.cn/zhengce/content/202411/content_6986382.htm,
 *   2026 paper https://www.gov.cn/zhengce/zhengceku/202511/content_7047091.htm).
 * Update this file when the next year's notice is out (usually in November).
 */
import type { CalendarDay } from "./calendar";

interface Arrangement {
  /** The holiday as the notice names it. */
  name: string;
  /** First and last day off, inclusive. */
  off: readonly [string, string];
  /** Make-up working days on weekends. */
  work: readonly string[];
}

const ARRANGEMENTS: readonly Arrangement[] = [
  // 2021
  { name: "元旦", off: ["2021-01-01", "2021-01-03"], work: [] },
  { name: "春节", off: ["2021-02-11", "2021-02-17"], work: ["2021-02-07", "2021-02-20"] },
  { name: "清明节", off: ["2021-04-03", "2021-04-05"], work: [] },
  { name: "劳动节", off: ["2021-05-01", "2021-05-05"], work: ["2021-04-25", "2021-05-08"] },
  { name: "端午节", off: ["2021-06-12", "2021-06-14"], work: [] },
  { name: "中秋节", off: ["2021-09-19", "2021-09-21"], work: ["2021-09-18"] },
  { name: "国庆节", off: ["2021-10-01", "2021-10-07"], work: ["2021-09-26", "2021-10-09"] },
  // 2022
  { name: "元旦", off: ["2022-01-01", "2022-01-03"], work: [] },
  { name: "春节", off: ["2022-01-31", "2022-02-06"], work: ["2022-01-29", "2022-01-30"] },
  { name: "清明节", off: ["2022-04-03", "2022-04-05"], work: ["2022-04-02"] },
  { name: "劳动节", off: ["2022-04-30", "2022-05-04"], work: ["2022-04-24", "2022-05-07"] },
  { name: "端午节", off: ["2022-06-03", "2022-06-05"], work: [] },
  { name: "中秋节", off: ["2022-09-10", "2022-09-12"], work: [] },
  { name: "国庆节", off: ["2022-10-01", "2022-10-07"], work: ["2022-10-08", "2022-10-09"] },
  // 2023 (元旦 starts on 2022-12-31)
  { name: "元旦", off: ["2022-12-31", "2023-01-02"], work: [] },
  { name: "春节", off: ["2023-01-21", "2023-01-27"], work: ["2023-01-28", "2023-01-29"] },
  { name: "清明节", off: ["2023-04-05", "2023-04-05"], work: [] },
  { name: "劳动节", off: ["2023-04-29", "2023-05-03"], work: ["2023-04-23", "2023-05-06"] },
  { name: "端午节", off: ["2023-06-22", "2023-06-24"], work: ["2023-06-25"] },
  { name: "中秋节、国庆节", off: ["2023-09-29", "2023-10-06"], work: ["2023-10-07", "2023-10-08"] },
  // 2024 (元旦 and 端午节: "放假，与周末连休")
  { name: "元旦", off: ["2023-12-30", "2024-01-01"], work: [] },
  { name: "春节", off: ["2024-02-10", "2024-02-17"], work: ["2024-02-04", "2024-02-18"] },
  { name: "清明节", off: ["2024-04-04", "2024-04-06"], work: ["2024-04-07"] },
  { name: "劳动节", off: ["2024-05-01", "2024-05-05"], work: ["2024-04-28", "2024-05-11"] },
  { name: "端午节", off: ["2024-06-08", "2024-06-10"], work: [] },
  { name: "中秋节", off: ["2024-09-15", "2024-09-17"], work: ["2024-09-14"] },
  { name: "国庆节", off: ["2024-10-01", "2024-10-07"], work: ["2024-09-29", "2024-10-12"] },
  // 2025
  { name: "元旦", off: ["2025-01-01", "2025-01-01"], work: [] },
  { name: "春节", off: ["2025-01-28", "2025-02-04"], work: ["2025-01-26", "2025-02-08"] },
  { name: "清明节", off: ["2025-04-04", "2025-04-06"], work: [] },
  { name: "劳动节", off: ["2025-05-01", "2025-05-05"], work: ["2025-04-27"] },
  { name: "端午节", off: ["2025-05-31", "2025-06-02"], work: [] },
  { name: "国庆节、中秋节", off: ["2025-10-01", "2025-10-08"], work: ["2025-09-28", "2025-10-11"] },
  // 2026
  { name: "元旦", off: ["2026-01-01", "2026-01-03"], work: ["2026-01-04"] },
  { name: "春节", off: ["2026-02-15", "2026-02-23"], work: ["2026-02-14", "2026-02-28"] },
  { name: "清明节", off: ["2026-04-04", "2026-04-06"], work: [] },
  { name: "劳动节", off: ["2026-05-01", "2026-05-05"], work: ["2026-05-09"] },
  { name: "端午节", off: ["2026-06-19", "2026-06-21"], work: [] },
  { name: "中秋节", off: ["2026-09-25", "2026-09-27"], work: [] },
  { name: "国庆节", off: ["2026-10-01", "2026-10-07"], work: ["2026-09-20", "2026-10-10"] },
];

const MS_PER_DAY = 86_400_000;

/** Every date from `first` to `last` inclusive, as `YYYY-MM-DD`. */
function datesBetween(first: string, last: string): string[] {
  const end = Date.parse(`${last}T00:00:00Z`);
  const dates: string[] = [];
  for (let ms = Date.parse(`${first}T00:00:00Z`); ms <= end; ms += MS_PER_DAY) dates.push(new Date(ms).toISOString().slice(0, 10));
  return dates;
}

function expand(a: Arrangement): CalendarDay[] {
  return [
    ...datesBetween(a.off[0], a.off[1]).map((date): CalendarDay => ({ date, kind: "holiday", name: a.name })),
    ...a.work.map((date): CalendarDay => ({ date, kind: "workday", name: `${a.name}调休` })),
  ];
}

/** Holidays (every day off inside each holiday period) and 调休 working days, 2021–2026, by date. */
export const CN_CALENDAR_2021_2026: readonly CalendarDay[] = Object.freeze(
  ARRANGEMENTS.flatMap(expand)
    .sort((a, b) => a.date.localeCompare(b.date))
    .map((d) => Object.freeze(d)),
);
