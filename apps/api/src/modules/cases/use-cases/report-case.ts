import type { TCaseChannel, ZCreateCaseRequest, ZPublicCaseRequest } from "@caihong/contracts";
import { CATEGORY_LEVEL, isInScope, toWgs84 } from "@caihong/domain";
import type { z } from "zod";
import type { Db } from "../../../db/client";
import type { ActorContext, RequestContext } from "../../../lib/context";
import { isUniqueViolation } from "../../../lib/db-errors";
import { AppError, msg } from "../../../lib/errors";
import { enforce, peek, rateLimited } from "../../../lib/limits";
import { authorize } from "../../../lib/policy";
import type { Principal } from "../../../lib/principal";
import { requireProof } from "../../../lib/proof-of-work";
import { getGridPath } from "../../../lib/scope-sql";
import { recordAudit } from "../../audit";
import { runOnce } from "../../idempotency";
import { findCategory, type CategoryRow } from "../categories.repository";
import { newTrackingCode, trackingHashOf } from "../cases.policy";
import { caseSnapshot, presentCategory } from "../cases.presenter";
import { insertCase, insertEvent, nextCaseNumber } from "../cases.repository";
import { addRollupDeltas, rollupDeltas, type RollupDelta } from "../rollups.repository";
import { enqueueWebhook } from "./deliver-webhooks";
import { attachPhotos } from "./manage-photos";
import { getReportedCase } from "./read-cases";

/** Case-number prefixes per tenant (XH-2021-000123); others use the tenant id's first two letters. */
export const CASE_NUMBER_PREFIX: Record<string, string> = { xinhong: "XH" };
const prefixOf = (tenantId: string) => CASE_NUMBER_PREFIX[tenantId] ?? tenantId.slice(0, 2).toUpperCase();

/** Year of an instant in Asia/Shanghai. */
const shanghaiYear = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).getUTCFullYear();

/** What one intake writes, whatever the channel. */
export interface IntakeSpec {
  channel: TCaseChannel;
  categoryId: string;
  description: string;
  address?: string;
  gridId?: string;
  gridOverrideReason?: string;
  priority: "normal" | "urgent";
  photoIds: string[];
  anonymous: boolean;
  reporterUserId: string | null;
  reporterName?: string;
  reporterPhone?: string;
  hotlineOrderNo?: string;
  attributes?: Record<string, string | number | string[]>;
  reportedAt?: Date;
  /** Give the reporter a tracking code (reports without an account). */
  withTrackingCode: boolean;
  /** Keyed hashes of where an anonymous report came from (public page, Open311), for voiding a flood. */
  source?: ReportSource;
}

/** Where an anonymous report came from: keyed hashes of the client address and of the device cookie. */
export interface ReportSource {
  addressHash: string | null;
  deviceHash: string | null;
}

/** A located report: WGS84 point and the micro grid it falls in. */
export interface Located {
  lng: number | null;
  lat: number | null;
  gridId: string | null;
}

/** A 小类 that is active (reports are filed under 小类 only). */
export async function reportableCategory(db: Db, tenantId: string, id: string, field = "body.categoryId"): Promise<CategoryRow> {
  const cat = await findCategory(db, tenantId, id);
  if (!cat || cat.level !== CATEGORY_LEVEL.subclass || !cat.active) {
    throw new AppError("UNPROCESSABLE", msg("请选择一个有效的问题小类", "Pick an active problem subcategory"), { errors: [{ path: field, message: "category.invalid" }] });
  }
  return cat;
}

/** Checks extra-field answers against the category's field definitions. */
export function checkAttributes(cat: CategoryRow, attributes: Record<string, string | number | string[]> | undefined, base = "body.attributes") {
  const fields = presentCategory(cat).fields;
  const errors: { path: string; message: string }[] = [];
  const given = attributes ?? {};
  for (const key of Object.keys(given)) if (!fields.some((f) => f.code === key)) errors.push({ path: `${base}.${key}`, message: "field.unknown" });
  for (const f of fields) {
    const v = given[f.code];
    const empty = v === undefined || v === "" || (Array.isArray(v) && v.length === 0);
    if (empty) {
      if (f.required) errors.push({ path: `${base}.${f.code}`, message: "field.required" });
      continue;
    }
    const keys = (f.options ?? []).map((o) => o.key);
    const ok =
      f.datatype === "number"
        ? typeof v === "number" || (typeof v === "string" && v.trim() !== "" && Number.isFinite(Number(v)))
        : f.datatype === "multivaluelist"
          ? (Array.isArray(v) ? v : [String(v)]).every((x) => keys.includes(x))
          : f.datatype === "singlevaluelist"
            ? typeof v === "string" && keys.includes(v)
            : f.datatype === "datetime"
              ? typeof v === "string" && !Number.isNaN(Date.parse(v))
              : typeof v === "string";
    if (!ok) errors.push({ path: `${base}.${f.code}`, message: "field.invalid" });
  }
  if (errors.length) throw new AppError("VALIDATION_FAILED", msg("补充信息不符合该分类的要求", "The extra fields do not match this category"), { errors });
}

