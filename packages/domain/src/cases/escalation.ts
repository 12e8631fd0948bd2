import type { WorkCalendar } from "./calendar";

/**
 * How a running case climbs the four-level grid as its time limit is used up, in working time:
 * - `warning` at 80 % of the limit: notify the handler and the micro grid (level 4);
 * - `overdue` at 100 %: mark the case overdue and send a 督办 notice to the head of the
 *   autonomous grid (level 3);
 * - `council` at 150 %: escalate to the disposal-grid council (level 2);
 * - `subdistrict` at 200 %: escalate to the sub-district (level 1). Nothing follows it.
 */
export const ESCALATION_STAGES = ["warning", "overdue", "council", "subdistrict"] as const;
export type EscalationStage = (typeof ESCALATION_STAGES)[number];

/** The share of the working time from dispatch to due at which each stage fires. */
export const ESCALATION_FRACTIONS: Record<EscalationStage, number> = {
  warning: 0.8,
  overdue: 1,
  council: 1.5,
  subdistrict: 2,
};

/** The grid level each stage goes to (1 = sub-district … 4 = micro grid). */
export const ESCALATION_TARGET_LEVEL: Record<EscalationStage, 1 | 2 | 3 | 4> = {
  warning: 4,
  overdue: 3,
  council: 2,
  subdistrict: 1,
};

/** When one stage fires. */
export interface EscalationPoint {
  stage: EscalationStage;
  at: Date;
}

/**
 * The time of every stage for a clock started at `startedAt` and due at `dueAt`, in stage order.
 * Times follow working time, so a stage never lands in a night, weekend or holiday. After an
 * extension, compute it again with the new `dueAt`.
 */
export function escalationSchedule(startedAt: Date, dueAt: Date, calendar: WorkCalendar): EscalationPoint[] {
  return ESCALATION_STAGES.map((stage) => ({ stage, at: calendar.addWorkingFraction(startedAt, dueAt, ESCALATION_FRACTIONS[stage]) }));
}

/**
 * The stages whose time has come by `now` and that have not fired yet, in stage order. After a
 * stopped clock or downtime every missed stage comes back at once, each exactly once.
 */
export function stagesDue(schedule: readonly EscalationPoint[], fired: ReadonlySet<EscalationStage>, now: Date): EscalationStage[] {
  return schedule.filter((p) => !fired.has(p.stage) && p.at.getTime() <= now.getTime()).map((p) => p.stage);
}

/** The earliest time of a stage not yet fired, or null when every stage has fired. */
export function nextEscalationAt(schedule: readonly EscalationPoint[], fired: ReadonlySet<EscalationStage>): Date | null {
  const pending = schedule.filter((p) => !fired.has(p.stage)).map((p) => p.at.getTime());
  return pending.length === 0 ? null : new Date(Math.min(...pending));
}
