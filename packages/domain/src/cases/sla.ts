import type { CaseState } from "./types";

/** States in which the handling clock runs (派遣 until 反馈, a pending return included). */
export const RUNNING_STATES = ["dispatched", "acknowledged", "in_progress", "return_requested"] as const satisfies readonly CaseState[];

/** True while the handling clock of a case in `state` runs. */
export function isRunning(state: string): boolean {
  return (RUNNING_STATES as readonly string[]).includes(state);
}

/**
 * The SLA colour of a case at `now`: `overdue` (red) from the handling due time, `warning` (amber)
 * from the 80 % warning time, `normal` (green) before, and `none` when the clock is not running.
 */
export type SlaStatus = "none" | "normal" | "warning" | "overdue";

/** The SLA colour of a case at `now` (see SlaStatus). */
export function slaStatus(c: { state: string; handleDueAt: Date | null; warnAt: Date | null }, now: Date): SlaStatus {
  if (!isRunning(c.state) || !c.handleDueAt) return "none";
  if (c.handleDueAt <= now) return "overdue";
  if (c.warnAt && c.warnAt <= now) return "warning";
  return "normal";
}
