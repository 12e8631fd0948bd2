import { ERROR_CODES, ERROR_TITLES, FIELD_MESSAGES, formatMessage, problemType, type TErrorCode, type TLocale, type TProblem } from "@caihong/contracts";
import type { FastifyError, FastifyInstance, FastifyReply, FastifyRequest } from "fastify";
import fp from "fastify-plugin";
import FindMyWay from "find-my-way";
import { DATABASE_RETRY_AFTER_SECONDS, type DatabaseAvailability } from "../lib/db-availability";
import { isDatabaseUnavailable, pgErrorCode } from "../lib/db-errors";
import { AppError, type FieldProblem } from "../lib/errors";
import { ContractValidationError, issuesToFieldErrors } from "../lib/validation";

const FASTIFY_CODES: Record<string, TErrorCode> = {
  FST_ERR_CTP_INVALID_MEDIA_TYPE: "UNSUPPORTED_MEDIA_TYPE",
  FST_ERR_CTP_BODY_TOO_LARGE: "PAYLOAD_TOO_LARGE",
  FST_ERR_CTP_EMPTY_JSON_BODY: "MALFORMED_JSON",
  FST_ERR_CTP_INVALID_JSON_BODY: "MALFORMED_JSON",
  FST_ERR_CTP_INVALID_CONTENT_LENGTH: "MALFORMED_JSON",
  FST_ERR_CTP_INVALID_TYPE: "UNSUPPORTED_MEDIA_TYPE",
};

// PostgreSQL SQLSTATEs that mean bad input rather than a bug.
const PG_CODES: Record<string, TErrorCode> = {
  "23505": "ALREADY_EXISTS",
  "23503": "INVALID_STATE",
  "40001": "VERSION_CONFLICT",
  "40P01": "VERSION_CONFLICT",
  "22021": "VALIDATION_FAILED",
  "22P05": "VALIDATION_FAILED",
  "22P02": "VALIDATION_FAILED",
  "22001": "VALIDATION_FAILED",
  "22007": "VALIDATION_FAILED",
  "22008": "VALIDATION_FAILED",
};

/** Builds the problem+json body for a code. */
export function problem(code: TErrorCode, locale: TLocale, requestId: string, detail?: string, errors?: FieldProblem[]): TProblem {
  const title = ERROR_TITLES[code][locale];
  return {
    type: problemType(code),
    title,
    status: ERROR_CODES[code],
    detail: detail ?? title,
    code,
    requestId,
    ...(errors && errors.length > 0 ? { errors } : {}),
  };
}

export function sendProblem(reply: FastifyReply, body: TProblem, headers: Record<string, string> = {}) {
  return reply.code(body.status).headers(headers).type("application/problem+json; charset=utf-8").send(body);
}

/**
 * The one error handler: every failure leaves as RFC 9457 problem+json with a stable code and
 * zh-CN/en text by Accept-Language. A database that cannot be reached is 503 DATABASE_UNAVAILABLE
 * with Retry-After (reported to `availability`, which logs the outage once). Also answers unknown
 * routes (404) and known paths with the wrong method (405).
 */
export default fp(
  async function errorsPlugin(app: FastifyInstance, opts: { fallback?: (request: FastifyRequest, reply: FastifyReply) => boolean; availability?: DatabaseAvailability }) {
    const router = FindMyWay();
    app.addHook("onRoute", (route) => {
      const methods = Array.isArray(route.method) ? route.method : [route.method];
      for (const method of methods) {
        if (method === "HEAD" || method === "OPTIONS") continue;
        try {
          router.on(method as "GET", route.url, () => undefined);
        } catch {
          // duplicate registration (e.g. prefix variants): the first is enough
        }
      }
    });

    app.setErrorHandler((error: FastifyError | Error, request: FastifyRequest, reply: FastifyReply) => {
      const locale = request.locale;
      const id = request.id;
      if (error instanceof AppError) {
        // Services name field messages by key; translate them like contract messages.
        const errors = error.extra.errors?.map((e) => ({ path: e.path, message: FIELD_MESSAGES[e.message] ? formatMessage(e.message, locale) : e.message }));
        return sendProblem(reply, { ...error.extra.extensions, ...problem(error.code, locale, id, error.detail?.[locale], errors) }, error.extra.headers);
      }
      if (error instanceof ContractValidationError) {
        const errors = issuesToFieldErrors(error.issues, error.validationContext ?? "body", locale);
        const detail = locale === "zh-CN" ? `有 ${errors.length} 处不符合要求` : `${errors.length} field(s) failed validation`;
        return sendProblem(reply, problem("VALIDATION_FAILED", locale, id, detail, errors));
      }
      const fastifyCode = (error as FastifyError).code;
      if (fastifyCode && FASTIFY_CODES[fastifyCode]) {
        return sendProblem(reply, problem(FASTIFY_CODES[fastifyCode]!, locale, id));
      }
      if (error instanceof SyntaxError && (error as FastifyError).statusCode === 400) {
        return sendProblem(reply, problem("MALFORMED_JSON", locale, id));
      }
      if (isDatabaseUnavailable(error)) {
        // One log line per outage (DatabaseAvailability), not one per request.
        opts.availability?.failed(error);
        request.log.debug({ err: error }, "database unavailable");
        return sendProblem(reply, problem("DATABASE_UNAVAILABLE", locale, id), { "Retry-After": String(DATABASE_RETRY_AFTER_SECONDS) });
      }
      const sqlState = pgErrorCode(error);
      if (sqlState && PG_CODES[sqlState]) {
        request.log.warn({ err: error, sqlState }, "database rejected input");
        return sendProblem(reply, problem(PG_CODES[sqlState]!, locale, id));
      }
      const status = (error as FastifyError).statusCode;
      if (status && status >= 400 && status < 500) {
        const code: TErrorCode =
          status === 401 ? "UNAUTHENTICATED" : status === 403 ? "FORBIDDEN" : status === 404 ? "NOT_FOUND" : status === 413 ? "PAYLOAD_TOO_LARGE" : status === 415 ? "UNSUPPORTED_MEDIA_TYPE" : status === 429 ? "RATE_LIMITED" : "VALIDATION_FAILED";
        return sendProblem(reply, problem(code, locale, id));
      }
      request.log.error({ err: error }, "unhandled error");
      return sendProblem(reply, problem("INTERNAL", locale, id));
    });

    app.setNotFoundHandler((request, reply) => {
      if (opts.fallback?.(request, reply)) return reply;
      const path = request.url.split("?")[0] ?? "/";
      const allowed = ["GET", "POST", "PUT", "PATCH", "DELETE"].filter((m) => m !== request.method && router.find(m as "GET", path));
      if (allowed.length > 0) {
        return sendProblem(reply, problem("METHOD_NOT_ALLOWED", request.locale, request.id), { Allow: allowed.join(", ") });
      }
      return sendProblem(reply, problem("ROUTE_NOT_FOUND", request.locale, request.id));
    });
  },
  { name: "caihong-errors" },
);
