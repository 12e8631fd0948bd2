import { describe, expect, it } from "vitest";
import { WorkCalendar } from "./calendar";
import { ESCALATION_FRACTIONS, ESCALATION_STAGES, ESCALATION_TARGET_LEVEL, escalationSchedule, nextEscalationAt, stagesDue, type EscalationStage } from "./escalation";
import { CN_CALENDAR_2021_2026 } from "./holidays-cn";

const calendar = new WorkCalendar(CN_CALENDAR_2021_2026);
const at = (local: string) => new Date(`${local.replace(" ", "T")}:00+08:00`);
const fired = (...stages: EscalationStage[]): ReadonlySet<EscalationStage> => new Set(stages);

/** Dispatched 2021-09-30 17:00 with a 2-working-day limit: due 2021-10-09 17:00 (make-up Saturday). */
const startedAt = at("2021-09-30 17:00");
const dueAt = calendar.addWorkingTime(startedAt, { value: 2, unit: "days" });
const schedule = escalationSchedule(startedAt, dueAt, calendar);

describe("escalation stages", () => {
  it("climbs from the micro grid (4) to the sub-district (1) at 80 %, 100 %, 150 % and 200 %", () => {
    expect(ESCALATION_STAGES.map((s) => [s, ESCALATION_FRACTIONS[s], ESCALATION_TARGET_LEVEL[s]])).toEqual([
      ["warning", 0.8, 4],
      ["overdue", 1, 3],
      ["council", 1.5, 2],
      ["subdistrict", 2, 1],
    ]);
  });
});

describe("escalationSchedule", () => {
  it("times the four stages of a 2-working-day case dispatched 2021-09-30 17:00 in working time", () => {
    // 16 working hours: 1 h on 09-30, the National Day week off, 8 h on 10-08, 7 h on Saturday 10-09.
    expect(schedule).toEqual([
      { stage: "warning", at: at("2021-10-09 13:48") },
      { stage: "overdue", at: at("2021-10-09 17:00") },
      { stage: "council", at: at("2021-10-11 17:00") }, // Sunday 10-10 is not worked
      { stage: "subdistrict", at: at("2021-10-12 17:00") },
    ]);
  });

  it("moves the later stages when an extension sets a new due time", () => {
    // Due 10-13 17:00 makes 40 working hours: 80 % is 32 h, 150 % and 200 % add 20 h and 40 h after the due time.
    const extended = escalationSchedule(startedAt, at("2021-10-13 17:00"), calendar);
    expect(extended.map((p) => p.at)).toEqual([at("2021-10-12 17:00"), at("2021-10-13 17:00"), at("2021-10-18 12:00"), at("2021-10-20 17:00")]);
  });
});

describe("stagesDue", () => {
  it("returns nothing before the warning", () => {
    expect(stagesDue(schedule, fired(), at("2021-10-09 13:47"))).toEqual([]);
  });

  it("fires a stage exactly at its time", () => {
    expect(stagesDue(schedule, fired(), at("2021-10-09 13:48"))).toEqual(["warning"]);
    expect(stagesDue(schedule, fired("warning"), at("2021-10-09 17:00"))).toEqual(["overdue"]);
  });

  it("does not return a fired stage again after an extension moved its time", () => {
    // Warning fired at 10-09 13:48, then the due time moved to 10-13 17:00: the new warning time
    // (10-12 17:00) passes without a second warning, and the overdue waits for the new due time.
    const extended = escalationSchedule(startedAt, at("2021-10-13 17:00"), calendar);
    expect(stagesDue(extended, fired("warning"), at("2021-10-12 17:30"))).toEqual([]);
    expect(stagesDue(extended, fired("warning"), at("2021-10-13 16:59"))).toEqual([]);
    expect(stagesDue(extended, fired("warning"), at("2021-10-13 17:00"))).toEqual(["overdue"]);
    expect(nextEscalationAt(extended, fired("warning"))).toEqual(at("2021-10-13 17:00"));
  });

  it("catches up after downtime with every missed stage, each once and in order", () => {
    const missed = stagesDue(schedule, fired(), at("2021-10-12 09:00"));
    expect(missed).toEqual(["warning", "overdue", "council"]);
    expect(stagesDue(schedule, fired(...missed), at("2021-10-12 09:00"))).toEqual([]);
  });

  it("has nothing left after the sub-district stage", () => {
    const all = fired(...ESCALATION_STAGES);
    expect(stagesDue(schedule, all, at("2030-01-01 00:00"))).toEqual([]);
    expect(nextEscalationAt(schedule, all)).toBeNull();
  });
});

describe("nextEscalationAt", () => {
  it("gives the earliest stage not yet fired", () => {
    expect(nextEscalationAt(schedule, fired())).toEqual(at("2021-10-09 13:48"));
    expect(nextEscalationAt(schedule, fired("warning", "overdue"))).toEqual(at("2021-10-11 17:00"));
  });

  it("still gives an earlier stage that was skipped while a later one fired", () => {
    expect(nextEscalationAt(schedule, fired("overdue"))).toEqual(at("2021-10-09 13:48"));
  });
});
