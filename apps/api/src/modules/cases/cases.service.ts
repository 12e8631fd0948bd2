import { createHash, randomBytes } from "node:crypto";
import {
  CASE_ACTION_LABELS,
  CASE_STATE_LABELS,
  type TCaseAction,
  type TCaseChannel,
  type TCaseDetail,
  type TCaseTransitionRequest,
  type TFindCasesQuery,
  type ZCreateCaseRequest,
  type ZPublicCaseRequest,
} from "@caihong/contracts";
import {
  availableActions,
  decide,
  isInScope,
  resolveScope,
  toWgs84,
  type CaseCommand,
  type CaseRole,
  type CaseSnapshot,
  type CaseState,
  type DataScope,
  type EscalationStage,
} from "@caihong/domain";
import { and, eq, inArray, isNull, sql } from "drizzle-orm";
import type { z } from "zod";
import type { Db } from "../../db/client";
import { recordAudit } from "../audit";
import { getGridPath } from "../../lib/scope-sql";
import type { ActorContext, RequestContext } from "../../lib/context";
import { isUniqueViolation, pgErrorCode } from "../../lib/db-errors";
import { AppError, msg } from "../../lib/errors";
import { decodeCursor, toPage } from "../../lib/pagination";
import type { Principal } from "../../lib/principal";
import { authorize, gridRecord } from "../../lib/policy";
import { findGrantRows } from "../auth";
import { units } from "../units/units.table";
import { users } from "../users/users.table";
import { findCategory, presentCategory, type CategoryRow } from "./categories.service";
import { caseVisibility, findCaseById, findCases, findDuplicates, findEvents, findPhotos, nextCaseNumber, type CaseRow } from "./cases.repository";
import { caseSnapshot, presentCaseDetail, presentCaseSummary } from "./cases.presenter";
import { stepColumns, type StepFacts } from "./cases.projection";
export { duesFor } from "./cases.projection";
import { dispatchersOfGrid, enqueueWebhook, lastDispatcherOf, notifyUsers, reportersOf } from "./cases.notify";
import { caseEscalations, caseEvents, casePhotos, cases, idempotencyKeys } from "./cases.table";


export const CASE_NUMBER_PREFIX: Record<string, string> = { xinhong: "XH" };
const prefixOf = (tenantId: string) => CASE_NUMBER_PREFIX[tenantId] ?? tenantId.slice(0, 2).toUpperCase();

/** Year of an instant in Asia/Shanghai. */
const shanghaiYear = (d: Date) => new Date(d.getTime() + 8 * 3_600_000).getUTCFullYear();

// ---------------------------------------------------------------------------------------------
// Idempotency

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

/** Checks an Idempotency-Key header (printable ASCII, ≤ 200 characters). */
export function parseIdempotencyKey(value: string | string[] | undefined): string | undefined {
  if (value === undefined) return undefined;
  if (Array.isArray(value) || !IDEMPOTENCY_KEY.test(value)) {
    throw new AppError("BAD_HEADER", msg("Idempotency-Key 须为 1–200 个可见 ASCII 字符", "Idempotency-Key must be 1–200 printable ASCII characters"));
  }
  return value;
}

/**
 * Runs a creating request once per (caller, key): the first run's response is stored (encrypted,
 * it may hold a tracking code) in the same transaction as what it created; a retry with the same
 * key and body gets that response again, a retry with another body gets 422. Two concurrent
 * twins: the second insert of the key waits for the first transaction and fails on the key, so
 * its own case rolls back and it answers with the stored response.
 */
