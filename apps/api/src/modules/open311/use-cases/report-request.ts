import { LIMITS, ZCreateCaseRequest, type TCategoryField } from "@caihong/contracts";
import type { ActorContext } from "../../../lib/context";
import { AppError, msg } from "../../../lib/errors";
import { enforce } from "../../../lib/limits";
import type { MultipartFile } from "../../../lib/multipart";
import { authorize } from "../../../lib/policy";
import type { Principal } from "../../../lib/principal";
import { fetchRemoteMedia, RemoteMediaError } from "../../../lib/remote-media";
import { fromJsonColumn } from "../../../lib/sql-fragments";
import { ContractValidationError } from "../../../lib/validation";
import type { Authenticator } from "../../auth";
import { reportCase, uploadPhoto } from "../../cases";
import type { TPostRequestForm } from "../open311.contract";
import type { Open311Value } from "../open311.xml";
import { getService } from "./discover-services";

/** Photos one request may bring (uploaded parts and media_url together). */
export const MAX_REQUEST_PHOTOS = 3;
/** Time allowed for fetching a media_url, redirects and body included. */
export const MEDIA_TIMEOUT_MS = 10_000;

/**
 * Attributes FixMyStreet fills in itself on every report (its id, title, link, nearest address,
 * grid reference). A service that does not define them would refuse them as unknown; they are
 * dropped instead, so its reports are not refused for what it always sends.
 */
const CLIENT_ATTRIBUTES = new Set(["fixmystreet_id", "title", "description", "report_url", "closest_address", "easting", "northing"]);

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

/** Answers as the case contract wants them: numbers for number fields, lists for multi-choice; FixMyStreet's own fields dropped. */
function convertAttributes(fields: TCategoryField[], given: TPostRequestForm["attribute"]): Record<string, string | number | string[]> | undefined {
  if (!given) return undefined;
  const out: Record<string, string | number | string[]> = {};
  for (const [code, value] of Object.entries(given)) {
    const field = fields.find((f) => f.code === code);
    if (!field && CLIENT_ATTRIBUTES.has(code)) continue;
    if (field?.datatype === "multivaluelist") out[code] = Array.isArray(value) ? value : [value];
    else if (field?.datatype === "number" && typeof value === "string" && value.trim() !== "" && Number.isFinite(Number(value))) out[code] = Number(value);
    else out[code] = value;
  }
  return Object.keys(out).length ? out : undefined;
}

/** 姓 + 名 for Chinese names (王 + 小明 = 王小明), "first last" otherwise. */
function reporterName(first: string | undefined, last: string | undefined): string | undefined {
  const f = first?.trim() ?? "";
  const l = last?.trim() ?? "";
  if (!f && !l) return undefined;
  return /[\u3400-\u9fff]/.test(f + l) ? `${l}${f}` : [f, l].filter(Boolean).join(" ");
}

const mediaProblem = (path: string, message: string, zh: string, en: string) => new AppError("VALIDATION_FAILED", msg(zh, en), { errors: [{ path, message }] });

/** The bytes behind a media_url, from an allowed host only; every failure is the client's 400. */
export async function fetchMedia(ctx: ActorContext, url: string, path = "body.media_url"): Promise<Buffer> {
  try {
    return await fetchRemoteMedia(url, { hosts: ctx.config.open311.mediaHosts, maxBytes: LIMITS.casePhotos.bytes, timeoutMs: MEDIA_TIMEOUT_MS });
  } catch (error) {
    if (!(error instanceof RemoteMediaError)) throw error;
    switch (error.reason) {
      case "invalid_url":
      case "host_not_allowed":
      case "redirect_elsewhere":
        throw mediaProblem(path, "media.hostNotAllowed", "照片链接的主机不在允许列表中", "The photo's host is not on this server's list");
      case "too_large":
        throw mediaProblem(path, "media.tooLarge", "照片超过 10 MB", "The photo is larger than 10 MB");
      default:
        throw mediaProblem(path, "media.unreachable", "无法取回照片", "The photo could not be fetched");
    }
  }
}

