import { describe, expect, it } from "vitest";
import { createRng } from "../geo/random";
import { DEFAULT_WORK_HOURS, WorkCalendar, type CalendarDay } from "./calendar";
import { CN_CALENDAR_2021_2026 } from "./holidays-cn";
import type { TimeLimit } from "./types";

const calendar = new WorkCalendar(CN_CALENDAR_2021_2026);
/** A Shanghai wall-clock time, e.g. `at("2021-09-30 17:00")`. */
const at = (local: string) => new Date(`${local.replace(" ", "T")}:00+08:00`);
const hours = (value: number): TimeLimit => ({ value, unit: "hours" });
const days = (value: number): TimeLimit => ({ value, unit: "days" });
const SHANGHAI_MS = 8 * 3_600_000;
const DAY_MS = 86_400_000;
const localDate = (ms: number) => new Date(ms + SHANGHAI_MS).toISOString().slice(0, 10);

describe("WorkCalendar.addWorkingTime", () => {
  it("gives a case dispatched 2021-09-30 17:00 with 2 working days the due time 2021-10-09 17:00 (make-up Saturday)", () => {
    expect(calendar.addWorkingTime(at("2021-09-30 17:00"), days(2))).toEqual(at("2021-10-09 17:00"));
  });

  it("carries 4 working hours from Friday 16:00 over the weekend to Monday 11:00", () => {
    expect(calendar.addWorkingTime(at("2021-11-05 16:00"), hours(4))).toEqual(at("2021-11-08 11:00"));
  });

  it("starts the clock of a case reported on Sunday night at Monday 09:00", () => {
    expect(calendar.addWorkingTime(at("2021-11-07 22:30"), hours(1))).toEqual(at("2021-11-08 10:00"));
  });

  it("starts the clock of a case reported before 09:00 at 09:00 the same day", () => {
    expect(calendar.addWorkingTime(at("2021-11-08 06:15"), hours(2))).toEqual(at("2021-11-08 11:00"));
  });

  it("skips the lunch break", () => {
    expect(calendar.addWorkingTime(at("2021-11-08 11:00"), hours(2))).toEqual(at("2021-11-08 14:00"));
    expect(calendar.addWorkingTime(at("2021-11-08 12:20"), hours(1))).toEqual(at("2021-11-08 14:00"));
  });

  it("skips a holiday that falls on a weekday (端午节 Monday 2021-06-14)", () => {
    expect(calendar.addWorkingTime(at("2021-06-11 17:00"), hours(2))).toEqual(at("2021-06-15 10:00"));
  });

  it("counts a make-up Saturday as a working day (2021-09-18)", () => {
    expect(calendar.addWorkingTime(at("2021-09-17 17:00"), hours(2))).toEqual(at("2021-09-18 10:00"));
  });

  it("ends a limit started exactly at 09:00 at 18:00, the same working instant as the next 09:00", () => {
    expect(calendar.addWorkingTime(at("2021-11-08 09:00"), days(2))).toEqual(at("2021-11-09 18:00"));
    expect(calendar.addWorkingTime(at("2021-11-07 20:00"), days(1))).toEqual(at("2021-11-08 18:00"));
  });

  it("stops at the end of a period instead of jumping to the next one", () => {
    expect(calendar.addWorkingTime(at("2021-11-05 17:00"), hours(1))).toEqual(at("2021-11-05 18:00"));
    expect(calendar.addWorkingTime(at("2021-11-08 11:00"), hours(1))).toEqual(at("2021-11-08 12:00"));
    expect(calendar.addWorkingTime(at("2021-11-08 09:00"), days(1))).toEqual(at("2021-11-08 18:00"));
  });

  it("reads N working days as the same time of day N working days later", () => {
    expect(calendar.addWorkingTime(at("2021-11-09 10:30"), days(1))).toEqual(at("2021-11-10 10:30"));
    expect(calendar.addWorkingTime(at("2021-11-09 10:30"), days(5))).toEqual(at("2021-11-16 10:30"));
  });

  it("spans the 2026 Spring Festival: 2 working days from Friday 2026-02-13 17:00 are due Tuesday 2026-02-24 17:00", () => {
    // 1 h on the 13th, 8 h on make-up Saturday the 14th, 02-15..02-23 off, 7 h on the 24th.
    expect(calendar.addWorkingTime(at("2026-02-13 17:00"), days(2))).toEqual(at("2026-02-24 17:00"));
    expect(calendar.addWorkingTime(at("2026-02-23 12:00"), hours(1))).toEqual(at("2026-02-24 10:00"));
  });

  it("returns the start itself for a zero limit", () => {
    expect(calendar.addWorkingTime(at("2021-11-07 22:30"), hours(0))).toEqual(at("2021-11-07 22:30"));
  });

  it("refuses a negative limit and an invalid start", () => {
    expect(() => calendar.addWorkingTime(at("2021-11-08 10:00"), hours(-1))).toThrow(RangeError);
    expect(() => calendar.addWorkingTime(new Date(Number.NaN), hours(1))).toThrow(RangeError);
  });

  it("handles a long limit across a whole year of holidays", () => {
    // 2024 has 251 working days: 250 after its first (01-02) lead to its last (12-31).
    const due = calendar.addWorkingTime(at("2024-01-02 10:00"), days(250));
    expect(due).toEqual(at("2024-12-31 10:00"));
    expect(calendar.workingMinutesBetween(at("2024-01-02 10:00"), due)).toBe(250 * 480);
  });
});

