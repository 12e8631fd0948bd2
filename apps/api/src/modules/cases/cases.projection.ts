import type { TCaseAction, TSatisfaction } from "@caihong/contracts";
import { escalationSchedule, nextEscalationAt, type CaseSnapshot, type CaseState, type EscalationStage, type TimeLimit, type WorkCalendar } from "@caihong/domain";
import { fromJsonColumn } from "../../lib/sql-fragments";
import type { Principal } from "../../lib/principal";
import type { CategoryRow } from "./categories.repository";
import type { CaseColumns, CaseRow } from "./cases.repository";

type CaseRowColumns = CaseColumns;

/** The part of a case row the state machine decides on (`actor`: who asks, for 自办自结). */
export function snapshotOf(row: CaseRow, actor: Principal | null): CaseSnapshot {
  const c = row.c;
  return {
    state: c.state as CaseState,
    resumeState: c.resumeState as CaseState | null,
    extensionPending: c.extensionDueAt !== null,
    hasAssignee: !!(c.assigneeUserId || c.assigneeUnitId),
    reportedByCaller: !!actor && c.reporterUserId === actor.userId,
    closedAt: c.closedAt,
    satisfaction: c.satisfaction as CaseSnapshot["satisfaction"],
    round: c.round,
    reworkCount: c.reworkCount,
    returnCount: c.returnCount,
    extensionCount: c.extensionCount,
    reopenCount: c.reopenCount,
  };
}

/** Default time limits when a category carries none: 12345's 一般求助/投诉 rule. */
const DEFAULT_LIMITS = { ack: { value: 1, unit: "days" }, handle: { value: 5, unit: "days" }, close: { value: 5, unit: "days" } } as const satisfies Record<string, TimeLimit>;

/** The dues of a clock started at `start` for a category. */
export function duesFor(cal: WorkCalendar, cat: CategoryRow, start: Date) {
  const limit = (v: unknown, fallback: TimeLimit) => fromJsonColumn<TimeLimit | null>(v) ?? fallback;
  const handleDueAt = cal.addWorkingTime(start, limit(cat.handleLimit, DEFAULT_LIMITS.handle));
  const closeDue = cal.addWorkingTime(start, limit(cat.closeLimit, DEFAULT_LIMITS.close));
  const schedule = escalationSchedule(start, handleDueAt, cal);
  return {
    dispatchedAt: start,
    ackDueAt: cal.addWorkingTime(start, limit(cat.ackLimit, DEFAULT_LIMITS.ack)),
    handleDueAt,
    closeDueAt: closeDue < handleDueAt ? handleDueAt : closeDue,
    warnAt: schedule[0]!.at,
    escalation: null,
    nextEscalationAt: nextEscalationAt(schedule, new Set()),
  };
}


/** What one step needs to know beyond the case row (resolved by the caller: assignee, main case, fired stages). */
export interface StepFacts {
  action: TCaseAction;
  /** The state the machine decided. */
  to: CaseState;
  at: Date;
  cal: WorkCalendar;
  category: CategoryRow;
  /** Escalation stages already fired in the current round. */
  fired: ReadonlySet<EscalationStage>;
  /** The account taking the step (自办自结 assigns it to them). */
  actorId: string | null;
  assignee?: { userId: string | null; unitId: string | null; label: string };
  dueAt?: Date | null;
  reason?: string | null;
  satisfaction?: TSatisfaction | null;
  main?: { id: string; number: string };
}

/**
 * The columns a step changes on the case (its projection) and the facts its event records. Pure:
 * the live service and the demo generator both apply steps through it, so the demo history and
 * the live one cannot drift apart. Checks that need a message (an extension earlier than the due
 * time) are the caller's, before calling.
 */
export function stepColumns(c: CaseRowColumns, f: StepFacts): { set: Partial<CaseRowColumns>; data: Record<string, unknown> } {
  const set: Partial<CaseRowColumns> = {};
  const data: Record<string, unknown> = {};
  const { at, cal } = f;
  switch (f.action) {
    case "file":
      set.filedAt = at;
      break;
    case "void":
      set.voidedAt = at;
      set.nextEscalationAt = null;
      break;
    case "dispatch":
      Object.assign(set, { assigneeUserId: f.assignee!.userId, assigneeUnitId: f.assignee!.unitId, ...duesFor(cal, f.category, at) });
      data.assignee = f.assignee;
      data.handleDueAt = set.handleDueAt!.toISOString();
      break;
    case "acknowledge":
      set.acknowledgedAt = at;
      break;
    case "handle":
      set.handledAt = at;
      set.nextEscalationAt = null;
      // Whole minutes: the column is an integer.
      set.handlingMinutes = c.dispatchedAt ? Math.round(cal.workingMinutesBetween(c.dispatchedAt, at)) : null;
      if (c.handledOnTime === null && c.handleDueAt) set.handledOnTime = at <= c.handleDueAt;
      break;
    case "approve_return":
      Object.assign(set, { assigneeUserId: null, assigneeUnitId: null, handleDueAt: null, ackDueAt: null, warnAt: null, nextEscalationAt: null, escalation: null, extensionDueAt: null, extensionReason: null });
      data.previousAssignee = { userId: c.assigneeUserId, unitId: c.assigneeUnitId };
      break;
    case "request_extension":
      set.extensionDueAt = f.dueAt!;
      set.extensionReason = f.reason!;
      data.dueAt = f.dueAt!.toISOString();
      break;
    case "approve_extension": {
      const due = f.dueAt!;
      const schedule = escalationSchedule(c.dispatchedAt ?? at, due, cal);
      Object.assign(set, { handleDueAt: due, closeDueAt: c.closeDueAt && c.closeDueAt > due ? c.closeDueAt : due, warnAt: schedule[0]!.at, nextEscalationAt: nextEscalationAt(schedule, f.fired), extensionDueAt: null, extensionReason: null });
      data.previousDueAt = c.handleDueAt?.toISOString() ?? null;
      data.dueAt = due.toISOString();
      break;
    }
    case "refuse_extension":
      Object.assign(set, { extensionDueAt: null, extensionReason: null });
      break;
    case "verify":
      set.verifiedAt = at;
      break;
    case "rework":
      set.handledAt = null;
      set.verifiedAt = null;
      if (c.handleDueAt && c.dispatchedAt) set.nextEscalationAt = nextEscalationAt(escalationSchedule(c.dispatchedAt, c.handleDueAt, cal), f.fired);
      break;
    case "close":
      set.closedAt = at;
      set.nextEscalationAt = null;
      if (c.closedOnTime === null) set.closedOnTime = !c.closeDueAt || at <= c.closeDueAt;
      break;
    case "self_resolve":
      Object.assign(set, { filedAt: at, handledAt: at, closedAt: at, selfResolved: true, handledOnTime: true, closedOnTime: true, handlingMinutes: 0, assigneeUserId: f.actorId });
      break;
    case "follow_up":
    case "rate":
      set.satisfaction = f.satisfaction!;
      data.satisfaction = f.satisfaction;
      break;
    case "reopen":
      Object.assign(set, { closedAt: null, verifiedAt: null, handledAt: null, satisfaction: null });
      if (f.to === "dispatched") Object.assign(set, duesFor(cal, f.category, at));
      break;
    case "merge":
      set.mergedIntoId = f.main!.id;
      set.nextEscalationAt = null;
      data.mainCase = f.main;
      break;
    default:
      break;
  }
  return { set, data };
}