async function once<T>(ctx: RequestContext, principal: string, key: string | undefined, body: unknown, run: (tx: Db, number: string) => Promise<T>, reportedAt: Date = ctx.clock()): Promise<T> {
  if (!key) {
    const number = await allocateCaseNumber(ctx, reportedAt);
    return ctx.db.transaction((tx) => run(tx, number));
  }
  const requestHash = createHash("sha256").update(JSON.stringify(body)).digest("hex");
  const stored = async () => {
    const [row] = await ctx.db.select().from(idempotencyKeys).where(and(eq(idempotencyKeys.tenantId, ctx.tenantId), eq(idempotencyKeys.principal, principal), eq(idempotencyKeys.key, key)));
    if (!row) return undefined;
    if (row.requestHash !== requestHash) {
      throw new AppError("UNPROCESSABLE", msg("该 Idempotency-Key 已用于另一份不同的请求", "This Idempotency-Key was used for a different request"));
    }
    return JSON.parse(ctx.pd.decrypt(row.responseEnc)) as T;
  };
  const earlier = await stored();
  if (earlier) return earlier;
  const number = await allocateCaseNumber(ctx, reportedAt);
  try {
    return await ctx.db.transaction(async (tx) => {
      const result = await run(tx, number);
      await tx.insert(idempotencyKeys).values({ tenantId: ctx.tenantId, principal, key, requestHash, status: 201, responseEnc: ctx.pd.encrypt(JSON.stringify(result)), createdAt: ctx.clock() });
      return result;
    });
  } catch (err) {
    if (isUniqueViolation(err, "idempotency_keys_tenant_id_principal_key_pk") || pgErrorCode(err) === "23505") {
      const twin = await stored();
      if (twin) return twin;
    }
    throw err;
  }
}

// ---------------------------------------------------------------------------------------------
// Intake

interface IntakeSpec {
  channel: TCaseChannel;
  categoryId: string;
  description: string;
  location?: { lng: number; lat: number; crs: "wgs84" | "gcj02" | "bd09" };
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
  isDemo?: boolean;
}

/** A 小类 that is active (reports are filed under 小类 only). */
export async function reportableCategory(db: Db, tenantId: string, id: string, field = "body.categoryId"): Promise<CategoryRow> {
  const cat = await findCategory(db, tenantId, id);
  if (!cat || cat.level !== 2 || !cat.active) {
    throw new AppError("UNPROCESSABLE", msg("请选择一个有效的问题小类", "Pick an active problem subcategory"), { errors: [{ path: field, message: "category.invalid" }] });
  }
  return cat;
}