describe("WorkCalendar.workingMinutesBetween", () => {
  it("counts only working minutes", () => {
    expect(calendar.workingMinutesBetween(at("2021-11-05 16:00"), at("2021-11-08 11:00"))).toBe(240);
    expect(calendar.workingMinutesBetween(at("2021-11-08 11:30"), at("2021-11-08 13:30"))).toBe(60);
  });

  it("gives 0 when the end is not after the start", () => {
    expect(calendar.workingMinutesBetween(at("2021-11-08 11:00"), at("2021-11-08 10:00"))).toBe(0);
    expect(calendar.workingMinutesBetween(at("2021-11-08 11:00"), at("2021-11-08 11:00"))).toBe(0);
  });

  it("gives 0 over a stretch with no working time (the 2021 National Day week)", () => {
    expect(calendar.workingMinutesBetween(at("2021-09-30 18:00"), at("2021-10-08 09:00"))).toBe(0);
  });

  it("is the inverse of addWorkingTime for thousands of random starts and limits (seeded)", () => {
    const rng = createRng(20_210_930);
    const from = at("2021-01-01 00:00").getTime();
    const span = at("2026-11-30 00:00").getTime() - from;
    for (let i = 0; i < 5000; i++) {
      const start = new Date(from + Math.floor(rng() * span));
      const limit: TimeLimit = rng() < 0.5 ? hours(1 + Math.floor(rng() * 72)) : days(1 + Math.floor(rng() * 20));
      const due = calendar.addWorkingTime(start, limit);
      expect(due.getTime()).toBeGreaterThan(start.getTime());
      expect(calendar.workingMinutesBetween(start, due)).toBe(calendar.minutesOf(limit));
    }
  });

  it("agrees with a minute-by-minute walk on random starts (seeded)", () => {
    const rng = createRng(7);
    const from = at("2021-01-01 00:00").getTime();
    const span = at("2026-12-20 00:00").getTime() - from;
    for (let i = 0; i < 1000; i++) {
      const start = new Date(from + Math.floor(rng() * (span / 60_000)) * 60_000);
      const minutes = 1 + Math.floor(rng() * 2400);
      expect(calendar.addWorkingTime(start, hours(minutes / 60))).toEqual(walkMinutes(calendar, start, minutes));
    }
  });
});