/**
 * Converts and locates the report before any transaction (the embedded database runs one query at
 * a time, and the locator reads through the shared handle).
 */
async function locateReport(ctx: RequestContext, location: { lng: number; lat: number; crs: "wgs84" | "gcj02" | "bd09" } | undefined, gridOverride: string | undefined): Promise<Located> {
  if (!location) return { lng: null, lat: null, gridId: null };
  const [lng, lat] = toWgs84(location.lng, location.lat, location.crs);
  const gridId = await ctx.locator.locate(lng!, lat!);
  if (!gridId && !gridOverride) {
    throw new AppError("UNPROCESSABLE", msg("该位置不在本街道范围内，请核对定位或在地图上重新选点", "This location is outside the sub-district: check it or pick the point on the map"), {
      errors: [{ path: "body.location", message: "field.outsideArea" }],
    });
  }
  return { lng: lng!, lat: lat!, gridId };
}

/**
 * Takes the next case number in a statement of its own, before the intake transaction: the
 * counter row is then locked for one UPDATE, not for the whole intake, so concurrent reports do
 * not queue behind each other. A report that fails afterwards leaves a gap in the numbers (as
 * 12345 work-order numbers have), never a duplicate.
 */
export function allocateCaseNumber(ctx: Pick<RequestContext, "db" | "tenantId">, reportedAt: Date): Promise<string> {
  return nextCaseNumber(ctx.db, ctx.tenantId, prefixOf(ctx.tenantId), shanghaiYear(reportedAt));
}

/**
 * Writes the case, its photos, its first event, the audit entry, the webhook row and its counts in
 * the evaluation rollups, in the caller's transaction. `rollups`: collect the rollup deltas there
 * instead (a batch of intakes writes them once, at its end).
 */
export async function insertReport(tx: Db, ctx: RequestContext, actor: Principal | null, spec: IntakeSpec, where: Located, number: string, rollups?: RollupDelta[]) {
  const now = ctx.clock();
  const reportedAt = spec.reportedAt ?? now;
  const code = spec.withTrackingCode ? newTrackingCode() : null;
  const gridId = spec.gridId ?? where.gridId;
  let c;
  try {
    c = await insertCase(tx, {
      tenantId: ctx.tenantId,
      number,
      channel: spec.channel,
      state: "reported",
      priority: spec.priority,
      categoryId: spec.categoryId,
      description: spec.description,
      address: spec.address ?? null,
      lng: where.lng,
      lat: where.lat,
      gridId,
      gridOverrideReason: spec.gridId ? (spec.gridOverrideReason ?? null) : null,
      attributes: spec.attributes ?? {},
      reporterUserId: spec.reporterUserId,
      reporterNameEnc: spec.reporterName ? ctx.pd.encrypt(spec.reporterName) : null,
      reporterPhoneEnc: spec.reporterPhone ? ctx.pd.encrypt(spec.reporterPhone) : null,
      anonymous: spec.anonymous,
      trackingHash: code ? trackingHashOf(ctx.pd, code) : null,
      sourceAddressHash: spec.source?.addressHash ?? null,
      sourceDeviceHash: spec.source?.deviceHash ?? null,
      hotlineOrderNo: spec.hotlineOrderNo ?? null,
      reportedAt,
      createdAt: now,
      updatedAt: now,
    });
  } catch (err) {
    if (isUniqueViolation(err, "cases_tenant_hotline_unique")) {
      throw new AppError("ALREADY_EXISTS", msg("该 12345 工单号已登记", "This 12345 work order is already on record"), { errors: [{ path: "body.hotlineOrderNo", message: "field.taken" }] });
    }
    throw err;
  }
  await attachPhotos(tx, ctx.tenantId, c.id, spec.photoIds, spec.reporterUserId ?? (actor ? actor.userId : null), "report");
  await insertEvent(tx, ctx.tenantId, {
    caseId: c.id,
    action: "report",
    fromState: null,
    toState: "reported",
    at: reportedAt,
    actorId: actor?.userId ?? null,
    actorLabel: actor ? actor.label : spec.channel === "resident_app" ? "居民" : "system",
    // An API key's reports name the key: Open311 shows a client the progress of its own submissions.
    data: { channel: spec.channel, ...(actor?.apiKeyId ? { apiKeyId: actor.apiKeyId } : {}), ...(spec.gridId && spec.gridOverrideReason ? { gridOverride: { gridId: spec.gridId, reason: spec.gridOverrideReason, located: where.gridId } } : {}) },
    photoIds: spec.photoIds,
  });
  await recordAudit(tx, { ...ctx, actor: actor ?? undefined }, { action: "case.create", entityType: "case", entityId: c.id, gridId, after: caseSnapshot(c) });
  await enqueueWebhook(tx, ctx, "case.created", { caseId: c.id, number, channel: spec.channel, categoryId: spec.categoryId, gridId, state: "reported" }, now);
  if (rollups) rollups.push(...rollupDeltas(null, c));
  else await addRollupDeltas(tx, ctx.tenantId, rollupDeltas(null, c));
  return { id: c.id, number, code, reportedAt: c.reportedAt };
}