/** Checks extra-field answers against the category's field definitions. */
function checkAttributes(cat: CategoryRow, attributes: Record<string, string | number | string[]> | undefined, base = "body.attributes") {
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
async function locateReport(ctx: RequestContext, spec: Pick<IntakeSpec, "location" | "gridId">) {
  if (!spec.location) return { lng: null, lat: null, gridId: null };
  const [lng, lat] = toWgs84(spec.location.lng, spec.location.lat, spec.location.crs);
  const gridId = await ctx.locator.locate(lng!, lat!);
  if (!gridId && !spec.gridId) {
    throw new AppError("UNPROCESSABLE", msg("该位置不在本街道范围内，请核对定位或在地图上重新选点", "This location is outside the sub-district: check it or pick the point on the map"), {
      errors: [{ path: "body.location", message: "field.outsideArea" }],
    });
  }
  return { lng: lng!, lat: lat!, gridId };
}

/** Attaches uploaded photos (unattached; the caller's own, or anonymous uploads for public reports). */
async function attachPhotos(tx: Db, tenantId: string, caseId: string, photoIds: string[], uploader: string | null, kind: "report" | "evidence", field: string) {
  if (photoIds.length === 0) return 0;
  const ids = [...new Set(photoIds)];
  const attached = await tx
    .update(casePhotos)
    .set({ caseId, kind })
    .where(and(eq(casePhotos.tenantId, tenantId), inArray(casePhotos.id, ids), isNull(casePhotos.caseId), uploader ? eq(casePhotos.uploadedBy, uploader) : isNull(casePhotos.uploadedBy)))
    .returning({ id: casePhotos.id });
  if (attached.length !== ids.length) {
    throw new AppError("UNPROCESSABLE", msg("有照片不存在或已被使用，请重新上传", "A photo does not exist or is already used: upload it again"), { errors: [{ path: field, message: "photo.unavailable" }] });
  }
  await tx.update(cases).set({ photoCount: sql`${cases.photoCount} + ${ids.length}` }).where(and(eq(cases.tenantId, tenantId), eq(cases.id, caseId)));
  return ids.length;
}

function trackingCode(): string {
  const alphabet = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";
  const bytes = randomBytes(8);
  const chars = [...bytes].map((b) => alphabet[b % alphabet.length]).join("");
  return `${chars.slice(0, 4)}-${chars.slice(4)}`;
}

const hashTracking = (ctx: RequestContext, code: string) => ctx.pd.hash("phone", `track:${code.trim().toUpperCase()}`); // same as public.service trackingHashOf

/**
 * Takes the next case number in a statement of its own, before the intake transaction: the
 * counter row is then locked for one UPDATE, not for the whole intake, so concurrent reports do
 * not queue behind each other. A report that fails afterwards leaves a gap in the numbers (as
 * 12345 work-order numbers have), never a duplicate.
 */
export async function allocateCaseNumber(ctx: RequestContext, reportedAt: Date): Promise<string> {
  return nextCaseNumber(ctx.db, ctx.tenantId, prefixOf(ctx.tenantId), shanghaiYear(reportedAt));
}

async function insertCase(tx: Db, ctx: RequestContext, actor: Principal | null, spec: IntakeSpec, where: { lng: number | null; lat: number | null; gridId: string | null }, number: string) {
  const now = ctx.clock();
  const reportedAt = spec.reportedAt ?? now;
  const code = spec.withTrackingCode ? trackingCode() : null;
  const gridId = spec.gridId ?? where.gridId;
  let created;
  try {
    [created] = await tx
      .insert(cases)
      .values({
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
        trackingHash: code ? hashTracking(ctx, code) : null,
        hotlineOrderNo: spec.hotlineOrderNo ?? null,
        reportedAt,
        isDemo: spec.isDemo ?? false,
        createdAt: now,
        updatedAt: now,
      })
      .returning();
  } catch (err) {
    if (isUniqueViolation(err, "cases_tenant_hotline_unique")) {
      throw new AppError("ALREADY_EXISTS", msg("该 12345 工单号已登记", "This 12345 work order is already on record"), { errors: [{ path: "body.hotlineOrderNo", message: "field.taken" }] });
    }
    throw err;
  }
  const c = created!;
  await attachPhotos(tx, ctx.tenantId, c.id, spec.photoIds, spec.reporterUserId ?? (actor ? actor.userId : null), "report", "body.photoIds");
  await tx.insert(caseEvents).values({
    tenantId: ctx.tenantId,
    caseId: c.id,
    action: "report",
    fromState: null,
    toState: "reported",
    at: reportedAt,
    actorId: actor?.userId ?? null,
    actorLabel: actor ? actor.label : spec.channel === "resident_app" ? "居民" : "system",
    data: { channel: spec.channel, ...(spec.gridId && spec.gridOverrideReason ? { gridOverride: { gridId: spec.gridId, reason: spec.gridOverrideReason, located: where.gridId } } : {}) },
    photoIds: spec.photoIds,
  });
  await recordAudit(tx, { ...ctx, actor: actor ?? undefined }, { action: "case.create", entityType: "case", entityId: c.id, gridId, after: caseSnapshot(c) });
  await enqueueWebhook(tx, ctx.config, ctx.tenantId, "case.created", { caseId: c.id, number, channel: spec.channel, categoryId: spec.categoryId, gridId, state: "reported" }, now);
  return { id: c.id, number, code };
}

/** Which channels a caller may report through, from what they hold. */
function defaultChannel(actor: Principal): TCaseChannel {
  if (actor.permissions.has("cases.dispatch")) return "staff_proxy";
  if (actor.permissions.has("cases.handle")) return "patrol";
  return "resident_app";
}

function checkChannel(actor: Principal, channel: TCaseChannel) {
  const needs: Partial<Record<TCaseChannel, "cases.handle" | "cases.dispatch">> = { patrol: "cases.handle", hotline: "cases.dispatch", staff_proxy: "cases.dispatch" };
  const need = needs[channel];
  if (channel === "open311" || (need && !actor.permissions.has(need))) {
    throw new AppError("FORBIDDEN", msg("您不能通过该渠道登记案件", "You cannot report through this channel"), { errors: [{ path: "body.channel", message: "channel.forbidden" }] });
  }
}

/** A report by a signed-in caller: resident, grid worker on patrol, hotline operator or staff. */
export async function createCase(ctx: ActorContext, input: z.infer<typeof ZCreateCaseRequest>, idempotencyKey?: string, opts: { channel?: TCaseChannel } = {}) {
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
  if (!input.location && !input.gridId) {
    throw new AppError("VALIDATION_FAILED", msg("请在地图上选点或开启定位", "Pick the place on the map or share your location"), { errors: [{ path: "body.location", message: "field.required" }] });
  }
  const cat = await reportableCategory(ctx.db, ctx.tenantId, input.categoryId);
  checkAttributes(cat, input.attributes);
  const where = await locateReport(ctx, input);
  const reportedAt = input.reportedAt ? new Date(input.reportedAt) : ctx.clock();
  const result = await once(ctx, `user:${ctx.actor.userId}`, idempotencyKey, { channel, ...input }, async (tx, number) => {
    const created = await insertCase(tx, ctx, ctx.actor, {
      channel,
      categoryId: cat.id,
      description: input.description,
      location: input.location,
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
      reportedAt: input.reportedAt ? new Date(input.reportedAt) : undefined,
      withTrackingCode: onBehalf,
    }, where, number);
    return { id: created.id, trackingCode: created.code };
  }, reportedAt);
  const detail = await getCase(ctx, result.id, true);
  return { ...detail, trackingCode: result.trackingCode };
}

/** A report from the public page without an account: returns its number and tracking code. */
export async function createPublicCase(ctx: RequestContext, input: z.infer<typeof ZPublicCaseRequest>, idempotencyKey?: string) {
  if (!input.location) {
    throw new AppError("VALIDATION_FAILED", msg("请在地图上选点或开启定位", "Pick the place on the map or share your location"), { errors: [{ path: "body.location", message: "field.required" }] });
  }
  const cat = await reportableCategory(ctx.db, ctx.tenantId, input.categoryId);
  checkAttributes(cat, input.attributes);
  const where = await locateReport(ctx, input);
  return once(ctx, `anon:${ctx.ip}`, idempotencyKey, input, async (tx, number) => {
    const created = await insertCase(tx, ctx, null, {
      channel: "resident_app",
      categoryId: cat.id,
      description: input.description,
      location: input.location,
      address: input.address,
      priority: "normal",
      photoIds: input.photoIds,
      anonymous: !input.contact?.name,
      reporterUserId: null,
      reporterName: input.contact?.name,
      reporterPhone: input.contact?.phone,
      attributes: input.attributes,
      withTrackingCode: true,
    }, where, number);
    const [row] = await tx.select({ reportedAt: cases.reportedAt }).from(cases).where(and(eq(cases.tenantId, ctx.tenantId), eq(cases.id, created.id)));
    return { number: created.number, trackingCode: created.code!, reportedAt: row!.reportedAt.toISOString() };
  });
}

// ---------------------------------------------------------------------------------------------
// Reading

function scopeOf(actor: Principal, permission: "cases.read" | "cases.dispatch" | "cases.handle"): DataScope {
  return resolveScope(actor.grants, permission, actor.userId);
}

/** What the caller is to this case (see CaseRole). */
export function rolesFor(actor: Principal, row: CaseRow): Set<CaseRole> {
  const c = row.c;
  const roles = new Set<CaseRole>();
  const where = gridRecord({ gridId: c.gridId, gridPath: row.gridPath });
  if (isInScope(scopeOf(actor, "cases.dispatch"), where)) roles.add("dispatcher");
  const handleScope = scopeOf(actor, "cases.handle");
  if (handleScope.kind !== "none") {
    if (c.assigneeUserId === actor.userId) roles.add("handler");
    else if (!c.assigneeUserId && isInScope(handleScope, where)) roles.add("handler");
    else if (c.state === "reported" && c.reporterUserId === actor.userId) roles.add("handler");
  }
  if (c.reporterUserId === actor.userId) roles.add("reporter");
  return roles;
}

function canSee(actor: Principal, row: CaseRow): boolean {
  const scope = scopeOf(actor, "cases.read");
  if (scope.kind === "none") return false;
  return isInScope(scope, { gridId: row.c.gridId, gridPath: row.gridPath, ownerId: row.c.reporterUserId }) || row.c.assigneeUserId === actor.userId;
}

async function loadVisible(db: Db, ctx: ActorContext, id: string, forUpdate = false): Promise<CaseRow> {
  authorize(ctx.actor, "cases.read");
  const row = await findCaseById(db, ctx.tenantId, id, forUpdate);
  if (!row) throw new AppError("NOT_FOUND");
  if (!canSee(ctx.actor, row)) throw new AppError("FORBIDDEN", msg("该案件不在您的数据范围内", "This case is outside your data scope"));
  return row;
}

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

/** The case as the caller sees it; `fresh` (just reported) skips the duplicates query, none can exist yet. */
async function detailOf(db: Db, ctx: ActorContext, row: CaseRow, fresh = false): Promise<TCaseDetail> {
  const now = ctx.clock();
  const [events, photos, duplicates] = await Promise.all([
    findEvents(db, ctx.tenantId, row.c.id),
    row.c.photoCount > 0 ? findPhotos(db, ctx.tenantId, row.c.id) : [],
    fresh ? [] : findDuplicates(db, ctx.tenantId, row.c.id),
  ]);
  const roles = rolesFor(ctx.actor, row);
  const allowed = availableActions(snapshotOf(row, ctx.actor), roles, now, { reopenWindowDays: ctx.config.reopenWindowDays }) as TCaseAction[];
  return presentCaseDetail(row, { events, photos, duplicates, allowedActions: allowed, own: row.c.reporterUserId === ctx.actor.userId }, ctx.pd, now, ctx.locale);
}

export async function getCase(ctx: ActorContext, id: string, fresh = false): Promise<TCaseDetail> {
  const row = await loadVisible(ctx.db, ctx, id);
  return detailOf(ctx.db, ctx, row, fresh);
}

export async function caseFilter(ctx: ActorContext, query: Partial<TFindCasesQuery>) {
  const gridPath = query.gridId ? await getGridPath(ctx.db, ctx.tenantId, query.gridId, "querystring.gridId") : undefined;
  return { ...query, gridPath, userId: ctx.actor.userId, now: ctx.clock() };
}

export async function listCases(ctx: ActorContext, query: TFindCasesQuery) {
  const scope = authorize(ctx.actor, "cases.read");
  const byDue = query.sort === "due_asc";
  const after = decodeCursor(query.cursor, 2);
  const rows = await findCases(ctx.db, ctx.tenantId, scope, { ...(await caseFilter(ctx, query)), after: after ? { at: after[0]!, id: after[1]! } : undefined, limit: query.limit });
  const now = ctx.clock();
  return toPage(rows, query.limit, (r) => presentCaseSummary(r, now, ctx.locale), (r) => [byDue ? (r.c.handleDueAt?.toISOString() ?? "infinity") : r.c.reportedAt.toISOString(), r.c.id]);
}

/** Reporter's contact in full (personal.unmask within cases.read scope; audited). */
export async function revealReporter(ctx: ActorContext, id: string) {
  authorize(ctx.actor, "personal.unmask");
  const row = await loadVisible(ctx.db, ctx, id);
  await recordAudit(ctx.db, ctx, { action: "case.reporter.unmask", entityType: "case", entityId: id, gridId: row.c.gridId });
  const c = row.c;
  return { name: row.reporterUserName ?? (c.reporterNameEnc ? ctx.pd.decrypt(c.reporterNameEnc) : null), phone: c.reporterPhoneEnc ? ctx.pd.decrypt(c.reporterPhoneEnc) : null };
}

// ---------------------------------------------------------------------------------------------
// Steps

function decisionError(result: Exclude<ReturnType<typeof decide>, { ok: true }>, action: string, state: string, locale: "zh-CN" | "en"): AppError {
  const label = CASE_ACTION_LABELS[action as TCaseAction] ?? { "zh-CN": action, en: action };
  const stateLabel = CASE_STATE_LABELS[state as CaseState] ?? { "zh-CN": state, en: state };
  void locale;
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

async function resolveAssignee(tx: Db, ctx: RequestContext, assignee: TCaseTransitionRequest["assignee"]) {
  const userId = assignee?.userId ?? null;
  const unitId = assignee?.unitId ?? null;
  let userLabel: string | null = null;
  let unitLabel: string | null = null;
  if (userId) {
    const [u] = await tx.select({ displayName: users.displayName, status: users.status }).from(users).where(and(eq(users.tenantId, ctx.tenantId), eq(users.id, userId)));
    const grants = u ? await findGrantRows(tx, ctx.tenantId, userId) : [];
    if (!u || u.status !== "active" || !grants.some((g) => g.permissions.includes("cases.handle"))) {
      throw new AppError("UNPROCESSABLE", msg("该账号不存在、已停用或没有处置权限", "That account does not exist, is disabled or cannot handle cases"), { errors: [{ path: "body.assignee.userId", message: "assignee.invalid" }] });
    }
    userLabel = u.displayName;
  }
  if (unitId) {
    const [unit] = await tx.select({ name: units.name }).from(units).where(and(eq(units.tenantId, ctx.tenantId), eq(units.id, unitId)));
    if (!unit) throw new AppError("UNPROCESSABLE", msg("该单位不存在", "That unit does not exist"), { errors: [{ path: "body.assignee.unitId", message: "assignee.invalid" }] });
    unitLabel = unit.name;
  }
  return { userId, unitId, label: [unitLabel, userLabel].filter(Boolean).join(" · ") };
}

async function firedStages(tx: Db, tenantId: string, caseId: string, round: number): Promise<Set<EscalationStage>> {
  const rows = await tx.select({ stage: caseEscalations.stage }).from(caseEscalations).where(and(eq(caseEscalations.tenantId, tenantId), eq(caseEscalations.caseId, caseId), eq(caseEscalations.round, round)));
  return new Set(rows.map((r) => r.stage as EscalationStage));
}

const STATE_NEWS: Partial<Record<CaseState, { "zh-CN": string; en: string }>> = {
  filed: { "zh-CN": "您反映的问题已立案", en: "Your report was filed" },
  dispatched: { "zh-CN": "您反映的问题已派遣处置", en: "Your report was sent to a handler" },
  handled: { "zh-CN": "您反映的问题已处置，等待核查", en: "Your report was handled and awaits checking" },
  closed: { "zh-CN": "您反映的问题已结案，欢迎评价", en: "Your report is closed: please rate it" },
  voided: { "zh-CN": "您反映的问题未予立案", en: "Your report was not filed" },
  merged: { "zh-CN": "您反映的问题已与同一问题合并办理", en: "Your report was merged with the same problem reported earlier" },
};

/**
 * One step on a case, in one transaction: lock the row, check the version (409 on a stale one),
 * let the state machine decide, apply the step's facts, write the event, the audit entry, the
 * notifications and the webhook. Returns the case as the caller now sees it.
 */
export async function transition(ctx: ActorContext, id: string, input: TCaseTransitionRequest, opts: { system?: boolean } = {}): Promise<TCaseDetail> {
  await applyStep(ctx, { actor: ctx.actor, label: opts.system ? "system" : ctx.actor.label, system: opts.system ?? false }, id, input);
  return getCase(ctx, id);
}

/** Who takes a step: an account, the clock, or a reporter holding the tracking code (no account). */
export interface StepActor {
  actor: Principal | null;
  label: string;
  system: boolean;
  /** Fixed roles (the tracking-code reporter); otherwise worked out from the actor. */
  roles?: Set<CaseRole>;
}

export async function applyStep(ctx: RequestContext, who: StepActor, id: string, input: TCaseTransitionRequest) {
  const cal = await ctx.calendar.get();
  const done = await ctx.db.transaction(async (tx) => {
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
    const actorId = who.actor?.userId ?? null;
    const command: CaseCommand = {
      action: input.action,
      note: input.note,
      reason: input.reason,
      assigneeChosen: !!(input.assignee?.userId || input.assignee?.unitId),
      dueAt: input.dueAt ? new Date(input.dueAt) : null,
      satisfaction: input.satisfaction ?? null,
      photoCount: input.photoIds?.length ?? 0,
      mainCaseId: input.mainCaseId ?? null,
    };
    const decision = decide(snapshotOf(row, who.actor), command, roles, now, { reopenWindowDays: ctx.config.reopenWindowDays });
    if (!decision.ok) throw decisionError(decision, input.action, c.state, ctx.locale);

    const set: Partial<typeof cases.$inferInsert> = { state: decision.to, updatedAt: now };
    for (const [k, v] of Object.entries(decision.changes)) {
      if (k === "extensionPending" || k === "state") continue;
      (set as Record<string, unknown>)[k] = v;
    }
    let notifyAssignee: { kind: string; text: { "zh-CN": string; en: string } } | null = null;
    let notifyDispatcher: { kind: string; text: { "zh-CN": string; en: string } } | null = null;
    const cat = (await findCategory(tx, ctx.tenantId, c.categoryId))!;

    // Facts that need the database or a refusal with a message; the columns follow from stepColumns().
    let chosen: StepFacts["assignee"];
    let main: StepFacts["main"];
    let dueAt: Date | null = null;
    const needsFired = input.action === "approve_extension" || input.action === "rework";
    const fired = needsFired ? await firedStages(tx, ctx.tenantId, c.id, c.round) : new Set<EscalationStage>();
    switch (input.action) {
      case "dispatch":
        chosen = await resolveAssignee(tx, ctx, input.assignee);
        notifyAssignee = { kind: "assigned", text: { "zh-CN": `新派遣案件 ${c.number}`, en: `New case ${c.number} for you` } };
        break;
      case "request_return":
        notifyDispatcher = { kind: "return_requested", text: { "zh-CN": `案件 ${c.number} 申请退回：${input.reason}`, en: `Return requested on ${c.number}: ${input.reason}` } };
        break;
      case "approve_return":
        notifyAssignee = { kind: "return_approved", text: { "zh-CN": `案件 ${c.number} 已同意退回`, en: `Return of ${c.number} approved` } };
        break;
      case "refuse_return":
        notifyAssignee = { kind: "return_refused", text: { "zh-CN": `案件 ${c.number} 退回未获同意：${input.reason}`, en: `Return of ${c.number} refused: ${input.reason}` } };
        break;
      case "request_extension":
        dueAt = new Date(input.dueAt!);
        if (!c.handleDueAt || dueAt <= c.handleDueAt) {
          throw new AppError("UNPROCESSABLE", msg("延期后的期限须晚于当前期限", "The new due time must be later than the current one"), { errors: [{ path: "body.dueAt", message: "field.tooEarly" }] });
        }
        notifyDispatcher = { kind: "extension_requested", text: { "zh-CN": `案件 ${c.number} 申请延期：${input.reason}`, en: `Extension requested on ${c.number}: ${input.reason}` } };
        break;
      case "approve_extension":
        dueAt = new Date(input.dueAt ?? c.extensionDueAt!.toISOString());
        if (dueAt <= now || (c.handleDueAt && dueAt <= c.handleDueAt)) {
          throw new AppError("UNPROCESSABLE", msg("延期后的期限须晚于当前期限和现在", "The new due time must be later than now and the current one"), { errors: [{ path: "body.dueAt", message: "field.tooEarly" }] });
        }
        notifyAssignee = { kind: "extension_approved", text: { "zh-CN": `案件 ${c.number} 延期已批准`, en: `Extension of ${c.number} approved` } };
        break;
      case "refuse_extension":
        notifyAssignee = { kind: "extension_refused", text: { "zh-CN": `案件 ${c.number} 延期未获批准：${input.reason}`, en: `Extension of ${c.number} refused: ${input.reason}` } };
        break;
      case "rework":
        notifyAssignee = { kind: "rework", text: { "zh-CN": `案件 ${c.number} 需返工：${input.reason}`, en: `Case ${c.number} sent back for rework: ${input.reason}` } };
        break;
      case "reopen":
        if (decision.to === "dispatched") notifyAssignee = { kind: "reopened", text: { "zh-CN": `案件 ${c.number} 重办：${input.reason ?? ""}`, en: `Case ${c.number} reopened: ${input.reason ?? ""}` } };
        break;
      case "merge": {
        const found = await findCaseById(tx, ctx.tenantId, input.mainCaseId!);
        if (!found || found.c.id === c.id || found.c.state === "merged" || found.c.state === "voided" || (who.actor && !canSee(who.actor, found))) {
          throw new AppError("UNPROCESSABLE", msg("请选择一个可见且未合并、未注销的主案件", "Pick a visible main case that is not merged or voided"), { errors: [{ path: "body.mainCaseId", message: "case.invalid" }] });
        }
        main = { id: found.c.id, number: found.c.number };
        await tx.insert(caseEvents).values({ tenantId: ctx.tenantId, caseId: found.c.id, action: "merge", fromState: found.c.state, toState: found.c.state, at: now, actorId, actorLabel: who.label, note: input.note ?? null, data: { duplicate: { id: c.id, number: c.number } } });
        await tx.update(cases).set({ updatedAt: now, version: sql`${cases.version} + 1` }).where(and(eq(cases.tenantId, ctx.tenantId), eq(cases.id, found.c.id)));
        break;
      }
      case "supervise":
        notifyAssignee = { kind: "supervise", text: { "zh-CN": `督办：案件 ${c.number}。${input.note ?? ""}`, en: `Supervision notice on ${c.number}. ${input.note ?? ""}` } };
        break;
      default:
        break;
    }
    const step = stepColumns(c, { action: input.action, to: decision.to, at: now, cal, category: cat, fired, actorId, assignee: chosen, dueAt, reason: input.reason ?? null, satisfaction: input.satisfaction ?? null, main });
    Object.assign(set, step.set);
    const data = step.data;

    const [updated] = await tx
      .update(cases)
      .set({ ...set, version: sql`${cases.version} + 1` })
      .where(and(eq(cases.tenantId, ctx.tenantId), eq(cases.id, id)))
      .returning();
    const photoIds = input.photoIds ?? [];
    if (photoIds.length) await attachPhotos(tx, ctx.tenantId, id, photoIds, actorId, "evidence", "body.photoIds");
    await tx.insert(caseEvents).values({
      tenantId: ctx.tenantId,
      caseId: id,
      action: input.action,
      fromState: c.state,
      toState: decision.to,
      at: now,
      actorId,
      actorLabel: who.label,
      note: input.note ?? null,
      reason: input.reason ?? null,
      data,
      photoIds,
    });
    await recordAudit(tx, { ...ctx, actor: who.actor ?? undefined }, { action: `case.${input.action}`, entityType: "case", entityId: id, gridId: c.gridId, before: caseSnapshot(c), after: caseSnapshot(updated!) });

    const assignee = updated!.assigneeUserId ?? c.assigneeUserId;
    if (notifyAssignee) await notifyUsers(tx, ctx.tenantId, [assignee], { kind: notifyAssignee.kind, caseId: id, title: notifyAssignee.text, body: { "zh-CN": c.description.slice(0, 80), en: c.description.slice(0, 80) }, at: now }, actorId ?? undefined);
    if (notifyDispatcher) await notifyUsers(tx, ctx.tenantId, [await lastDispatcherOf(tx, ctx.tenantId, id)], { kind: notifyDispatcher.kind, caseId: id, title: notifyDispatcher.text, body: { "zh-CN": c.description.slice(0, 80), en: c.description.slice(0, 80) }, at: now }, actorId ?? undefined);
    const news = decision.to !== c.state || input.action === "reopen" ? STATE_NEWS[decision.to] : undefined;
    if (news) {
      await notifyUsers(tx, ctx.tenantId, await reportersOf(tx, ctx.tenantId, id), { kind: "case_update", caseId: id, title: { "zh-CN": `${c.number}：${news["zh-CN"]}`, en: `${c.number}: ${news.en}` }, body: { "zh-CN": input.note ?? "", en: input.note ?? "" }, at: now }, actorId ?? undefined);
    }
    await enqueueWebhook(tx, ctx.config, ctx.tenantId, "case.updated", { caseId: id, number: c.number, action: input.action, fromState: c.state, toState: decision.to }, now);
    return updated!;
  });
  return done;
}

/** A step on many cases (queue batch actions): each in its own transaction, each answered. */
export async function batchTransition(ctx: ActorContext, input: { action: TCaseAction; items: { id: string; version: number }[]; note?: string; reason?: string; assignee?: TCaseTransitionRequest["assignee"] }) {
  const results = [];
  for (const item of input.items) {
    try {
      const detail = await transition(ctx, item.id, { action: input.action, version: item.version, note: input.note, reason: input.reason, assignee: input.assignee });
      results.push({ id: item.id, ok: true, status: 200, code: null, detail: null, version: detail.version });
    } catch (err) {
      if (!(err instanceof AppError)) throw err;
      results.push({ id: item.id, ok: false, status: err.status, code: err.code, detail: err.detail?.[ctx.locale] ?? (err.extra.errors?.map((e) => e.path).join(", ") || null), version: null });
    }
  }
  return { results };
}

export { scopeOf, canSee, caseVisibility, dispatchersOfGrid };