/** Reference model: consume working minutes one by one (only for checking, far too slow for use). */
function walkMinutes(cal: WorkCalendar, start: Date, minutes: number): Date {
  const periods = DEFAULT_WORK_HOURS.map((p) => [toMinutes(p.start), toMinutes(p.end)] as const);
  let t = start.getTime();
  let left = minutes;
  while (left > 0) {
    const minuteOfDay = Math.floor(((t + SHANGHAI_MS) % DAY_MS) / 60_000);
    if (!cal.isWorkingDay(localDate(t))) {
      t += (24 * 60 - minuteOfDay) * 60_000; // start is on a whole minute, so this lands on midnight
      continue;
    }
    for (let m = minuteOfDay; m < 24 * 60 && left > 0; m++, t += 60_000) {
      if (periods.some(([s, e]) => m >= s && m < e)) left -= 1;
    }
  }
  return new Date(t);
}

function toMinutes(hhmm: string): number {
  const [h, m] = hhmm.split(":").map(Number);
  return h! * 60 + m!;
}

describe("WorkCalendar.addWorkingFraction", () => {
  const start = at("2021-09-30 17:00");
  const due = at("2021-10-09 17:00");

  it("puts 80 % of a 2-working-day limit at 2021-10-09 13:48", () => {
    expect(calendar.addWorkingFraction(start, due, 0.8)).toEqual(at("2021-10-09 13:48"));
  });

  it("puts 100 % exactly at the due time, even when the due time is outside working hours", () => {
    expect(calendar.addWorkingFraction(start, due, 1)).toEqual(due);
    const eveningDue = at("2021-10-11 21:00");
    expect(calendar.addWorkingFraction(start, eveningDue, 1)).toEqual(eveningDue);
  });

  it("goes past the due time in working time for fractions above 1", () => {
    expect(calendar.addWorkingFraction(start, due, 1.5)).toEqual(at("2021-10-11 17:00"));
    expect(calendar.addWorkingFraction(start, due, 2)).toEqual(at("2021-10-12 17:00"));
  });

  it("returns the start for fraction 0 and refuses a negative fraction", () => {
    expect(calendar.addWorkingFraction(start, due, 0)).toEqual(start);
    expect(() => calendar.addWorkingFraction(start, due, -0.1)).toThrow(RangeError);
  });
});

describe("WorkCalendar days and hours", () => {
  it("has 8 working hours a day by default", () => {
    expect(calendar.minutesPerDay()).toBe(480);
  });

  it("takes custom working periods in any order", () => {
    const shifts = new WorkCalendar([], [
      { start: "14:00", end: "20:00" },
      { start: "08:00", end: "12:00" },
    ]);
    expect(shifts.minutesPerDay()).toBe(600);
    expect(shifts.addWorkingTime(at("2021-11-08 11:00"), hours(2))).toEqual(at("2021-11-08 15:00"));
  });

  it("refuses overlapping, empty or malformed working periods", () => {
    expect(() => new WorkCalendar([], [{ start: "09:00", end: "12:00" }, { start: "11:00", end: "13:00" }])).toThrow(RangeError);
    expect(() => new WorkCalendar([], [{ start: "12:00", end: "09:00" }])).toThrow(RangeError);
    expect(() => new WorkCalendar([], [])).toThrow(RangeError);
    expect(() => new WorkCalendar([], [{ start: "9:00", end: "12:00" }])).toThrow(RangeError);
  });

  it("treats Mon–Fri as working days when nothing is listed", () => {
    const plain = new WorkCalendar([]);
    expect(plain.isWorkingDay("2021-10-01")).toBe(true);
    expect(plain.isWorkingDay("2021-10-09")).toBe(false);
  });

  it("follows the listing: a weekday holiday is off, a make-up weekend day is on", () => {
    expect(calendar.isWorkingDay("2021-10-01")).toBe(false);
    expect(calendar.isWorkingDay("2021-10-08")).toBe(true);
    expect(calendar.isWorkingDay("2021-10-09")).toBe(true);
    expect(calendar.isWorkingDay("2021-10-10")).toBe(false);
  });

  it("lets a date listed as both kinds be a working day", () => {
    const both: CalendarDay[] = [
      { date: "2021-11-13", kind: "holiday", name: "x" },
      { date: "2021-11-13", kind: "workday", name: "x调休" },
    ];
    expect(new WorkCalendar(both).isWorkingDay("2021-11-13")).toBe(true);
  });

  it("refuses a malformed or impossible date", () => {
    expect(() => calendar.isWorkingDay("2021-02-30")).toThrow(RangeError);
    expect(() => new WorkCalendar([{ date: "2021/10/01", kind: "holiday", name: "国庆节" }])).toThrow(RangeError);
  });
});

