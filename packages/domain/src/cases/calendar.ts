import type { TimeLimit } from "./types";

/** One day the State Council's holiday notice changes: a day off, or a make-up working day. */
export interface CalendarDay {
  /** Local date in Shanghai, `YYYY-MM-DD`. */
  date: string;
  /** `holiday`: a day off (any day inside a holiday period); `workday`: 调休上班 on a weekend. */
  kind: "holiday" | "workday";
  /** The holiday it belongs to, e.g. 国庆节 or 国庆节调休. */
  name: string;
}

/** One stretch of working hours in a working day, `HH:MM` local time, end exclusive. */
export interface WorkPeriod {
  start: string;
  end: string;
}

/** 09:00–12:00 and 13:00–18:00: eight working hours with a lunch break. */
export const DEFAULT_WORK_HOURS: readonly WorkPeriod[] = [
  { start: "09:00", end: "12:00" },
  { start: "13:00", end: "18:00" },
];

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
/** Asia/Shanghai is UTC+08:00 all year (no daylight saving since 1991). */
const SHANGHAI_OFFSET_MS = 8 * 3_600_000;
/** Day number (days since 1970-01-01) of Monday 1970-01-05, the anchor for weekday arithmetic. */
const A_MONDAY = 4;

interface DayPeriod {
  /** Start and end as milliseconds after local midnight. */
  startMs: number;
  endMs: number;
  /** Working milliseconds of the day before this period starts. */
  beforeMs: number;
}

/**
 * Working time over a holiday calendar, in Asia/Shanghai wall-clock time. A date is a working
 * day if it is listed as `workday`, else not if listed as `holiday`, else when it is Mon–Fri.
 *
 * Internally every instant maps to a position on a "working clock" (working milliseconds since
 * an arbitrary origin), computed arithmetically: whole weeks, then the sparse listed days by
 * binary search. No loop walks days or minutes, so a call costs the same for an hour or a year.
 */
export class WorkCalendar {
  readonly #periods: readonly DayPeriod[];
  readonly #dayMs: number;
  /** Listed dates (day numbers) → whether they are working days. */
  readonly #listed: ReadonlyMap<number, boolean>;
  /** Sorted day numbers where the listing changes the Mon–Fri count, and the running total of those changes. */
  readonly #shiftDays: readonly number[];
  readonly #shiftPrefix: readonly number[];

