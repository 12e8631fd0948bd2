import { CASE_ACTIONS, CASE_STATES, SATISFACTION } from "./types";
import type { CaseAction, CaseCommand, CaseRole, CaseSnapshot, CaseState, Decision, DecisionError, WorkflowOptions } from "./types";

/** Which states an action may be taken from and which roles may take it. */
export interface ActionRule {
  from: readonly CaseState[];
  roles: readonly CaseRole[];
}

/** A command field an action can require; `photoIds` is satisfied by `photoCount ≥ 1`. */
export type CommandField = "note" | "reason" | "assigneeChosen" | "dueAt" | "satisfaction" | "photoIds" | "mainCaseId";

/** The states in which the handler holds the case and its clock runs. */
const WORKING_STATES = ["dispatched", "acknowledged", "in_progress"] as const satisfies readonly CaseState[];

const MS_PER_DAY = 86_400_000;

/**
 * From which states, and by whom, each action may be taken (shown by the UI and the docs).
 * Some rules need the snapshot as well and are checked in `decide`: extension actions also depend
 * on `extensionPending`, `self_resolve` needs `reportedByCaller`, and a dispatcher may `reopen`
 * only a case rated dissatisfied.
 */
export const ACTION_RULES: Record<CaseAction, ActionRule> = {
  file: { from: ["reported"], roles: ["dispatcher"] },
  void: { from: ["reported", "filed"], roles: ["dispatcher"] },
  dispatch: { from: ["filed"], roles: ["dispatcher"] },
  acknowledge: { from: ["dispatched"], roles: ["handler"] },
  start: { from: ["acknowledged"], roles: ["handler"] },
  handle: { from: ["acknowledged", "in_progress"], roles: ["handler"] },
  request_return: { from: WORKING_STATES, roles: ["handler"] },
  approve_return: { from: ["return_requested"], roles: ["dispatcher"] },
  refuse_return: { from: ["return_requested"], roles: ["dispatcher"] },
  request_extension: { from: WORKING_STATES, roles: ["handler"] },
  approve_extension: { from: WORKING_STATES, roles: ["dispatcher"] },
  refuse_extension: { from: WORKING_STATES, roles: ["dispatcher"] },
  verify: { from: ["handled"], roles: ["dispatcher"] },
  rework: { from: ["handled", "verified"], roles: ["dispatcher"] },
  close: { from: ["verified"], roles: ["dispatcher"] },
  self_resolve: { from: ["reported"], roles: ["handler"] },
  follow_up: { from: ["closed"], roles: ["dispatcher"] },
  rate: { from: ["closed"], roles: ["reporter"] },
  reopen: { from: ["closed"], roles: ["dispatcher", "reporter"] },
  merge: { from: ["reported", "filed"], roles: ["dispatcher"] },
  supervise: { from: [...WORKING_STATES, "return_requested", "handled"], roles: ["dispatcher", "system"] },
  comment: { from: CASE_STATES.filter((s) => s !== "voided" && s !== "merged"), roles: ["dispatcher", "handler"] },
};

/**
 * The command fields each action requires, checked in this order. A reporter's `reopen` also
 * needs a `reason` (a dispatcher reopens on the recorded dissatisfied rating and needs none).
 */
export const REQUIRED_FIELDS: Record<CaseAction, readonly CommandField[]> = {
  file: [],
  void: ["reason"],
  dispatch: ["assigneeChosen"],
  acknowledge: [],
  start: [],
  handle: ["note"],
  request_return: ["reason"],
  approve_return: [],
  refuse_return: ["reason"],
  request_extension: ["reason", "dueAt"],
  approve_extension: ["dueAt"],
  refuse_extension: ["reason"],
  verify: [],
  rework: ["reason"],
  close: [],
  self_resolve: ["note", "photoIds"],
  follow_up: ["satisfaction"],
  rate: ["satisfaction"],
  reopen: [],
  merge: ["mainCaseId"],
  supervise: ["note"],
  comment: ["note"],
};

type Outcome = Extract<Decision, { ok: true }>;

/**
 * Decides one workflow step. Checks run in a fixed order so callers get the most basic problem
 * first: state (`illegal_transition`) → role (`not_permitted`) → required fields (`missing_field`,
 * with `field` naming the command field) → time window (`window_passed`).
 */
export function decide(
  snapshot: CaseSnapshot,
  command: CaseCommand,
  roles: ReadonlySet<CaseRole>,
  now: Date,
  options: WorkflowOptions,
): Decision {
  const { action } = command;
  if (!isLegalFrom(action, snapshot)) return refuse("illegal_transition");
  const role = actingRole(action, snapshot, roles);
  if (role === null) return refuse("not_permitted");
  const missing = firstMissingField(command, requiredFields(action, role));
  if (missing !== null) return { ok: false, error: "missing_field", field: missing };
  if (needsWindow(action, role) && !isWithinWindow(snapshot.closedAt, now, options.reopenWindowDays)) return refuse("window_passed");
  return transition(snapshot, command, now);
}

/**
 * The actions the caller could take now, in `CASE_ACTIONS` order: those whose state and role checks
 * pass, ignoring missing fields. The reporter's window after closure is applied too, so the UI
 * offers no `rate`/`reopen` that could only fail with `window_passed`.
 */
export function availableActions(snapshot: CaseSnapshot, roles: ReadonlySet<CaseRole>, now: Date, options: WorkflowOptions): CaseAction[] {
  return CASE_ACTIONS.filter((action) => decide(snapshot, completeCommand(action, now), roles, now, options).ok);
}

