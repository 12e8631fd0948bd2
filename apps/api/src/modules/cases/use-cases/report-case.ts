import type { TCaseChannel, ZCreateCaseRequest, ZPublicCaseRequest } from "@caihong/contracts";
import { CATEGORY_LEVEL, isInScope, toWgs84 } from "@caihong/domain";
import { randomUUID } from "node:crypto";
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
import { auditActorOf } from "../../audit";
import { isTwinOf, requestHashOf, storedResponse } from "../../idempotency";
import type { CategoryRow } from "../categories.repository";
import { newTrackingCode, trackingHashOf } from "../cases.policy";
import { caseSnapshot, presentCategory } from "../cases.presenter";
import { findCaseById, type CaseColumns, type CaseEventRow, type CaseRow } from "../cases.repository";
import { writeIntake, writeIntakeIn, type IntakeValues } from "../intake.repository";
import { findPhotos } from "../photos.repository";
import { rollupDeltas, rollupPayload, type RollupDelta } from "../rollups.repository";
import { webhookPayload } from "./deliver-webhooks";
import { detailFrom, getReportedCase } from "./read-cases";

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

/** A located report: WGS84 point, the micro grid it falls in, and the grids counter it was located under. */
export interface Located {
  lng: number | null;
  lat: number | null;
  gridId: string | null;
  /** null: not to be checked (no location, or a batch that located in its own transaction). */
  gridsVersion: number | null;
}

const categoryInvalid = (field = "body.categoryId") =>
  new AppError("UNPROCESSABLE", msg("请选择一个有效的问题小类", "Pick an active problem subcategory"), { errors: [{ path: field, message: "category.invalid" }] });

