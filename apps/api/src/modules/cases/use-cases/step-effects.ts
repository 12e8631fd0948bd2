import type { TCaseAction, TCaseTransitionRequest } from "@caihong/contracts";
import type { CaseState, EscalationStage } from "@caihong/domain";
import type { Db } from "../../../db/client";
import type { RequestContext } from "../../../lib/context";
import { AppError, msg } from "../../../lib/errors";
import type { Principal } from "../../../lib/principal";
import { findGrantRows } from "../../roles";
import { findUnitName } from "../../units";
import { findActiveUserName } from "../../users";
import { canSee } from "../cases.policy";
import { findCaseById, insertEvent, updateCase, type CaseColumns } from "../cases.repository";
import type { StepFacts } from "../cases.projection";

/** A text in both languages. */
type Text = { "zh-CN": string; en: string };

/** What an effect sees: the transaction, the locked case, the request and who takes the step. */
export interface StepInput {
  tx: Db;
  ctx: RequestContext;
  c: CaseColumns;
  input: TCaseTransitionRequest;
  actor: Principal | null;
  actorId: string | null;
  label: string;
  now: Date;
  /** The state the machine decided. */
  to: CaseState;
}

/** Facts an effect resolves for the projection (`stepColumns`). */
export type ResolvedFacts = Partial<Pick<StepFacts, "assignee" | "main" | "dueAt">>;

/** Whom a step tells, and what. */
export interface StepNotice {
  to: "assignee" | "dispatcher";
  kind: string;
  text(c: CaseColumns, input: TCaseTransitionRequest): Text;
  /** Only when the step lands in one of these states (default: always). */
  onlyTo?: readonly CaseState[];
}

/**
 * The per-action part of a step that the pure machine and projection cannot do: facts that need
 * the database or a refusal with a message, writes beside the case (merge), and notices.
 */
export interface StepEffect {
  resolve?(s: StepInput): Promise<ResolvedFacts>;
  /** The due time moves: the projection needs the stages already fired in this round. */
  needsFiredStages?: boolean;
  notice?: StepNotice;
}

const tooEarly = (zh: string, en: string) => new AppError("UNPROCESSABLE", msg(zh, en), { errors: [{ path: "body.dueAt", message: "field.tooEarly" }] });

/** The assignee chosen at dispatch: an active account that may handle cases, a unit, or both. */
async function resolveAssignee({ tx, ctx, input }: StepInput): Promise<ResolvedFacts> {
  const userId = input.assignee?.userId ?? null;
  const unitId = input.assignee?.unitId ?? null;
  let userLabel: string | null = null;
  let unitLabel: string | null = null;
  if (userId) {
    userLabel = await findActiveUserName(tx, ctx.tenantId, userId);
    const grants = userLabel === null ? [] : await findGrantRows(tx, ctx.tenantId, userId);
    if (userLabel === null || !grants.some((g) => g.permissions.includes("cases.handle"))) {
      throw new AppError("UNPROCESSABLE", msg("该账号不存在、已停用或没有处置权限", "That account does not exist, is disabled or cannot handle cases"), { errors: [{ path: "body.assignee.userId", message: "assignee.invalid" }] });
    }
  }
  if (unitId) {
    unitLabel = await findUnitName(tx, ctx.tenantId, unitId);
    if (unitLabel === null) throw new AppError("UNPROCESSABLE", msg("该单位不存在", "That unit does not exist"), { errors: [{ path: "body.assignee.unitId", message: "assignee.invalid" }] });
  }
  return { assignee: { userId, unitId, label: [unitLabel, userLabel].filter(Boolean).join(" · ") } };
}

/** The main case of a merge: visible, not merged, not voided; it gets a 合并 event and a new version. */
async function resolveMain({ tx, ctx, c, input, actor, actorId, label, now }: StepInput): Promise<ResolvedFacts> {
  const found = await findCaseById(tx, ctx.tenantId, input.mainCaseId!);
  if (!found || found.c.id === c.id || found.c.state === "merged" || found.c.state === "voided" || (actor && !canSee(actor, found))) {
    throw new AppError("UNPROCESSABLE", msg("请选择一个可见且未合并、未注销的主案件", "Pick a visible main case that is not merged or voided"), { errors: [{ path: "body.mainCaseId", message: "case.invalid" }] });
  }
  await insertEvent(tx, ctx.tenantId, { caseId: found.c.id, action: "merge", fromState: found.c.state, toState: found.c.state, at: now, actorId, actorLabel: label, note: input.note ?? null, data: { duplicate: { id: c.id, number: c.number } } });
  await updateCase(tx, ctx.tenantId, found.c.id, { updatedAt: now });
  return { main: { id: found.c.id, number: found.c.number } };
}

