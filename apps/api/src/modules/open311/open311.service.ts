import { CATEGORY_LEVEL } from "@caihong/domain";
import { ZCreateCaseRequest, type TCategoryField, type TLocale } from "@caihong/contracts";
import type { ActorContext, RequestContext } from "../../lib/context";
import { AppError, msg } from "../../lib/errors";
import { authorize } from "../../lib/policy";
import type { Principal } from "../../lib/principal";
import { fromJsonColumn } from "../../lib/sql-fragments";
import { ContractValidationError } from "../../lib/validation";
import type { Authenticator } from "../auth";
import { findPublicEvents, findPublishedCase, findPublishedCases, lastCategoryChange, listCategoryRows, reportCase, type CategoryRow, type PublicEventRow, type PublishedCaseRow } from "../cases";
import { findTenant } from "../tenants";
import type { TPostRequestForm, TRequestsQuery } from "./open311.contract";
import { presentRequest, presentService, presentServiceDefinition, shanghaiIso, STATES_OF_STATUS } from "./open311.presenter";
import type { Open311Value } from "./open311.xml";

/** The spec's volume limit: a query spans at most 90 days of requested_datetime. */
export const MAX_WINDOW_DAYS = 90;
/** …and returns at most 1,000 requests (per page, with the page/page_size extension). */
export const MAX_PAGE_SIZE = 1000;
const DAY_MS = 86_400_000;

const SPECIFICATION = "http://wiki.open311.org/GeoReport_v2";

const name = (row: { name: string; nameEn: string | null }, locale: TLocale) => (locale === "en" && row.nameEn ? row.nameEn : row.name);

// ---------------------------------------------------------------------------------------------
// Discovery and services (public: the spec needs no key to read)

/** The discovery document: who runs the endpoint, how keys are issued, where it lives. */
export async function discover(ctx: RequestContext, origin: string): Promise<Open311Value> {
  const tenant = await findTenant(ctx.db, ctx.tenantId);
  const changed = await lastCategoryChange(ctx.db, ctx.tenantId);
  const changeset = shanghaiIso(changed ?? new Date(0));
  const zh = ctx.locale === "zh-CN";
  const area = tenant ? name(tenant, ctx.locale) : ctx.tenantId;
  return {
    changeset,
    contact: zh ? `${area}城运中心` : `${area} City Operations Centre`,
    key_service: zh
      ? `API 密钥由${area}的管理员在彩虹桥（API 密钥）中签发，须带有“上报案件”（cases.report）权限`
      : `API keys are issued by ${area}'s administrators in Caihong (API keys) and need the cases.report permission`,
    endpoints: [{ specification: SPECIFICATION, url: `${origin}/open311/v2`, changeset, type: "production", formats: ["text/xml", "application/json"] }],
  };
}

/** Active 小类 with their 大类 (inactive ones are neither listed nor accepted). */
async function activeServices(ctx: RequestContext) {
  const rows = await listCategoryRows(ctx.db, ctx.tenantId);
  const byId = new Map(rows.map((r) => [r.id, r]));
  return rows.filter((r) => r.level === CATEGORY_LEVEL.subclass && r.active && (!r.parentId || byId.get(r.parentId)?.active !== false)).map((cat) => ({ cat, group: cat.parentId ? byId.get(cat.parentId) : undefined }));
}

/** Every service a client may request, in dictionary order. */
export async function listServices(ctx: RequestContext): Promise<Open311Value> {
  return (await activeServices(ctx)).map(({ cat, group }) => presentService(cat, group, ctx.locale));
}

async function getService(ctx: RequestContext, code: string): Promise<CategoryRow> {
  const found = (await activeServices(ctx)).find(({ cat }) => cat.code === code);
  if (!found) throw new AppError("NOT_FOUND", msg(`服务代码 ${code} 不存在`, `service_code ${code} not found`));
  return found.cat;
}

/** One service's definition: its extra fields as attributes. */
export async function getServiceDefinition(ctx: RequestContext, code: string): Promise<Open311Value> {
  return presentServiceDefinition(await getService(ctx, code), ctx.locale);
}

// ---------------------------------------------------------------------------------------------
// POST requests

/**
 * The caller of a POST: the spec's `api_key` form field, or `Authorization: Bearer` as on /api.
 * Missing, unknown, revoked or expired keys are 403 (the spec's status for a bad key).
 */