  /** Builds a calendar from listed days and the daily working periods (sorted, non-overlapping). */
  constructor(days: Iterable<CalendarDay>, hours: readonly WorkPeriod[] = DEFAULT_WORK_HOURS) {
    this.#periods = toDayPeriods(hours);
    this.#dayMs = this.#periods.reduce((sum, p) => sum + (p.endMs - p.startMs), 0);
    if (this.#dayMs === 0) throw new RangeError("a working day needs at least one working period");
    this.#listed = toListing(days);
    const shifts = [...this.#listed]
      .map(([day, working]) => ({ day, shift: Number(working) - Number(isWeekday(day)) }))
      .filter((s) => s.shift !== 0)
      .sort((a, b) => a.day - b.day);
    this.#shiftDays = shifts.map((s) => s.day);
    let total = 0;
    this.#shiftPrefix = [0, ...shifts.map((s) => (total += s.shift))];
  }

  /** True when the local date (`YYYY-MM-DD`) is a working day. */
  isWorkingDay(date: string): boolean {
    return this.#isWorkingDayNumber(parseDate(date));
  }

  /** Working minutes in one working day (480 with the default hours). */
  minutesPerDay(): number {
    return this.#dayMs / MS_PER_MINUTE;
  }

  /** Working minutes a time limit stands for: hours × 60, or days × minutesPerDay. */
  minutesOf(limit: TimeLimit): number {
    if (!Number.isFinite(limit.value) || limit.value < 0) throw new RangeError(`invalid time limit ${limit.value}`);
    return limit.unit === "hours" ? limit.value * 60 : limit.value * this.minutesPerDay();
  }

  /**
   * The instant `limit` of working time after `start`. A start outside working time counts from
   * the next working period. `days` means N × minutesPerDay working minutes, i.e. the same time
   * of day N working days later when starting inside working hours. A result exactly at the end
   * of a period stays there (18:00, not the next 09:00), so a start at exactly 09:00 (or from
   * outside working hours) with N days ends at 18:00 of the Nth working day. A zero limit
   * returns `start`.
   */
  addWorkingTime(start: Date, limit: TimeLimit): Date {
    return new Date(this.#addMs(instant(start), Math.round(this.minutesOf(limit) * MS_PER_MINUTE)));
  }

  /**
   * Working minutes from `a` to `b` (0 when `b` ≤ `a`); the inverse of `addWorkingTime`:
   * `workingMinutesBetween(s, addWorkingTime(s, L)) === minutesOf(L)`.
   */
  workingMinutesBetween(a: Date, b: Date): number {
    const from = instant(a);
    const to = instant(b);
    if (to <= from) return 0;
    return (this.#position(to) - this.#position(from)) / MS_PER_MINUTE;
  }

  /**
   * The instant at `fraction` of the working time from `start` to `due` (0.8 for the warning,
   * 1.5 and 2 for escalations). Up to 1 it is measured from `start`; past 1 the extra is added
   * to `due` itself, so fraction 1 is exactly `due` even when `due` lies outside working hours.
   */
  addWorkingFraction(start: Date, due: Date, fraction: number): Date {
    if (!Number.isFinite(fraction) || fraction < 0) throw new RangeError(`invalid fraction ${fraction}`);
    const from = instant(start);
    const to = instant(due);
    const totalMs = to > from ? this.#position(to) - this.#position(from) : 0;
    if (fraction < 1) return new Date(this.#addMs(from, Math.round(totalMs * fraction)));
    return new Date(this.#addMs(to, Math.round(totalMs * (fraction - 1))));
  }

  /** The earliest instant `ms` working milliseconds after `from`. */
  #addMs(from: number, ms: number): number {
    if (ms <= 0) return from;
    return this.#instantAt(this.#position(from) + ms);
  }

  /** Working milliseconds from the origin to the instant. */
  #position(ms: number): number {
    const local = ms + SHANGHAI_OFFSET_MS;
    const day = Math.floor(local / MS_PER_DAY);
    const before = this.#workingDaysBefore(day) * this.#dayMs;
    return this.#isWorkingDayNumber(day) ? before + this.#workedBy(local - day * MS_PER_DAY) : before;
  }

  /** The earliest instant at a working-clock position, so a period's end is kept, not the next start. */
  #instantAt(position: number): number {
    let index = Math.floor(position / this.#dayMs);
    let into = position - index * this.#dayMs;
    if (into === 0) {
      index -= 1;
      into = this.#dayMs;
    }
    return this.#workingDayAt(index) * MS_PER_DAY + this.#timeOfDayAfter(into) - SHANGHAI_OFFSET_MS;
  }

  /** Working milliseconds of a working day that have passed at a local time of day. */
  #workedBy(msOfDay: number): number {
    let worked = 0;
    for (const p of this.#periods) worked += Math.min(Math.max(msOfDay - p.startMs, 0), p.endMs - p.startMs);
    return worked;
  }

  /** The local time of day at which `into` (0 < into ≤ day length) working milliseconds have passed. */
  #timeOfDayAfter(into: number): number {
    const period = this.#periods.find((p) => p.beforeMs + (p.endMs - p.startMs) >= into)!;
    return period.startMs + (into - period.beforeMs);
  }

  #isWorkingDayNumber(day: number): boolean {
    return this.#listed.get(day) ?? isWeekday(day);
  }

  /** Working days strictly before `day`, counted from an arbitrary origin (may be negative). */
  #workingDaysBefore(day: number): number {
    return weekdaysBefore(day) + this.#shiftPrefix[lowerBound(this.#shiftDays, day)]!;
  }

  /** The working day with `index` working days before it. */
  #workingDayAt(index: number): number {
    const weeks = Math.floor(index / 5);
    const guess = A_MONDAY + weeks * 7 + (index - weeks * 5);
    if (this.#isWorkingDayNumber(guess) && this.#workingDaysBefore(guess) === index) return guess;
    // The listed days moved it: bracket the answer, then bisect on the monotone count.
    const isAtOrAfter = (day: number) => this.#workingDaysBefore(day + 1) > index;
    let lo = guess;
    let hi = guess;
    for (let step = 8; isAtOrAfter(lo); step *= 2) lo -= step;
    for (let step = 8; !isAtOrAfter(hi); step *= 2) hi += step;
    while (hi - lo > 1) {
      const mid = Math.floor((lo + hi) / 2);
      if (isAtOrAfter(mid)) hi = mid;
      else lo = mid;
    }
    return hi;
  }
}

/** Mon–Fri days strictly before `day`, counted from Monday 1970-01-05 (negative before it). */
function weekdaysBefore(day: number): number {
  const n = day - A_MONDAY;
  const weeks = Math.floor(n / 7);
  return weeks * 5 + Math.min(n - weeks * 7, 5);
}

function isWeekday(day: number): boolean {
  return (((day - A_MONDAY) % 7) + 7) % 7 < 5;
}

/** Index of the first element ≥ value in a sorted array. */
function lowerBound(sorted: readonly number[], value: number): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid]! < value) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

function instant(date: Date): number {
  const ms = date.getTime();
  if (Number.isNaN(ms)) throw new RangeError("invalid date");
  return ms;
}

/** Day number (days since 1970-01-01) of a `YYYY-MM-DD` date. */
function parseDate(date: string): number {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(date);
  if (match) {
    const ms = Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3]));
    if (new Date(ms).toISOString().slice(0, 10) === date) return ms / MS_PER_DAY;
  }
  throw new RangeError(`invalid date ${date}, expected YYYY-MM-DD`);
}

/** Minutes after midnight of `HH:MM` (24:00 allowed as an end). */
function parseTime(time: string): number {
  const match = /^(\d{2}):(\d{2})$/.exec(time);
  const minutes = match ? Number(match[1]) * 60 + Number(match[2]) : NaN;
  if (!match || Number(match[2]) > 59 || minutes > 24 * 60) throw new RangeError(`invalid time ${time}, expected HH:MM`);
  return minutes;
}

function toDayPeriods(hours: readonly WorkPeriod[]): DayPeriod[] {
  const spans = hours
    .map((h) => ({ startMs: parseTime(h.start) * MS_PER_MINUTE, endMs: parseTime(h.end) * MS_PER_MINUTE }))
    .sort((a, b) => a.startMs - b.startMs);
  let beforeMs = 0;
  let lastEnd = 0;
  return spans.map((s) => {
    if (s.endMs <= s.startMs) throw new RangeError("a working period must end after it starts");
    if (s.startMs < lastEnd) throw new RangeError("working periods must not overlap");
    const period = { ...s, beforeMs };
    beforeMs += s.endMs - s.startMs;
    lastEnd = s.endMs;
    return period;
  });
}

/** Day number → working day; a date listed as both kinds is a working day (调休 wins). */
function toListing(days: Iterable<CalendarDay>): Map<number, boolean> {
  const listed = new Map<number, boolean>();
  for (const d of days) {
    const day = parseDate(d.date);
    listed.set(day, listed.get(day) === true || d.kind === "workday");
  }
  return listed;
}
