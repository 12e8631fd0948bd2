import type { TCaseState, TSatisfaction } from "@caihong/contracts";
import { availableActions } from "@caihong/domain";
import type { RequestContext } from "../../../lib/context";
import { AppError, msg } from "../../../lib/errors";
import { hit, peek, rateLimited } from "../../../lib/limits";
import { fromJsonColumn } from "../../../lib/sql-fragments";
import { trackingHashOf } from "../cases.policy";
import { presentPhoto } from "../cases.presenter";
import { snapshotOf } from "../cases.projection";
import { findCaseByNumber, findEvents } from "../cases.repository";
import { findPhotos } from "../photos.repository";
import { HIDDEN_ACTIONS } from "../published.repository";
import { publicNoteOf, reporterNames } from "./read-published";
import { applyStep } from "./take-step";

// The public tracking page: whoever holds a case's number and tracking code (no account, so no
// authorization beyond the code) follows it, rates it and may reopen it.


/** Per-address limit on wrong tracking codes (a code has 32⁸ values; this stops guessing), in the one limiter (ADR 0014). */
const WRONG_CODES = { bucket: "case.track.address", limit: 30, windowSeconds: 3600 };

async function findTracked(ctx: RequestContext, number: string, code: string) {
  const now = ctx.clock();
  const address = ctx.pd.hash("address", ctx.ip);
  const seen = await peek(ctx.db, ctx.tenantId, WRONG_CODES.bucket, address, now);
  if (seen.count >= WRONG_CODES.limit) throw rateLimited(seen.resetSeconds, msg("查询过于频繁，请稍后再试", "Too many attempts: try again later"));
  const row = await findCaseByNumber(ctx.db, ctx.tenantId, number.trim().toUpperCase());
  if (!row || !row.c.trackingHash || row.c.trackingHash !== trackingHashOf(ctx.pd, code)) {
    await hit(ctx.db, ctx.tenantId, WRONG_CODES.bucket, address, WRONG_CODES.windowSeconds, now);
    throw new AppError("NOT_FOUND", msg("案件编号或查询码不正确", "Case number or tracking code is wrong"));
  }
  return row;
}

/** What the holder of a case's tracking code sees: progress, no names, no contact details. */
export async function trackCase(ctx: RequestContext, number: string, code: string) {
  const row = await findTracked(ctx, number, code);
  const [events, photos] = await Promise.all([findEvents(ctx.db, ctx.tenantId, row.c.id), findPhotos(ctx.db, ctx.tenantId, row.c.id)]);
  const now = ctx.clock();
  const names = reporterNames(ctx.pd, { reporterNameEnc: row.c.reporterNameEnc, reporterUserName: row.reporterUserName });
  const allowed = availableActions(snapshotOf(row, null), new Set(["reporter"]), now, { reopenWindowDays: ctx.config.reopenWindowDays });
  const query = `number=${encodeURIComponent(row.c.number)}&code=${encodeURIComponent(code)}`;
  return {
    number: row.c.number,
    state: row.c.state as TCaseState,
    categoryName: ctx.locale === "en" && row.categoryNameEn ? row.categoryNameEn : row.categoryName,
    description: row.c.description,
    address: row.c.address,
    gridName: row.gridName,
    reportedAt: row.c.reportedAt.toISOString(),
    handleDueAt: row.c.handleDueAt?.toISOString() ?? null,
    closedAt: row.c.closedAt?.toISOString() ?? null,
    satisfaction: row.c.satisfaction as TSatisfaction | null,
    photos: photos.map((p) => ({ ...presentPhoto(p, query), url: `/api/v1/public/case-photos/${p.id}?${query}`, thumbUrl: `/api/v1/public/case-photos/${p.id}?thumb=true&${query}` })),
    // The same rule as Open311 (ADR 0010): a step's note only when staff marked it public, redacted.
    // The code can be forwarded, so the page shows no more than the public would see of the steps.
    timeline: events
      .filter((e) => !(HIDDEN_ACTIONS as readonly string[]).includes(e.action))
      .map((e) => ({ action: e.action, toState: e.toState as TCaseState, at: e.at.toISOString(), note: publicNoteOf({ note: e.note, reason: e.reason, isPublic: fromJsonColumn<{ public?: boolean }>(e.data)?.public === true }, names) })),
    canRate: allowed.includes("rate"),
    canReopen: allowed.includes("reopen"),
  };
}

async function reporterStep(ctx: RequestContext, number: string, code: string, input: { action: "rate" | "reopen"; satisfaction?: TSatisfaction; note?: string; reason?: string }) {
  const row = await findTracked(ctx, number, code);
  await applyStep(ctx, { actor: null, label: ctx.locale === "en" ? "Reporter (tracking code)" : "反映人（查询码）", system: false, roles: new Set(["reporter"]) }, row.c.id, {
    action: input.action,
    version: row.c.version,
    satisfaction: input.satisfaction,
    note: input.note,
    reason: input.reason,
  });
  return trackCase(ctx, number, code);
}

/** Rates a closed case with its tracking code. */
export const rateByCode = (ctx: RequestContext, input: { number: string; code: string; satisfaction: TSatisfaction; note?: string }) =>
  reporterStep(ctx, input.number, input.code, { action: "rate", satisfaction: input.satisfaction, note: input.note });

/** Reopens a closed case with its tracking code (within the reopen window). */
export const reopenByCode = (ctx: RequestContext, input: { number: string; code: string; reason: string }) => reporterStep(ctx, input.number, input.code, { action: "reopen", reason: input.reason });

/** The tracking hash of a case number + code, or NOT_FOUND (for public photo reads). */
export async function trackedHash(ctx: RequestContext, number: string, code: string): Promise<string> {
  const row = await findTracked(ctx, number, code);
  return row.c.trackingHash!;
}