/** True when the snapshot's state (and extension flag) allows the action at all. */
function isLegalFrom(action: CaseAction, snapshot: CaseSnapshot): boolean {
  if (!ACTION_RULES[action].from.includes(snapshot.state)) return false;
  if (action === "request_extension") return !snapshot.extensionPending;
  if (action === "approve_extension" || action === "refuse_extension") return snapshot.extensionPending;
  return true;
}

/**
 * The role under which the caller takes the action, or null when none fits. 自办自结 is only for
 * the grid worker who reported the case on patrol; staff reopen (重办) only on a dissatisfied
 * follow-up, otherwise only the reporter may ask for it.
 */
function actingRole(action: CaseAction, snapshot: CaseSnapshot, roles: ReadonlySet<CaseRole>): CaseRole | null {
  if (action === "self_resolve") return roles.has("handler") && snapshot.reportedByCaller ? "handler" : null;
  if (action === "reopen") {
    if (roles.has("dispatcher") && snapshot.satisfaction === "dissatisfied") return "dispatcher";
    return roles.has("reporter") ? "reporter" : null;
  }
  return ACTION_RULES[action].roles.find((r) => roles.has(r)) ?? null;
}

/** The fields the action needs when taken under `role`. */
function requiredFields(action: CaseAction, role: CaseRole): readonly CommandField[] {
  return action === "reopen" && role === "reporter" ? ["reason"] : REQUIRED_FIELDS[action];
}

/** The first required field the command lacks; blank strings count as missing. */
function firstMissingField(command: CaseCommand, fields: readonly CommandField[]): CommandField | null {
  return fields.find((f) => !hasField(command, f)) ?? null;
}

function hasField(command: CaseCommand, field: CommandField): boolean {
  switch (field) {
    case "note":
    case "reason":
    case "mainCaseId":
      return isFilled(command[field]);
    case "assigneeChosen":
      return command.assigneeChosen === true;
    case "dueAt":
      return command.dueAt instanceof Date && !Number.isNaN(command.dueAt.getTime());
    case "satisfaction":
      return command.satisfaction != null && SATISFACTION.includes(command.satisfaction);
    case "photoIds":
      return (command.photoCount ?? 0) >= 1;
  }
}

function isFilled(value: string | null | undefined): boolean {
  return typeof value === "string" && value.trim() !== "";
}

/** The reporter's own rating and reopen request are only open for a while after closure. */
function needsWindow(action: CaseAction, role: CaseRole): boolean {
  return (action === "rate" || action === "reopen") && role === "reporter";
}

/**
 * True when `now` is at most `days` calendar days (24 h each) after `closedAt`; exactly on the
 * boundary still counts. A closed case without `closedAt` has no window to be inside.
 */
function isWithinWindow(closedAt: Date | null, now: Date, days: number): boolean {
  if (closedAt === null) return false;
  return now.getTime() - closedAt.getTime() <= days * MS_PER_DAY;
}

/** Target state and snapshot changes of a step already known to be allowed. */
function transition(snapshot: CaseSnapshot, command: CaseCommand, now: Date): Outcome {
  const from = snapshot.state;
  switch (command.action) {
    case "file":
      return step("filed");
    case "void":
      return step("voided", {}, { stopsClock: true });
    case "dispatch":
      return step("dispatched", { round: snapshot.round + 1 }, { startsClock: true });
    case "acknowledge":
      return step("acknowledged");
    case "start":
      return step("in_progress");
    case "handle":
      return step("handled", {}, { stopsClock: true });
    case "request_return":
      return step("return_requested", { resumeState: from });
    case "approve_return":
      return step("filed", { returnCount: snapshot.returnCount + 1, resumeState: null }, { stopsClock: true });
    case "refuse_return":
      return step(snapshot.resumeState ?? "in_progress", { resumeState: null });
    case "request_extension":
      return step(from, { extensionPending: true });
    case "approve_extension":
      return step(from, { extensionPending: false, extensionCount: snapshot.extensionCount + 1 });
    case "refuse_extension":
      return step(from, { extensionPending: false });
    case "verify":
      return step("verified");
    case "rework":
      // 返工 opens no new round: the case goes back under the round's existing clock and due time,
      // so the service resumes that clock rather than starting one (startsClock stays false).
      return step("in_progress", { reworkCount: snapshot.reworkCount + 1 });
    case "close":
      return step("closed", { closedAt: now }, { stopsClock: true });
    case "self_resolve":
      return step("closed", { closedAt: now }, { stopsClock: true });
    case "follow_up":
    case "rate":
      return step("closed", { satisfaction: command.satisfaction ?? null });
    case "reopen":
      return reopen(snapshot);
    case "merge":
      return step("merged", {}, { stopsClock: true });
    case "supervise":
    case "comment":
      return step(from);
  }
}

/** 重办: back to the earlier handler when there is one (a new round and clock), else to dispatch. */
function reopen(snapshot: CaseSnapshot): Outcome {
  const reset = { reopenCount: snapshot.reopenCount + 1, satisfaction: null, closedAt: null };
  if (!snapshot.hasAssignee) return step("filed", reset);
  return step("dispatched", { ...reset, round: snapshot.round + 1 }, { startsClock: true });
}

function step(to: CaseState, changes: Partial<CaseSnapshot> = {}, clock: { startsClock?: boolean; stopsClock?: boolean } = {}): Outcome {
  return { ok: true, to, changes, startsClock: clock.startsClock ?? false, stopsClock: clock.stopsClock ?? false };
}

function refuse(error: DecisionError): Decision {
  return { ok: false, error };
}

/** A command with every field present, so only state, role and window decide. */
function completeCommand(action: CaseAction, now: Date): CaseCommand {
  return { action, note: "-", reason: "-", assigneeChosen: true, dueAt: now, satisfaction: "satisfied", photoCount: 1, mainCaseId: "-" };
}
