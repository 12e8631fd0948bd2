/**
 * The case sets of 考核评价 as a pure function of one case's columns (docs/evaluation.md). The API
 * keeps the same sets as SQL over `cases` (`caseSets` in evaluation.repository.ts, which the
 * drill-down lists); the rollups add each step's change of these sets to their counts, and a
 * property test checks that both definitions agree.
 */

/** The columns of a case the sets read (the projection of its events). */
export interface EvaluationColumns {
  mergedIntoId: string | null;
  filedAt: Date | null;
  dispatchedAt: Date | null;
  selfResolved: boolean;
  handledOnTime: boolean | null;
  closedAt: Date | null;
  closedOnTime: boolean | null;
  reworkCount: number;
  extensionCount: number;
  satisfaction: string | null;
  handlingMinutes: number | null;
  handleDueAt: Date | null;
  /** Set by the clock when it marks the case overdue (100 % of its limit); never cleared. */
  overdueMarked: boolean;
}

/**
 * The sets a case belongs to whatever the time: the indicators' numerators and denominators, plus
 * the two parts of 超期数 that do not move with the clock — `handledLate` (first handled after its
 * due time) and `overdueMarked` (not handled yet, with a due time, marked overdue by the clock).
 * The rest of 超期数 ("not handled yet and past its due time now") is counted at read time.
 */
export const EVALUATION_SETS = [
  "reported",
  "valid",
  "filed",
  "dueHandling",
  "handledOnTime",
  "closed",
  "closedOnTime",
  "handled",
  "reworked",
  "extended",
  "rated",
  "satisfied",
  "timed",
  "handledLate",
  "overdueMarked",
] as const;
export type EvaluationSet = (typeof EVALUATION_SETS)[number];

/** Membership of one case in each set (0 or 1), and the working minutes it adds to 平均处置时长. */
export type EvaluationMembership = Record<EvaluationSet, 0 | 1> & { minutes: number };

const SATISFIED = new Set(["satisfied", "basically_satisfied"]);
const bit = (b: boolean): 0 | 1 => (b ? 1 : 0);

/** The sets one case belongs to, from its columns (the same rules as the SQL in `caseSets`). */
export function evaluationSetsOf(c: EvaluationColumns): EvaluationMembership {
  const valid = c.mergedIntoId === null;
  const timed = c.handlingMinutes !== null && !c.selfResolved;
  return {
    reported: 1,
    valid: bit(valid),
    // A case filed and then merged into another is not counted as 立案: the main case carries the work.
    filed: bit(c.filedAt !== null && valid),
    dueHandling: bit(c.dispatchedAt !== null || c.selfResolved),
    handledOnTime: bit(c.handledOnTime === true),
    closed: bit(c.closedAt !== null),
    closedOnTime: bit(c.closedOnTime === true),
    // handled_on_time is set on the first handling and never cleared, so a reworked case stays handled.
    handled: bit(c.handledOnTime !== null),
    reworked: bit(c.reworkCount > 0),
    extended: bit(c.extensionCount > 0),
    rated: bit(c.satisfaction !== null),
    satisfied: bit(c.satisfaction !== null && SATISFIED.has(c.satisfaction)),
    timed: bit(timed),
    handledLate: bit(c.handledOnTime === false),
    overdueMarked: bit(c.handledOnTime === null && c.handleDueAt !== null && c.overdueMarked),
    minutes: timed ? c.handlingMinutes! : 0,
  };
}

/** 超期数 at `now`: first handled late, or not handled yet and past its due time. */
export function isOverdueAt(c: Pick<EvaluationColumns, "handledOnTime" | "handleDueAt">, now: Date): boolean {
  return c.handledOnTime === false || (c.handledOnTime === null && c.handleDueAt !== null && c.handleDueAt.getTime() < now.getTime());
}

/** The day of an instant in Asia/Shanghai (UTC+8, no daylight saving), `YYYY-MM-DD`: the day bucket of a report. */
export function shanghaiDay(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}