/** The declarative table of per-action effects; actions without an entry only move the state. */
export const STEP_EFFECTS: Partial<Record<TCaseAction, StepEffect>> = {
  dispatch: {
    resolve: resolveAssignee,
    notice: { to: "assignee", kind: "assigned", text: (c) => ({ "zh-CN": `新派遣案件 ${c.number}`, en: `New case ${c.number} for you` }) },
  },
  request_return: {
    notice: { to: "dispatcher", kind: "return_requested", text: (c, i) => ({ "zh-CN": `案件 ${c.number} 申请退回：${i.reason}`, en: `Return requested on ${c.number}: ${i.reason}` }) },
  },
  approve_return: {
    notice: { to: "assignee", kind: "return_approved", text: (c) => ({ "zh-CN": `案件 ${c.number} 已同意退回`, en: `Return of ${c.number} approved` }) },
  },
  refuse_return: {
    notice: { to: "assignee", kind: "return_refused", text: (c, i) => ({ "zh-CN": `案件 ${c.number} 退回未获同意：${i.reason}`, en: `Return of ${c.number} refused: ${i.reason}` }) },
  },
  request_extension: {
    async resolve({ c, input }) {
      const dueAt = new Date(input.dueAt!);
      if (!c.handleDueAt || dueAt <= c.handleDueAt) throw tooEarly("延期后的期限须晚于当前期限", "The new due time must be later than the current one");
      return { dueAt };
    },
    notice: { to: "dispatcher", kind: "extension_requested", text: (c, i) => ({ "zh-CN": `案件 ${c.number} 申请延期：${i.reason}`, en: `Extension requested on ${c.number}: ${i.reason}` }) },
  },
  approve_extension: {
    needsFiredStages: true,
    async resolve({ c, input, now }) {
      const dueAt = new Date(input.dueAt ?? c.extensionDueAt!.toISOString());
      if (dueAt <= now || (c.handleDueAt && dueAt <= c.handleDueAt)) throw tooEarly("延期后的期限须晚于当前期限和现在", "The new due time must be later than now and the current one");
      return { dueAt };
    },
    notice: { to: "assignee", kind: "extension_approved", text: (c) => ({ "zh-CN": `案件 ${c.number} 延期已批准`, en: `Extension of ${c.number} approved` }) },
  },
  refuse_extension: {
    notice: { to: "assignee", kind: "extension_refused", text: (c, i) => ({ "zh-CN": `案件 ${c.number} 延期未获批准：${i.reason}`, en: `Extension of ${c.number} refused: ${i.reason}` }) },
  },
  rework: {
    needsFiredStages: true,
    notice: { to: "assignee", kind: "rework", text: (c, i) => ({ "zh-CN": `案件 ${c.number} 需返工：${i.reason}`, en: `Case ${c.number} sent back for rework: ${i.reason}` }) },
  },
  reopen: {
    notice: { to: "assignee", kind: "reopened", onlyTo: ["dispatched"], text: (c, i) => ({ "zh-CN": `案件 ${c.number} 重办：${i.reason ?? ""}`, en: `Case ${c.number} reopened: ${i.reason ?? ""}` }) },
  },
  merge: { resolve: resolveMain },
  supervise: {
    notice: { to: "assignee", kind: "supervise", text: (c, i) => ({ "zh-CN": `督办：案件 ${c.number}。${i.note ?? ""}`, en: `Supervision notice on ${c.number}. ${i.note ?? ""}` }) },
  },
};

/** What the reporters are told when their case reaches a state. */
export const STATE_NEWS: Partial<Record<CaseState, Text>> = {
  filed: { "zh-CN": "您反映的问题已立案", en: "Your report was filed" },
  dispatched: { "zh-CN": "您反映的问题已派遣处置", en: "Your report was sent to a handler" },
  handled: { "zh-CN": "您反映的问题已处置，等待核查", en: "Your report was handled and awaits checking" },
  closed: { "zh-CN": "您反映的问题已结案，欢迎评价", en: "Your report is closed: please rate it" },
  voided: { "zh-CN": "您反映的问题未予立案", en: "Your report was not filed" },
  merged: { "zh-CN": "您反映的问题已与同一问题合并办理", en: "Your report was merged with the same problem reported earlier" },
};

/** The escalation stages an effect needs, or an empty set. */
export type FiredStages = ReadonlySet<EscalationStage>;