export async function authenticateKey(authenticator: Pick<Authenticator, "fromApiKey">, formKey: string | undefined, authorization: string | undefined): Promise<Principal> {
  const secret = formKey?.trim() || (authorization?.startsWith("Bearer ") ? authorization.slice(7).trim() : "");
  if (!secret) throw new AppError("FORBIDDEN", msg("缺少 api_key", "api_key is missing"));
  const principal = await authenticator.fromApiKey(secret);
  if (!principal) throw new AppError("FORBIDDEN", msg("api_key 无效、已吊销或已过期", "api_key is invalid, revoked or expired"));
  return principal;
}

/** Answers as the case contract wants them: numbers for number fields, lists for multi-choice. */
function convertAttributes(fields: TCategoryField[], given: TPostRequestForm["attribute"]): Record<string, string | number | string[]> | undefined {
  if (!given) return undefined;
  const out: Record<string, string | number | string[]> = {};
  for (const [code, value] of Object.entries(given)) {
    const field = fields.find((f) => f.code === code);
    if (field?.datatype === "multivaluelist") out[code] = Array.isArray(value) ? value : [value];
    else if (field?.datatype === "number" && typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) out[code] = Number(value);
    else out[code] = value;
  }
  return out;
}

/** 姓 + 名 for Chinese names (王 + 小明 = 王小明), "first last" otherwise. */
function reporterName(first: string | undefined, last: string | undefined): string | undefined {
  const f = first?.trim() ?? "";
  const l = last?.trim() ?? "";
  if (!f && !l) return undefined;
  return /[\u3400-\u9fff]/.test(f + l) ? `${l}${f}` : [f, l].filter(Boolean).join(" ");
}

/**
 * A report from an Open311 client, filed as a case of channel open311. The point (WGS84) is
 * required: the case belongs to the micro grid it falls in, and an address alone cannot be
 * placed. The reporter's name and phone are kept (encrypted) for staff and never published.
 */
export async function createRequest(ctx: ActorContext, form: TPostRequestForm, idempotencyKey?: string): Promise<Open311Value> {
  authorize(ctx.actor, "cases.report");
  const cat = await getService(ctx, form.service_code);
  if (form.lat === undefined || form.long === undefined) {
    throw new AppError("VALIDATION_FAILED", msg("需要位置：本辖区要求提供 lat/long（WGS84）", "location required: this jurisdiction needs lat/long (WGS84)"), {
      errors: [{ path: "body.location", message: "field.required" }],
    });
  }
  const fields = fromJsonColumn<TCategoryField[]>(cat.fields) ?? [];
  const name = reporterName(form.first_name, form.last_name);
  const parsed = ZCreateCaseRequest.safeParse({
    categoryId: cat.id,
    description: form.description ?? cat.name,
    location: { lng: form.long, lat: form.lat, crs: "wgs84" },
    ...(form.address_string ? { address: form.address_string } : {}),
    ...(name || form.phone ? { reporter: { ...(name ? { name } : {}), ...(form.phone ? { phone: form.phone } : {}) } } : {}),
    ...(form.attribute ? { attributes: convertAttributes(fields, form.attribute) } : {}),
  });
  if (!parsed.success) {
    const error = new ContractValidationError(parsed.error.issues);
    error.validationContext = "body";
    throw error;
  }
  // createCase reads the new case back through the caller's cases.read scope. Every request is
  // public through GET requests anyway, so a key that may only report (or reports outside its
  // read scope) must not get a 403 for a case already committed: read back with the public view.
  const reporter: Principal = {
    ...ctx.actor,
    permissions: new Set([...ctx.actor.permissions, "cases.read"]),
    grants: [...ctx.actor.grants, { permissions: new Set(["cases.read"]), scope: "all", gridId: null, gridPath: null }],
  };
  const created = await reportCase({ ...ctx, actor: reporter }, parsed.data, idempotencyKey, { channel: "open311" });
  const zh = ctx.locale === "zh-CN";
  return [
    {
      service_request_id: created.number,
      service_notice: zh ? `已受理，编号 ${created.number}；立案后派遣处置，可凭编号查询进度` : `Received as ${created.number}; it is dispatched once filed. Follow it with this id.`,
      account_id: null,
    },
  ];
}

// ---------------------------------------------------------------------------------------------
// GET requests

