import { describe, expect, it } from "vitest";
import { evaluationSetsOf, isOverdueAt, shanghaiDay, type EvaluationColumns } from "./evaluation-sets";

const AT = new Date("2026-12-01T09:00:00+08:00");
const LATER = new Date("2026-12-01T12:00:00+08:00");

/** A case just reported: in 上报数 and 有效上报数 only. */
function reported(overrides: Partial<EvaluationColumns> = {}): EvaluationColumns {
  return {
    mergedIntoId: null,
    filedAt: null,
    dispatchedAt: null,
    selfResolved: false,
    handledOnTime: null,
    closedAt: null,
    closedOnTime: null,
    reworkCount: 0,
    extensionCount: 0,
    satisfaction: null,
    handlingMinutes: null,
    handleDueAt: null,
    overdueMarked: false,
    ...overrides,
  };
}

/** The names of the sets a case is in. */
const setsOf = (c: EvaluationColumns) =>
  Object.entries(evaluationSetsOf(c))
    .filter(([k, v]) => k !== "minutes" && v === 1)
    .map(([k]) => k);

describe("evaluation sets of a case", () => {
  it("counts a new report as reported and valid only", () => {
    expect(setsOf(reported())).toEqual(["reported", "valid"]);
    expect(evaluationSetsOf(reported()).minutes).toBe(0);
  });

  it("leaves a filed case merged into another out of 有效上报数 and 立案数", () => {
    expect(setsOf(reported({ filedAt: AT, mergedIntoId: "main" }))).toEqual(["reported"]);
  });

  it("counts a case handled late, closed on time and rated basically satisfied", () => {
    const c = reported({ filedAt: AT, dispatchedAt: AT, handleDueAt: AT, handledOnTime: false, closedAt: LATER, closedOnTime: true, handlingMinutes: 90, satisfaction: "basically_satisfied" });
    expect(setsOf(c)).toEqual(["reported", "valid", "filed", "dueHandling", "closed", "closedOnTime", "handled", "rated", "satisfied", "timed", "handledLate"]);
    expect(evaluationSetsOf(c).minutes).toBe(90);
  });

  it("keeps a reopened case handled on time (the first round decides) but not closed", () => {
    const c = reported({ filedAt: AT, dispatchedAt: AT, handleDueAt: LATER, handledOnTime: true, closedOnTime: true, reworkCount: 1, extensionCount: 1, handlingMinutes: 30 });
    expect(setsOf(c)).toEqual(["reported", "valid", "filed", "dueHandling", "handledOnTime", "closedOnTime", "handled", "reworked", "extended", "timed"]);
  });

  it("leaves an on-the-spot resolution out of the timed cases and counts a dissatisfied rating as rated only", () => {
    const c = reported({ filedAt: AT, selfResolved: true, handledOnTime: true, closedAt: AT, closedOnTime: true, handlingMinutes: 0, satisfaction: "dissatisfied" });
    expect(setsOf(c)).toEqual(["reported", "valid", "filed", "dueHandling", "handledOnTime", "closed", "closedOnTime", "handled", "rated"]);
    expect(evaluationSetsOf(c).minutes).toBe(0);
  });

  it("counts a running case marked overdue by the clock until it is handled", () => {
    const running = reported({ filedAt: AT, dispatchedAt: AT, handleDueAt: LATER, overdueMarked: true });
    expect(evaluationSetsOf(running).overdueMarked).toBe(1);
    expect(evaluationSetsOf({ ...running, handledOnTime: false }).overdueMarked).toBe(0);
    // A return clears the due time: nothing runs, nothing is overdue.
    expect(evaluationSetsOf({ ...running, handleDueAt: null }).overdueMarked).toBe(0);
  });
});

describe("overdue at a time", () => {
  it("is first handled late, or not handled yet and past the due time", () => {
    expect(isOverdueAt({ handledOnTime: false, handleDueAt: LATER }, AT)).toBe(true);
    expect(isOverdueAt({ handledOnTime: true, handleDueAt: AT }, LATER)).toBe(false);
    expect(isOverdueAt({ handledOnTime: null, handleDueAt: AT }, LATER)).toBe(true);
    // Exactly at the due time is not late yet.
    expect(isOverdueAt({ handledOnTime: null, handleDueAt: AT }, AT)).toBe(false);
    expect(isOverdueAt({ handledOnTime: null, handleDueAt: null }, LATER)).toBe(false);
  });
});

describe("the Shanghai day of an instant", () => {
  it("turns at midnight UTC+8", () => {
    expect(shanghaiDay(new Date("2026-11-30T15:59:59Z"))).toBe("2026-11-30");
    expect(shanghaiDay(new Date("2026-11-30T16:00:00Z"))).toBe("2026-12-01");
  });
});
