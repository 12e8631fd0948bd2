import { MAX_FLOOD_VOID, type TCaseFlood, type TCaseFloodQuery, type TVoidFloodRequest } from "@caihong/contracts";
import type { ActorContext } from "../../../lib/context";
import { AppError, msg } from "../../../lib/errors";
import { authorize } from "../../../lib/policy";
import { recordAudit } from "../../audit";
import { findFloodCases, findFloods } from "../floods.repository";
import { applyStep } from "./take-step";

function rangeOf(input: { from: string; to: string }) {
  const range = { from: new Date(input.from), to: new Date(input.to) };
  if (range.from > range.to) {
    throw new AppError("VALIDATION_FAILED", msg("开始时间不能晚于结束时间", "The start must not be after the end"), { errors: [{ path: "from", message: "range.invalid" }] });
  }
  return range;
}

/**
 * Floods of anonymous reports in the caller's dispatch scope (ADR 0014): sources (a hashed
 * address or device) with at least `minCount` reported, unfiled cases in the range, largest first.
 */
export async function listFloods(ctx: ActorContext, query: TCaseFloodQuery): Promise<{ items: TCaseFlood[] }> {
  const scope = authorize(ctx.actor, "cases.dispatch");
  const range = rangeOf(query);
  const items: TCaseFlood[] = [];
  for (const kind of ["address", "device"] as const) {
    for (const row of await findFloods(ctx.db, ctx.tenantId, scope, kind, range, query.minCount)) {
      items.push({ kind, source: row.source, count: row.count, firstAt: row.firstAt!.toISOString(), lastAt: row.lastAt!.toISOString(), sampleNumbers: row.sampleNumbers });
    }
  }
  items.sort((a, b) => b.count - a.count || a.kind.localeCompare(b.kind));
  return { items };
}

/**
 * Voids (注销) every reported case of one source in the range and the caller's scope in one step:
 * each through the state machine's void action (its own transaction, event and audit entry, as a
 * batch step), then one summary audit entry. More cases than the dispatcher confirmed is a 409
 * (the flood grew: look again); cases filed or voided meanwhile are simply not there any more.
 */
export async function voidFlood(ctx: ActorContext, input: TVoidFloodRequest): Promise<{ voided: number; failed: number }> {
  const scope = authorize(ctx.actor, "cases.dispatch");
  const range = rangeOf(input);
  const rows = await findFloodCases(ctx.db, ctx.tenantId, scope, input.kind, input.source, range, MAX_FLOOD_VOID + 1);
  if (rows.length === 0) throw new AppError("INVALID_STATE", msg("没有符合条件的待立案案件", "No reported cases match"));
  if (rows.length > input.expectedCount) {
    throw new AppError("INVALID_STATE", msg(`现有 ${rows.length} 件符合条件，多于确认的 ${input.expectedCount} 件，请刷新后重试`, `${rows.length} cases match now, more than the ${input.expectedCount} confirmed: reload and retry`));
  }
  let voided = 0;
  let failed = 0;
  for (const row of rows) {
    try {
      await applyStep(ctx, { actor: ctx.actor, label: ctx.actor.label, system: false }, row.id, { action: "void", version: row.version, reason: input.reason });
      voided++;
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      failed++;
    }
  }
  await recordAudit(ctx.db, ctx, {
    action: "case.flood.void",
    entityType: "case",
    entityId: null,
    after: { kind: input.kind, source: input.source.slice(0, 12), from: input.from, to: input.to, voided, failed, reason: input.reason },
  });
  return { voided, failed };
}
