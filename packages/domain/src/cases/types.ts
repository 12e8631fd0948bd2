/**
 * The case (案卷) workflow vocabulary: states, actions and the roles that take them. The state
 * machine in `workflow.ts` is the only place that decides which step is legal.
 */

import { CASE_ACTIONS, CASE_STATES, SATISFACTION, type TCaseAction, type TCaseState, type TSatisfaction } from "@caihong/contracts/constants";

/**
 * 上报 → 立案 → 派遣 → 签收 → 处置 → 反馈 → 核查 → 结案, plus 退回 pending, 注销 and 合并. The lists
 * live in the contracts catalog (the web shows their labels); re-exported here for the rules.
 */
export { CASE_ACTIONS, CASE_STATES, SATISFACTION };
export type CaseState = TCaseState;
export type CaseAction = TCaseAction;

/**
 * What the caller is to one case. The service works these out from permissions, data scope and
 * the case (assignee, reporter); the machine only checks them.
 * - dispatcher: cases.dispatch over the case's grid (城运中心, 网格长 of the area)
 * - handler: cases.handle over the case's grid and the case is assigned to them or to no one in particular
 * - reporter: the person who reported it (account or tracking code)
 * - system: the clock (督办 on escalation)
 */
export type CaseRole = "dispatcher" | "handler" | "reporter" | "system";

/** 满意 / 基本满意 / 不满意 */
export type Satisfaction = TSatisfaction;

/** A time limit of a category: working hours or working days. */
export interface TimeLimit {
  value: number;
  unit: "hours" | "days";
}

/** The part of a case the machine needs. */
export interface CaseSnapshot {
  state: CaseState;
  /** Where a refused return goes back to (set while return_requested). */
  resumeState: CaseState | null;
  /** An extension request awaits a decision. */
  extensionPending: boolean;
  /** The case has a handler (unit or person) from an earlier dispatch. */
  hasAssignee: boolean;
  /** The caller reported it on patrol (自办自结 needs this). */
  reportedByCaller: boolean;
  closedAt: Date | null;
  satisfaction: Satisfaction | null;
  round: number;
  reworkCount: number;
  returnCount: number;
  extensionCount: number;
  reopenCount: number;
}

/** What the caller asks for; fields are required per action (see workflow.ts). */
export interface CaseCommand {
  action: CaseAction;
  note?: string | null;
  reason?: string | null;
  /** dispatch: the assignee is chosen. */
  assigneeChosen?: boolean;
  /** request_extension / approve_extension: the new due time. */
  dueAt?: Date | null;
  /** follow_up / rate. */
  satisfaction?: Satisfaction | null;
  /** handle / self_resolve: evidence photos attached. */
  photoCount?: number;
  /** merge: the main case's id (must differ from this case). */
  mainCaseId?: string | null;
}

export interface WorkflowOptions {
  /** Days after closure during which the reporter may reopen (重办). */
  reopenWindowDays: number;
}

export type DecisionError = "illegal_transition" | "not_permitted" | "missing_field" | "window_passed";

export type Decision =
  | {
      ok: true;
      to: CaseState;
      /** Snapshot fields that change (counters, resumeState, extensionPending, round, satisfaction, closedAt). */
      changes: Partial<CaseSnapshot>;
      /** Starts a new SLA clock (dispatch, reopen to dispatched). */
      startsClock: boolean;
      /** Stops the clock (handled, self-resolved, voided, merged, closed). */
      stopsClock: boolean;
    }
  | { ok: false; error: DecisionError; field?: string };