describe("CN_CALENDAR_2021_2026", () => {
  const byDate = new Map(CN_CALENDAR_2021_2026.map((d) => [d.date, d]));
  const weekday = (date: string) => new Date(`${date}T00:00:00Z`).getUTCDay();

  it("lists each date once, in date order", () => {
    const dates = CN_CALENDAR_2021_2026.map((d) => d.date);
    expect(new Set(dates).size).toBe(dates.length);
    expect([...dates].sort()).toEqual(dates);
  });

  it("puts make-up working days only on weekends", () => {
    const workdays = CN_CALENDAR_2021_2026.filter((d) => d.kind === "workday");
    expect(workdays.every((d) => weekday(d.date) === 0 || weekday(d.date) === 6)).toBe(true);
    expect(workdays.every((d) => d.name.endsWith("调休"))).toBe(true);
  });

  it("covers 2021 to 2026 with a National Day holiday every year", () => {
    for (const year of [2021, 2022, 2023, 2024, 2025, 2026]) expect(byDate.get(`${year}-10-01`)?.kind).toBe("holiday");
  });

  it("has 2021 国庆节 10-01..10-07 off with 09-26 and 10-09 worked", () => {
    for (let d = 1; d <= 7; d++) expect(byDate.get(`2021-10-0${d}`)).toMatchObject({ kind: "holiday", name: "国庆节" });
    expect(byDate.get("2021-09-26")).toEqual({ date: "2021-09-26", kind: "workday", name: "国庆节调休" });
    expect(byDate.get("2021-10-09")).toEqual({ date: "2021-10-09", kind: "workday", name: "国庆节调休" });
  });

  it("has 2021 中秋节 09-19..09-21 off with 09-18 worked", () => {
    expect(["2021-09-19", "2021-09-20", "2021-09-21"].map((d) => byDate.get(d)?.kind)).toEqual(["holiday", "holiday", "holiday"]);
    expect(byDate.get("2021-09-18")?.kind).toBe("workday");
  });

  it("has the 2026 春节 02-15..02-23 off with 02-14 and 02-28 worked", () => {
    const off = CN_CALENDAR_2021_2026.filter((d) => d.name === "春节" && d.date.startsWith("2026-")).map((d) => d.date);
    expect(off).toEqual(["2026-02-15", "2026-02-16", "2026-02-17", "2026-02-18", "2026-02-19", "2026-02-20", "2026-02-21", "2026-02-22", "2026-02-23"]);
    expect(calendar.isWorkingDay("2026-02-14")).toBe(true);
    expect(calendar.isWorkingDay("2026-02-28")).toBe(true);
  });

  it("gives each year its number of working days (Mon–Fri, minus weekday holidays, plus make-up days)", () => {
    const expected: Record<number, number> = { 2021: 250, 2022: 249, 2023: 249, 2024: 251, 2025: 248, 2026: 248 };
    for (const [year, count] of Object.entries(expected)) {
      expect(calendar.workingMinutesBetween(at(`${year}-01-01 00:00`), at(`${Number(year) + 1}-01-01 00:00`)) / 480, year).toBe(count);
    }
  });
});