/** A 小类 that is active (reports are filed under 小类 only), from the category cache. */
export async function reportableCategory(ctx: Pick<RequestContext, "categories">, id: string, field = "body.categoryId"): Promise<CategoryRow> {
  const cat = await ctx.categories.get(id);
  if (!cat || cat.level !== CATEGORY_LEVEL.subclass || !cat.active) throw categoryInvalid(field);
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

type Where = { lng: number; lat: number; crs: "wgs84" | "gcj02" | "bd09" };

/**
 * Converts and locates the report from memory (the grid index), noting the grids counter the index
 * was built under: the intake statement writes nothing if the grids changed since (`atLeast`: the
 * counter it found then; the index is rebuilt under it).
 */
async function locateReport(ctx: RequestContext, location: Where | undefined, gridOverride: string | undefined, atLeast = 0): Promise<Located> {
  if (!location) return { lng: null, lat: null, gridId: null, gridsVersion: null };
  const [lng, lat] = toWgs84(location.lng, location.lat, location.crs);
  const { gridId, version } = await ctx.locator.locateVersioned(lng!, lat!, atLeast);
  if (!gridId && !gridOverride) {
    throw new AppError("UNPROCESSABLE", msg("该位置不在本街道范围内，请核对定位或在地图上重新选点", "This location is outside the sub-district: check it or pick the point on the map"), {
      errors: [{ path: "body.location", message: "field.outsideArea" }],
    });
  }
  // A grid chosen by hand does not depend on the index.
  return { lng: lng!, lat: lat!, gridId, gridsVersion: gridOverride ? null : version };
}

/** A report written: the case row as stored, with its first event, and the tracking code shown once. */
export interface WrittenReport {
  id: string;
  number: string;
  code: string | null;
  reportedAt: Date;
  /** The case as a reader gets it, built from what was written (no read-back). */
  row: CaseRow;
  event: CaseEventRow;
}

/** The statement found the grids changed since the report was located: locate again under `gridsVersion`. */
class GridsMoved {
  constructor(readonly gridsVersion: number) {}
}

/**
 * Writes the case, its photos, its first event, the audit entry, the webhook row, its rollup counts
 * and (with `once`) the idempotency key in ONE statement (intake.repository.ts): on its own as a
 * named prepared statement, or inside a batch's transaction (`tx`). `rollups`: collect the rollup
 * deltas there instead (a batch writes them once, at its end). `cat`: the report's category as
 * checked by the caller (the cache is read before any transaction: PGlite runs one at a time). Refusals found by the statement
 * (the category retired, a photo taken meanwhile) change nothing.
 */
export async function writeReport(
  ctx: RequestContext,
  actor: Principal | null,
  cat: CategoryRow,
  spec: IntakeSpec,
  where: Located,
  opts: { tx?: Db; rollups?: RollupDelta[]; once?: { principal: string; key: string; requestHash: string } } = {},
): Promise<WrittenReport | GridsMoved> {
  const now = ctx.clock();
  const reportedAt = spec.reportedAt ?? now;
  const id = randomUUID();
  const code = spec.withTrackingCode ? newTrackingCode() : null;
  const gridId = spec.gridId ?? where.gridId;
  const photoIds = [...new Set(spec.photoIds)];
  const c: CaseColumns = {
    tenantId: ctx.tenantId, id, number: "", channel: spec.channel, state: "reported", priority: spec.priority, categoryId: spec.categoryId,
    description: spec.description, address: spec.address ?? null, lng: where.lng, lat: where.lat, gridId,
    gridOverrideReason: spec.gridId ? (spec.gridOverrideReason ?? null) : null, attributes: spec.attributes ?? {},
    reporterUserId: spec.reporterUserId, reporterNameEnc: spec.reporterName ? ctx.pd.encrypt(spec.reporterName) : null,
    reporterPhoneEnc: spec.reporterPhone ? ctx.pd.encrypt(spec.reporterPhone) : null, anonymous: spec.anonymous,
    trackingHash: code ? trackingHashOf(ctx.pd, code) : null, hotlineOrderNo: spec.hotlineOrderNo ?? null,
    assigneeUserId: null, assigneeUnitId: null, reportedAt, filedAt: null, dispatchedAt: null, ackDueAt: null, warnAt: null,
    handleDueAt: null, closeDueAt: null, acknowledgedAt: null, handledAt: null, verifiedAt: null, closedAt: null, voidedAt: null,
    handlingMinutes: null, handledOnTime: null, closedOnTime: null, selfResolved: false, resumeState: null, extensionDueAt: null,
    extensionReason: null, satisfaction: null, mergedIntoId: null, round: 0, reworkCount: 0, returnCount: 0, extensionCount: 0,
    reopenCount: 0, escalation: null, nextEscalationAt: null, photoCount: photoIds.length, isDemo: false, createdAt: now, updatedAt: now,
    version: 1, overdueMarked: false, sourceAddressHash: spec.source?.addressHash ?? null, sourceDeviceHash: spec.source?.deviceHash ?? null,
  };
  const eventActorLabel = actor ? actor.label : spec.channel === "resident_app" ? "居民" : "system";
  // An API key's reports name the key: Open311 shows a client the progress of its own submissions.
  const eventData = { channel: spec.channel, ...(actor?.apiKeyId ? { apiKeyId: actor.apiKeyId } : {}), ...(spec.gridId && spec.gridOverrideReason ? { gridOverride: { gridId: spec.gridId, reason: spec.gridOverrideReason, located: where.gridId } } : {}) };
  const deltas = rollupDeltas(null, c);
  if (opts.rollups) opts.rollups.push(...deltas);
  const values: IntakeValues = {
    tenantId: ctx.tenantId, caseId: id, prefix: prefixOf(ctx.tenantId), year: shanghaiYear(reportedAt), channel: c.channel, priority: c.priority,
    categoryId: c.categoryId, description: c.description, address: c.address, lng: c.lng, lat: c.lat, gridId: c.gridId,
    gridOverrideReason: c.gridOverrideReason, attributes: c.attributes as Record<string, unknown>, reporterUserId: c.reporterUserId,
    reporterNameEnc: c.reporterNameEnc, reporterPhoneEnc: c.reporterPhoneEnc, anonymous: c.anonymous, trackingHash: c.trackingHash,
    sourceAddressHash: c.sourceAddressHash, sourceDeviceHash: c.sourceDeviceHash, hotlineOrderNo: c.hotlineOrderNo, reportedAt, now,
    gridsVersion: where.gridsVersion, photoIds, photoUploader: spec.reporterUserId ?? (actor ? actor.userId : null),
    eventId: randomUUID(), eventActorId: actor?.userId ?? null, eventActorLabel, eventData,
    // The number is added by the statement, which takes it.
    audit: { ...auditActorOf({ ...ctx, actor: actor ?? undefined }), after: (({ number: _n, ...rest }) => rest)(caseSnapshot(c)) },
    webhook: webhookPayload(ctx, "case.created", { caseId: id, channel: spec.channel, categoryId: spec.categoryId, gridId, state: "reported" }, now),
    rollups: rollupPayload(opts.rollups ? [] : deltas),
    once: opts.once ? { ...opts.once, responseEnc: ctx.pd.encrypt(JSON.stringify({ id, trackingCode: code })) } : null,
    apiKeyId: actor?.apiKeyId ?? null,
  };
  let out;
  try {
    out = opts.tx ? await writeIntakeIn(opts.tx, values) : await writeIntake(ctx.database, values);
  } catch (err) {
    if (isUniqueViolation(err, "cases_tenant_hotline_unique")) {
      throw new AppError("ALREADY_EXISTS", msg("该 12345 工单号已登记", "This 12345 work order is already on record"), { errors: [{ path: "body.hotlineOrderNo", message: "field.taken" }] });
    }
    throw err;
  }
  if (!out.written) {
    if (!out.keyHolds) throw new AppError("UNAUTHENTICATED", msg("API 密钥已撤销或过期", "The API key was revoked or has expired"));
    if (!out.categoryReportable) throw categoryInvalid();
    if (out.photosAvailable !== photoIds.length) {
      throw new AppError("UNPROCESSABLE", msg("有照片不存在或已被使用，请重新上传", "A photo does not exist or is already used: upload it again"), { errors: [{ path: "body.photoIds", message: "photo.unavailable" }] });
    }
    return new GridsMoved(out.gridsVersion);
  }
  c.number = out.number!;
  const row: CaseRow = {
    c, categoryCode: cat.code, categoryName: cat.name, categoryNameEn: cat.nameEn, categoryParentId: cat.parentId,
    gridName: out.gridName, gridPath: out.gridPath, assigneeUserName: null, assigneeUnitName: null, reporterUserName: out.reporterUserName, mergedIntoNumber: null,
  };
  const event: CaseEventRow = {
    tenantId: ctx.tenantId, id: values.eventId, caseId: id, seq: out.eventSeq!, action: "report", fromState: null, toState: "reported", at: reportedAt,
    actorId: values.eventActorId, actorLabel: eventActorLabel, note: null, reason: null, data: eventData, photoIds,
  };
  return { id, number: c.number, code, reportedAt, row, event };
}

/**
 * A report located from memory, written in one statement; located again when the statement finds
 * the grids redrawn since the index was built (another process's import, an edit a moment ago).
 * Three redraws during one report mean the grids are being rewritten: the caller is told to retry.
 */
async function writeLocatedReport(ctx: RequestContext, actor: Principal | null, cat: CategoryRow, spec: IntakeSpec, location: Where | undefined, opts: Parameters<typeof writeReport>[5]): Promise<WrittenReport> {
  let where = await locateReport(ctx, location, spec.gridId);
  for (let attempt = 0; attempt < 3; attempt++) {
    const written = await writeReport(ctx, actor, cat, spec, where, opts);
    if (!(written instanceof GridsMoved)) return written;
    where = await locateReport(ctx, location, spec.gridId, written.gridsVersion);
  }
  throw new AppError("INVALID_STATE", msg("网格正在调整，请稍后重新提交", "The grids are being redrawn: submit the report again in a moment"));
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
  const cat = await reportableCategory(ctx, input.categoryId);
  checkAttributes(cat, input.attributes);
  const reportedAt = input.reportedAt ? new Date(input.reportedAt) : undefined;
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
    reportedAt,
    withTrackingCode: onBehalf,
    source: opts.source,
  };
  type Stored = { id: string; trackingCode: string | null };
  const replay = async (stored: Stored) => ({ ...(await getReportedCase(ctx, stored.id)), trackingCode: stored.trackingCode });
  const once = await claimOnce<Stored>(ctx, `user:${ctx.actor.userId}`, idempotencyKey, { channel, ...input });
  if (once?.earlier) return replay(once.earlier);
  let written: WrittenReport;
  try {
    written = await writeLocatedReport(ctx, ctx.actor, cat, spec, input.location, { once: once?.claim });
  } catch (err) {
    const twin = once && isTwinOf(err) ? await storedResponse<Stored>(ctx, once.claim.principal, once.claim.key, once.claim.requestHash) : undefined;
    if (twin) return replay(twin);
    throw err;
  }
  // Every refusal is above: from here on the case exists, and the answer says so (built from what was written).
  const photos = written.row.c.photoCount > 0 ? await findPhotos(ctx.db, ctx.tenantId, written.id) : [];
  return { ...detailFrom(ctx, written.row, [written.event], photos), trackingCode: written.code };
}