/** Stores photos through the same PhotoStore as any upload (type by content, EXIF stripped); their ids. */
export async function storePhotos(ctx: ActorContext, photos: { path: string; bytes: Buffer }[]): Promise<string[]> {
  const ids: string[] = [];
  for (const photo of photos) {
    try {
      ids.push((await uploadPhoto(ctx, photo.bytes)).id);
    } catch (error) {
      if (error instanceof AppError && (error.code === "UNSUPPORTED_MEDIA_TYPE" || error.code === "PAYLOAD_TOO_LARGE")) {
        throw mediaProblem(photo.path, "media.notAPhoto", "不是可用的照片（仅 JPEG、PNG、WebP，10 MB 以内）", "Not a usable photo (JPEG, PNG or WebP up to 10 MB)");
      }
      throw error;
    }
  }
  return ids;
}

/**
 * A report from an Open311 client, filed as a case of channel open311, with its photos: parts of
 * a multipart POST and the photo at media_url. The point (WGS84) is required: the case belongs to
 * the micro grid it falls in. The reporter's name and phone (normalised) are kept encrypted for
 * staff and never published. The answer's id is the case's public id; it is published once filed.
 */
export async function createRequest(ctx: ActorContext, form: TPostRequestForm, files: MultipartFile[], idempotencyKey?: string): Promise<Open311Value> {
  authorize(ctx.actor, "cases.report");
  // Per client address and hour (ADR 0014): 429 in the spec's error shape with Retry-After.
  const addressHash = ctx.pd.hash("address", ctx.ip);
  await enforce(ctx.db, ctx.tenantId, { bucket: "open311.report.address", limit: ctx.config.limits.open311PerAddressPerHour, windowSeconds: 3600 }, addressHash, ctx.clock(), (s) =>
    msg(`请求过于频繁，请 ${Math.ceil(s / 60)} 分钟后再试`, `Too many requests: try again in ${Math.ceil(s / 60)} min`),
  );
  const cat = await getService(ctx, form.service_code);
  if (form.lat === undefined || form.long === undefined) {
    throw new AppError("VALIDATION_FAILED", msg("需要位置：本辖区要求提供 lat/long（WGS84）", "location required: this jurisdiction needs lat/long (WGS84)"), {
      errors: [{ path: "body.location", message: "field.required" }],
    });
  }
  const fields = fromJsonColumn<TCategoryField[]>(cat.fields) ?? [];
  const name = reporterName(form.first_name, form.last_name);
  const attributes = convertAttributes(fields, form.attribute);
  const parsed = ZCreateCaseRequest.safeParse({
    categoryId: cat.id,
    description: form.description ?? cat.name,
    location: { lng: form.long, lat: form.lat, crs: "wgs84" },
    ...(form.address_string ? { address: form.address_string } : {}),
    ...(name || form.phone ? { reporter: { ...(name ? { name } : {}), ...(form.phone ? { phone: form.phone } : {}) } } : {}),
    ...(attributes ? { attributes } : {}),
  });
  if (!parsed.success) {
    const error = new ContractValidationError(parsed.error.issues);
    error.validationContext = "body";
    throw error;
  }
  if (files.length + (form.media_url ? 1 : 0) > MAX_REQUEST_PHOTOS) {
    throw mediaProblem("body.media", "media.tooMany", `每个请求最多 ${MAX_REQUEST_PHOTOS} 张照片`, `At most ${MAX_REQUEST_PHOTOS} photos per request`);
  }
  // Everything the form can be refused for is checked above: photos are fetched and stored only now.
  const photos = files.map((f) => ({ path: "body.media", bytes: f.data }));
  if (form.media_url) photos.push({ path: "body.media_url", bytes: await fetchMedia(ctx, form.media_url) });
  const photoIds = await storePhotos(ctx, photos);
  // createCase reads the new case back through the caller's cases.read scope. A key that may only
  // report (or reports outside its read scope) must not get a 403 for a case already committed.
  const reporter: Principal = {
    ...ctx.actor,
    permissions: new Set([...ctx.actor.permissions, "cases.read"]),
    grants: [...ctx.actor.grants, { permissions: new Set(["cases.read"]), scope: "all", gridId: null, gridPath: null }],
  };
  const created = await reportCase({ ...ctx, actor: reporter }, { ...parsed.data, photoIds }, idempotencyKey, { channel: "open311", source: { addressHash, deviceHash: null } });
  const zh = ctx.locale === "zh-CN";
  return [
    {
      service_request_id: created.id,
      service_notice: zh ? "已受理；立案后公开，并派遣处置，可凭此编号跟进" : "Received; it is published and dispatched once filed. Follow it with this id.",
      account_id: null,
    },
  ];
}