/** The channel a caller reports through by default, from what they hold. */
function defaultChannel(actor: Principal): TCaseChannel {
  if (actor.permissions.has("cases.dispatch")) return "staff_proxy";
  if (actor.permissions.has("cases.handle")) return "patrol";
  return "resident_app";
}

/** Patrol needs cases.handle; hotline and staff entries need cases.dispatch; Open311 only through /open311. */
function checkChannel(actor: Principal, channel: TCaseChannel) {
  const needs: Partial<Record<TCaseChannel, "cases.handle" | "cases.dispatch">> = { patrol: "cases.handle", hotline: "cases.dispatch", staff_proxy: "cases.dispatch" };
  const need = needs[channel];
  if (channel === "open311" || (need && !actor.permissions.has(need))) {
    throw new AppError("FORBIDDEN", msg("您不能通过该渠道登记案件", "You cannot report through this channel"), { errors: [{ path: "body.channel", message: "channel.forbidden" }] });
  }
}

const locationRequired = () =>
  new AppError("VALIDATION_FAILED", msg("请在地图上选点或开启定位", "Pick the place on the map or share your location"), { errors: [{ path: "body.location", message: "field.required" }] });

/** A report by a signed-in caller: resident, grid worker on patrol, hotline operator or staff (and Open311 with `channel`). */
export async function reportCase(ctx: ActorContext, input: z.infer<typeof ZCreateCaseRequest>, idempotencyKey?: string, opts: { channel?: TCaseChannel; source?: ReportSource } = {}) {
  authorize(ctx.actor, "cases.report");
  const channel = opts.channel ?? input.channel ?? defaultChannel(ctx.actor);
  if (!opts.channel) checkChannel(ctx.actor, channel);
  const onBehalf = channel === "hotline" || channel === "staff_proxy" || channel === "open311";
  if (input.gridId) {
    if (!input.gridOverrideReason) throw new AppError("VALIDATION_FAILED", undefined, { errors: [{ path: "body.gridOverrideReason", message: "field.required" }] });
    const scope = authorize(ctx.actor, "cases.dispatch");
    const gridPath = await getGridPath(ctx.db, ctx.tenantId, input.gridId, "body.gridId");
    if (!isInScope(scope, { gridPath, gridId: input.gridId, ownerId: null })) throw new AppError("FORBIDDEN", msg("该网格不在您的数据范围内", "This grid is outside your data scope"));
  }
  if ((input.reporter || input.hotlineOrderNo) && !onBehalf) {
    throw new AppError("VALIDATION_FAILED", msg("只有热线或代为登记可以填写报告人信息", "Reporter details are for hotline or staff entries"), { errors: [{ path: input.reporter ? "body.reporter" : "body.hotlineOrderNo", message: "field.notAllowed" }] });
  }
  if (!input.location && !input.gridId) throw locationRequired();
  const cat = await reportableCategory(ctx.db, ctx.tenantId, input.categoryId);
  checkAttributes(cat, input.attributes);
  const where = await locateReport(ctx, input.location, input.gridId);
  const reportedAt = input.reportedAt ? new Date(input.reportedAt) : ctx.clock();
  const spec: IntakeSpec = {
    channel,
    categoryId: cat.id,
    description: input.description,
    address: input.address,
    gridId: input.gridId,
    gridOverrideReason: input.gridOverrideReason,
    priority: input.priority,
    photoIds: input.photoIds,
    anonymous: input.anonymous,
    reporterUserId: onBehalf ? null : ctx.actor.userId,
    reporterName: input.reporter?.name,
    reporterPhone: input.reporter?.phone,
    hotlineOrderNo: input.hotlineOrderNo,
    attributes: input.attributes,
    reportedAt: input.reportedAt ? reportedAt : undefined,
    withTrackingCode: onBehalf,
    source: opts.source,
  };
  const result = await runOnce(ctx, {
    principal: `user:${ctx.actor.userId}`,
    key: idempotencyKey,
    body: { channel, ...input },
    prepare: () => allocateCaseNumber(ctx, reportedAt),
    run: async (tx, number) => {
      const created = await insertReport(tx, ctx, ctx.actor, spec, where, number);
      return { id: created.id, trackingCode: created.code };
    },
  });
  // Every refusal is above: from here on the case exists, and the answer says so.
  const detail = await getReportedCase(ctx, result.id);
  return { ...detail, trackingCode: result.trackingCode };
}

