import { ERROR_TITLES, FIELD_MESSAGES, formatMessage, type TLocale } from "@caihong/contracts";
import type { FastifyError } from "fastify";
import { pgErrorCode } from "../../lib/db-errors";
import { AppError, type FieldProblem } from "../../lib/errors";
import { ContractValidationError, localizeIssue } from "../../lib/validation";

/** One entry of the spec's `errors/error[]`: shown to the user as is. */
export interface Open311Error {
  code: number;
  description: string;
}

/** An answer in the spec's error shape: the HTTP status and the errors. */
export interface Open311Failure {
  status: number;
  errors: Open311Error[];
}

// Field messages the case service names by key that the shared dictionary may not carry.
const MESSAGES: Record<string, Record<TLocale, string>> = {
  "field.required": { "zh-CN": "必填", en: "Required" },
  "field.unknown": { "zh-CN": "该服务没有这一项", en: "This service has no such attribute" },
  "field.invalid": { "zh-CN": "取值无效", en: "Invalid value" },
  "field.notAllowed": { "zh-CN": "不允许填写", en: "Not allowed" },
  "field.outsideArea": { "zh-CN": "该位置不在本街道范围内", en: "This location is outside the sub-district" },
  "text.noHtml": { "zh-CN": "不能包含 HTML", en: "HTML is not allowed" },
  "text.required": { "zh-CN": "必填", en: "Required" },
  "category.invalid": { "zh-CN": "不是可受理的服务", en: "Not an active service" },
  "photo.unavailable": { "zh-CN": "照片不可用", en: "Photo unavailable" },
  "media.hostNotAllowed": { "zh-CN": "照片链接的主机不在本服务器的允许列表中", en: "The photo's host is not on this server's list" },
  "media.tooLarge": { "zh-CN": "照片超过 10 MB", en: "The photo is larger than 10 MB" },
  "media.unreachable": { "zh-CN": "无法取回照片", en: "The photo could not be fetched" },
  "media.notAPhoto": { "zh-CN": "不是可用的照片（仅 JPEG、PNG、WebP，10 MB 以内）", en: "Not a usable photo (JPEG, PNG or WebP up to 10 MB)" },
  "media.tooMany": { "zh-CN": "照片过多（每个请求最多 3 张）", en: "Too many photos (at most 3 per request)" },
};

function message(key: string, locale: TLocale): string {
  if (FIELD_MESSAGES[key]) return formatMessage(key, locale);
  return MESSAGES[key]?.[locale] ?? key;
}

/**
 * The Open311 argument a problem is about: the case contract's paths (`body.reporter.phone`,
 * `attributes.bike_brand`) turned back into the form fields the client sent.
 */
export function open311Param(path: string): string {
  const parts = path.replace(/^(body|querystring|params)\.?/, "").split(".").filter(Boolean);
  const [head, next] = parts;
  switch (head) {
    case undefined:
      return "";
    case "attributes":
    case "attribute":
      return next ? `attribute[${next}]` : "attribute";
    case "categoryId":
      return "service_code";
    case "location":
      return next === "lng" ? "long" : next === "lat" ? "lat" : "lat/long";
    case "address":
      return "address_string";
    case "reporter":
      return next === "phone" ? "phone" : "first_name/last_name";
    default:
      return parts.join(".");
  }
}

function fromProblems(status: number, detail: string, problems: FieldProblem[] | undefined, locale: TLocale): Open311Error[] {
  if (!problems || problems.length === 0) return [{ code: status, description: detail }];
  return problems.map((p) => {
    const param = open311Param(p.path);
    const text = message(p.message, locale);
    return { code: status, description: param ? `${param}: ${text}` : text };
  });
}

/**
 * Any failure in the spec's terms: 403 for a missing, bad or insufficient key, 404 for what
 * does not exist, 400 for everything else (the spec's rule, including 409/422 business-rule
 * refusals). Rate limits keep 429 so clients back off. A failure of ours (a bug, the database
 * down) is also a 400 by the spec, with 500 as the more specific code in the body.
 */
export function toOpen311Failure(error: unknown, locale: TLocale): Open311Failure & { internal: boolean; headers?: Record<string, string> } {
  if (error instanceof AppError) {
    const status = error.status === 401 || error.status === 403 ? 403 : error.status === 404 ? 404 : error.status === 429 ? 429 : 400;
    const detail = error.detail?.[locale] ?? ERROR_TITLES[error.code][locale];
    const internal = error.status >= 500;
    return { status, errors: fromProblems(internal ? error.status : status, detail, error.extra.errors, locale), internal, headers: error.extra.headers };
  }
  if (error instanceof ContractValidationError) {
    const errors = error.issues.map((issue) => {
      const param = open311Param(issue.path.map(String).join("."));
      const text = localizeIssue(issue, locale);
      return { code: 400, description: param ? `${param}: ${text}` : text };
    });
    return { status: 400, errors, internal: false };
  }
  const status = (error as FastifyError).statusCode;
  if (status && status >= 400 && status < 500) {
    const code = status === 413 ? "PAYLOAD_TOO_LARGE" : status === 415 ? "UNSUPPORTED_MEDIA_TYPE" : "VALIDATION_FAILED";
    return { status: 400, errors: [{ code: status, description: ERROR_TITLES[code][locale] }], internal: false };
  }
  // Integrity and data-exception SQLSTATEs mean input the database refused, not a bug.
  const sqlState = pgErrorCode(error);
  if (sqlState && (sqlState.startsWith("22") || sqlState.startsWith("23"))) {
    return { status: 400, errors: [{ code: 400, description: ERROR_TITLES.VALIDATION_FAILED[locale] }], internal: false };
  }
  return { status: 400, errors: [{ code: 500, description: ERROR_TITLES.INTERNAL[locale] }], internal: true };
}