/** A W3C datetime, or a date as the start of that day in Asia/Shanghai. */
const toInstant = (s: string) => new Date(/^\d{4}-\d{2}-\d{2}$/.test(s) ? `${s}T00:00:00+08:00` : s);

/**
 * The requested_datetime window: both dates as given (at most 90 days apart), one date and 90
 * days from or to it, or the last 90 days.
 */
export function requestWindow(now: Date, start?: string, end?: string): { from: Date; to: Date } {
  const span = MAX_WINDOW_DAYS * DAY_MS;
  const from = start ? toInstant(start) : undefined;
  const to = end ? toInstant(end) : undefined;
  if (from && to) {
    if (to < from) throw new AppError("VALIDATION_FAILED", undefined, { errors: [{ path: "querystring.end_date", message: "field.endBeforeStart" }] });
    if (to.getTime() - from.getTime() > span) {
      throw new AppError("VALIDATION_FAILED", msg(`start_date 与 end_date 相隔不能超过 ${MAX_WINDOW_DAYS} 天`, `start_date and end_date may be at most ${MAX_WINDOW_DAYS} days apart`));
    }
    return { from, to };
  }
  if (from) return { from, to: new Date(from.getTime() + span) };
  if (to) return { from: new Date(to.getTime() - span), to };
  return { from: new Date(now.getTime() - span), to: now };
}

async function withEvents(ctx: RequestContext, rows: PublishedCaseRow[], extensions: boolean): Promise<Open311Value> {
  // Events feed the notes (extensions) and a voided case's reason; read them only when needed.
  const needed = rows.filter((r) => extensions || r.state === "voided").map((r) => r.id);
  const events = await findPublicEvents(ctx.db, ctx.tenantId, needed);
  const byCase = new Map<string, PublicEventRow[]>();
  for (const e of events) byCase.set(e.caseId, [...(byCase.get(e.caseId) ?? []), e]);
  return rows.map((r) => presentRequest(r, byCase.get(r.id) ?? [], ctx.locale, extensions));
}

/**
 * Requests newest first. Every case but a voided one is public here (voided reports were not
 * accepted: they appear only when asked for by id); no reporter and no person is ever shown.
 */
export async function findServiceRequests(ctx: RequestContext, query: TRequestsQuery): Promise<Open311Value> {
  const page = { offset: (query.page - 1) * query.page_size, limit: Math.min(query.page_size, MAX_PAGE_SIZE) };
  const extensions = query.extensions === "true";
  if (query.service_request_id) {
    const numbers = [...new Set(query.service_request_id.map((n) => n.toUpperCase()))];
    return withEvents(ctx, await findPublishedCases(ctx.db, ctx.tenantId, { numbers, ...page }), extensions);
  }
  const window = requestWindow(ctx.clock(), query.start_date, query.end_date);
  const states = query.status ? [...new Set(query.status.flatMap((s) => STATES_OF_STATUS[s]))] : undefined;
  const rows = await findPublishedCases(ctx.db, ctx.tenantId, { serviceCodes: query.service_code, states, ...window, ...page });
  return withEvents(ctx, rows, extensions);
}

async function requestByNumber(ctx: RequestContext, id: string): Promise<PublishedCaseRow> {
  const row = await findPublishedCase(ctx.db, ctx.tenantId, id.trim().toUpperCase());
  if (!row) throw new AppError("NOT_FOUND", msg(`请求 ${id} 不存在`, `service_request_id ${id} not found`));
  return row;
}

/**
 * One request, as a one-element list (the spec's shape). A voided case is answered too, as
 * closed with "未予立案: <reason>", so the client that sent it learns why it went nowhere.
 */
export async function getServiceRequest(ctx: RequestContext, id: string, extensions: boolean): Promise<Open311Value> {
  return withEvents(ctx, [await requestByNumber(ctx, id)], extensions);
}

/**
 * tokens/{token}: services here are realtime (POST answers with the id), so no token is ever
 * issued; a client that uses the request id as its token gets the pair back, anything else 404.
 */
export async function getToken(ctx: RequestContext, token: string): Promise<Open311Value> {
  const row = await findPublishedCase(ctx.db, ctx.tenantId, token.trim().toUpperCase());
  if (!row) throw new AppError("NOT_FOUND", msg(`token ${token} 不存在`, `token ${token} not found`));
  return [{ service_request_id: row.number, token }];
}
