import { CASE_ACTION_LABELS, CASE_STATE_LABELS, type TCaseAction, type TCaseDetail, type TCaseTransitionRequest } from "@caihong/contracts";
import { decide, type CaseCommand, type CaseRole, type CaseState, type EscalationStage } from "@caihong/domain";
import type { ActorContext, RequestContext } from "../../../lib/context";
import { AppError, msg } from "../../../lib/errors";
import type { Principal } from "../../../lib/principal";
import { recordAudit } from "../../audit";
import { notifyUsers } from "../../notifications";
import { findCategory } from "../categories.repository";
import { rolesFor } from "../cases.policy";
import { caseSnapshot } from "../cases.presenter";
import { snapshotOf, stepColumns } from "../cases.projection";
import { findCaseById, firedStages, insertEvent, lastDispatcherOf, reportersOf, updateCase, type CaseColumns, type CaseRow } from "../cases.repository";
import { addRollupDeltas, rollupDeltas } from "../rollups.repository";
import { enqueueWebhook } from "./deliver-webhooks";
import { attachPhotos } from "./manage-photos";
import { getCase, loadVisible } from "./read-cases";
import { STATE_NEWS, STEP_EFFECTS, type StepInput } from "./step-effects";

/** Who takes a step: an account, the clock, or a reporter holding the tracking code (no account). */
export interface StepActor {
  actor: Principal | null;
  label: string;
  system: boolean;
  /** Fixed roles (the tracking-code reporter); otherwise worked out from the actor. */
  roles?: Set<CaseRole>;
}

/** What a caller other than the web adds to a step's event: its id (known before the write) and facts of its own. */
export interface StepExtra {
  eventId?: string;
  data?: Record<string, unknown>;
}

/** The machine's refusal as an error the caller can act on. */
function decisionError(result: Exclude<ReturnType<typeof decide>, { ok: true }>, action: string, state: string): AppError {
  const label = CASE_ACTION_LABELS[action as TCaseAction] ?? { "zh-CN": action, en: action };
  const stateLabel = CASE_STATE_LABELS[state as CaseState] ?? { "zh-CN": state, en: state };
  switch (result.error) {
    case "illegal_transition":
      return new AppError("INVALID_STATE", msg(`案件处于「${stateLabel["zh-CN"]}」，不能${label["zh-CN"]}`, `A case that is ${stateLabel.en.toLowerCase()} cannot take “${label.en}”`));
    case "not_permitted":
      return new AppError("FORBIDDEN", msg(`您不能对该案件执行「${label["zh-CN"]}」`, `You may not “${label.en}” this case`));
    case "missing_field": {
      const field = result.field === "assigneeChosen" ? "assignee" : (result.field ?? "note");
      return new AppError("VALIDATION_FAILED", undefined, { errors: [{ path: `body.${field}`, message: "field.required" }] });
    }
    case "window_passed":
      return new AppError("UNPROCESSABLE", msg("已超过可评价或重办的期限", "The period for rating or reopening has passed"));
  }
}

function commandOf(input: TCaseTransitionRequest): CaseCommand {
  return {
    action: input.action,
    note: input.note,
    reason: input.reason,
    assigneeChosen: !!(input.assignee?.userId || input.assignee?.unitId),
    dueAt: input.dueAt ? new Date(input.dueAt) : null,
    satisfaction: input.satisfaction ?? null,
    photoCount: input.photoIds?.length ?? 0,
    mainCaseId: input.mainCaseId ?? null,
  };
}

/**
 * One step on a case, in one transaction: lock the row, check the version (409 on a stale one),
 * let the state machine decide, resolve the action's facts (STEP_EFFECTS), apply the projection
 * (`stepColumns`), then write the event, the audit entry, the notices and the webhook row.
 * Authorization: the caller must see the case (cases.read) and the machine checks their roles.
 */