/**
 * The public page's limits (ADR 0014), before anything else: per address and per device cookie per
 * hour (429 with Retry-After), and past a lower count per address a proof of work (428 with a
 * challenge). Counted in the database, so every server process counts alike.
 */
async function limitPublicReport(ctx: RequestContext, source: { addressHash: string; deviceHash: string }, proof: string | undefined) {
  const now = ctx.clock();
  const rules = ctx.config.limits.reports;
  const tooMany = (s: number) => msg(`提交过于频繁，请 ${Math.ceil(s / 60)} 分钟后再试`, `Too many reports: try again in ${Math.ceil(s / 60)} min`);
  const address = { bucket: "case.report.address", limit: rules.perAddressPerHour, windowSeconds: 3600 };
  const seen = await peek(ctx.db, ctx.tenantId, address.bucket, source.addressHash, now);
  if (seen.count >= address.limit) throw rateLimited(seen.resetSeconds, tooMany(seen.resetSeconds));
  if (seen.count >= rules.challengeAfter) await requireProof(ctx, proof, rules.challengeBits, now);
  await enforce(ctx.db, ctx.tenantId, address, source.addressHash, now, tooMany);
  await enforce(ctx.db, ctx.tenantId, { bucket: "case.report.device", limit: rules.perDevicePerHour, windowSeconds: 3600 }, source.deviceHash, now, tooMany);
}

/**
 * A report from the public page without an account: returns its number and tracking code.
 * No authorization: anyone may report; the page's limits apply (limitPublicReport). The report
 * keeps keyed hashes of its address and device so a dispatcher can void a flood in one step.
 */
export async function reportCaseInPublic(ctx: RequestContext, input: z.infer<typeof ZPublicCaseRequest>, client: { deviceId: string; proof?: string }, idempotencyKey?: string) {
  const source = { addressHash: ctx.pd.hash("address", ctx.ip), deviceHash: ctx.pd.hash("device", client.deviceId) };
  await limitPublicReport(ctx, source, client.proof);
  if (!input.location) throw locationRequired();
  const cat = await reportableCategory(ctx.db, ctx.tenantId, input.categoryId);
  checkAttributes(cat, input.attributes);
  const where = await locateReport(ctx, input.location, undefined);
  const spec: IntakeSpec = {
    channel: "resident_app",
    categoryId: cat.id,
    description: input.description,
    address: input.address,
    priority: "normal",
    photoIds: input.photoIds,
    anonymous: !input.contact?.name,
    reporterUserId: null,
    reporterName: input.contact?.name,
    reporterPhone: input.contact?.phone,
    attributes: input.attributes,
    withTrackingCode: true,
    source,
  };
  return runOnce(ctx, {
    principal: `anon:${ctx.ip}`,
    key: idempotencyKey,
    body: input,
    prepare: () => allocateCaseNumber(ctx, ctx.clock()),
    run: async (tx, number) => {
      const created = await insertReport(tx, ctx, null, spec, where, number);
      return { number: created.number, trackingCode: created.code!, reportedAt: created.reportedAt.toISOString() };
    },
  });
}