/**
 * An Idempotency-Key's first response, or the claim the intake statement stores with its change:
 * undefined without a key. The statement's key insert makes a concurrent twin fail on the key.
 */
async function claimOnce<T>(ctx: RequestContext, principal: string, key: string | undefined, body: unknown) {
  if (!key) return undefined;
  const requestHash = requestHashOf(body);
  return { earlier: await storedResponse<T>(ctx, principal, key, requestHash), claim: { principal, key, requestHash } };
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
  const cat = await reportableCategory(ctx, input.categoryId);
  checkAttributes(cat, input.attributes);
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
  // The key keeps the case id (known before the statement); a retry reads the number back by it.
  type Stored = { id: string; trackingCode: string };
  const replay = async (stored: Stored) => {
    const c = await findCaseById(ctx.db, ctx.tenantId, stored.id);
    if (!c) throw new AppError("NOT_FOUND");
    return { number: c.c.number, trackingCode: stored.trackingCode, reportedAt: c.c.reportedAt.toISOString() };
  };
  const once = await claimOnce<Stored>(ctx, `anon:${ctx.ip}`, idempotencyKey, input);
  if (once?.earlier) return replay(once.earlier);
  try {
    const written = await writeLocatedReport(ctx, null, cat, spec, input.location, { once: once?.claim });
    return { number: written.number, trackingCode: written.code!, reportedAt: written.reportedAt.toISOString() };
  } catch (err) {
    const twin = once && isTwinOf(err) ? await storedResponse<Stored>(ctx, once.claim.principal, once.claim.key, once.claim.requestHash) : undefined;
    if (twin) return replay(twin);
    throw err;
  }
}