export async function applyStep(ctx: RequestContext, who: StepActor, id: string, input: TCaseTransitionRequest, extra: StepExtra = {}): Promise<CaseColumns> {
  const cal = await ctx.calendar.get();
  return ctx.db.transaction(async (tx) => {
    let row: CaseRow;
    if (who.actor) row = await loadVisible(tx, { ...ctx, actor: who.actor }, id, true);
    else {
      const found = await findCaseById(tx, ctx.tenantId, id, true);
      if (!found) throw new AppError("NOT_FOUND");
      row = found;
    }
    const c = row.c;
    if (c.version !== input.version) throw new AppError("VERSION_CONFLICT");
    const now = ctx.clock();
    const roles = who.roles ?? (who.actor ? rolesFor(who.actor, row) : new Set<CaseRole>());
    if (who.system) roles.add("system");
    const decision = decide(snapshotOf(row, who.actor), commandOf(input), roles, now, { reopenWindowDays: ctx.config.reopenWindowDays });
    if (!decision.ok) throw decisionError(decision, input.action, c.state);

    const actorId = who.actor?.userId ?? null;
    const effect = STEP_EFFECTS[input.action];
    const stepInput: StepInput = { tx, ctx, c, input, actor: who.actor, actorId, label: who.label, now, to: decision.to };
    const facts = effect?.resolve ? await effect.resolve(stepInput) : {};
    const fired = effect?.needsFiredStages ? await firedStages(tx, ctx.tenantId, c.id, c.round) : new Set<EscalationStage>();
    const category = (await findCategory(tx, ctx.tenantId, c.categoryId))!;
    const step = stepColumns(c, { action: input.action, to: decision.to, at: now, cal, category, fired, actorId, reason: input.reason ?? null, satisfaction: input.satisfaction ?? null, dueAt: null, ...facts });

    const set: Partial<CaseColumns> = { state: decision.to, updatedAt: now };
    for (const [k, v] of Object.entries(decision.changes)) {
      if (k !== "extensionPending" && k !== "state") (set as Record<string, unknown>)[k] = v;
    }
    const updated = await updateCase(tx, ctx.tenantId, id, { ...set, ...step.set });
    const photoIds = input.photoIds ?? [];
    await attachPhotos(tx, ctx.tenantId, id, photoIds, actorId, "evidence");
    await insertEvent(tx, ctx.tenantId, {
      ...(extra.eventId ? { id: extra.eventId } : {}),
      caseId: id,
      action: input.action,
      fromState: c.state,
      toState: decision.to,
      at: now,
      actorId,
      actorLabel: who.label,
      note: input.note ?? null,
      reason: input.reason ?? null,
      // `public`: staff let the note be published (Open311, the tracking page), redacted.
      data: { ...step.data, ...(input.isPublic ? { public: true } : {}), ...extra.data },
      photoIds,
    });
    await recordAudit(tx, { ...ctx, actor: who.actor ?? undefined }, { action: `case.${input.action}`, entityType: "case", entityId: id, gridId: c.gridId, before: caseSnapshot(c), after: caseSnapshot(updated) });

    const body = { "zh-CN": c.description.slice(0, 80), en: c.description.slice(0, 80) };
    const notice = effect?.notice;
    if (notice && (!notice.onlyTo || notice.onlyTo.includes(decision.to))) {
      const to = notice.to === "assignee" ? (updated.assigneeUserId ?? c.assigneeUserId) : await lastDispatcherOf(tx, ctx.tenantId, id);
      await notifyUsers(tx, ctx.tenantId, [to], { kind: notice.kind, caseId: id, subjectLabel: c.number, title: notice.text(c, input), body, at: now }, actorId ?? undefined);
    }
    const news = decision.to !== c.state || input.action === "reopen" ? STATE_NEWS[decision.to] : undefined;
    if (news) {
      await notifyUsers(
        tx,
        ctx.tenantId,
        await reportersOf(tx, ctx.tenantId, id),
        { kind: "case_update", caseId: id, subjectLabel: c.number, title: { "zh-CN": `${c.number}：${news["zh-CN"]}`, en: `${c.number}: ${news.en}` }, body: { "zh-CN": input.note ?? "", en: input.note ?? "" }, at: now },
        actorId ?? undefined,
      );
    }
    await enqueueWebhook(tx, ctx, "case.updated", { caseId: id, number: c.number, action: input.action, fromState: c.state, toState: decision.to }, now);
    // Last: the evaluation rollups' rows are shared by the cases of a day and grid (ADR 0009).
    await addRollupDeltas(tx, ctx.tenantId, rollupDeltas(c, updated));
    return updated;
  });
}

/** A step by a signed-in caller (or, with `system`, by the system on their behalf); returns the case as they now see it. */
export async function takeStep(ctx: ActorContext, id: string, input: TCaseTransitionRequest, opts: { system?: boolean } = {}): Promise<TCaseDetail> {
  await applyStep(ctx, { actor: ctx.actor, label: opts.system ? "system" : ctx.actor.label, system: opts.system ?? false }, id, input);
  return getCase(ctx, id);
}

/** A step on many cases (queue batch actions): each in its own transaction, each answered. */
export async function takeSteps(ctx: ActorContext, input: { action: TCaseAction; items: { id: string; version: number }[]; note?: string; reason?: string; assignee?: TCaseTransitionRequest["assignee"] }) {
  const results = [];
  for (const item of input.items) {
    try {
      const detail = await takeStep(ctx, item.id, { action: input.action, version: item.version, note: input.note, reason: input.reason, assignee: input.assignee });
      results.push({ id: item.id, ok: true, status: 200, code: null, detail: null, version: detail.version });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      results.push({ id: item.id, ok: false, status: err.status, code: err.code, detail: err.detail?.[ctx.locale] ?? (err.extra.errors?.map((e) => e.path).join(", ") || null), version: null });
    }
  }
  return { results };
}
