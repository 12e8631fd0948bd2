import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod, ZodTypeProvider } from "fastify-type-provider-zod";
import { AppError, msg } from "../../lib/errors";
import type { Principal } from "../../lib/principal";
import { requestContext } from "../../lib/request-context";
import { parseIdempotencyKey } from "../idempotency";
import { ZFileParams, ZFormatParams, ZJurisdictionQuery, ZPostRequestForm, ZRequestQuery, ZRequestsQuery } from "./open311.contract";
import { toOpen311Failure } from "./open311.errors";
import * as open311 from "./open311.service";
import { CONTENT_TYPES, formatOfUrl, render, splitFormat, type Open311Format, type Open311Value } from "./open311.xml";

const tags = ["open311"];
const produces = [CONTENT_TYPES.json, CONTENT_TYPES.xml];
const FORM_TYPE = "application/x-www-form-urlencoded";
const pub = { isPublic: true };
const noKey: Record<string, string[]>[] = [];

/**
 * Parses an urlencoded POST body. `attribute[code]=v` becomes `attribute.code`; repeated
 * `attribute[code][]=v` (a multivaluelist) becomes a list. Empty values are dropped (the spec:
 * an empty argument is a missing one); for other repeated fields the last value wins.
 */
export function parseForm(text: string): Record<string, unknown> {
  const fields = new Map<string, string>();
  const attributes = new Map<string, string | string[]>();
  for (const [key, value] of new URLSearchParams(text)) {
    if (value === "") continue;
    const m = /^attribute\[([^\]]*)\](\[\])?$/.exec(key);
    if (!m) {
      fields.set(key, value);
      continue;
    }
    const code = m[1]!;
    const prev = attributes.get(code);
    if (prev === undefined) attributes.set(code, m[2] ? [value] : value);
    else attributes.set(code, [...(Array.isArray(prev) ? prev : [prev]), value]);
  }
  // fromEntries defines own properties, so a key like __proto__ cannot reach a prototype.
  const body: Record<string, unknown> = Object.fromEntries(fields);
  if (attributes.size > 0) body.attribute = Object.fromEntries(attributes);
  return body;
}

/** The format of `.{format}`, or 404 (the spec's formats are json and xml). */
function formatOf(ext: string): Open311Format {
  const split = splitFormat(`x.${ext}`);
  if (!split) throw new AppError("NOT_FOUND", msg(`不支持的格式 .${ext}（仅 .json 与 .xml）`, `Unknown format .${ext} (only .json and .xml)`));
  return split.format;
}

/** `{name}.{format}` of a path parameter, or 404. */
function fileOf(file: string): { name: string; format: Open311Format } {
  const split = splitFormat(file);
  if (!split) throw new AppError("NOT_FOUND", msg(`不支持的格式：${file}（仅 .json 与 .xml）`, `Unknown format: ${file} (only .json and .xml)`));
  return split;
}

function send(reply: FastifyReply, format: Open311Format, root: string, value: Open311Value, status = 200) {
  return reply.code(status).type(CONTENT_TYPES[format]).send(render(format, root, value));
}

function sendErrors(request: FastifyRequest, reply: FastifyReply, error: unknown) {
  const failure = toOpen311Failure(error, request.locale);
  if (failure.internal) request.log.error({ err: error }, "open311: unhandled error");
  const format = formatOfUrl(request.url);
  return reply
    .code(failure.status)
    .headers(failure.headers ?? {})
    .type(CONTENT_TYPES[format])
    .send(render(format, "errors", failure.errors.map((e) => ({ code: e.code, description: e.description }))));
}

/** Drops empty parameters: the spec treats an empty argument exactly like a missing one. */
function dropEmpty(values: unknown) {
  if (!values || typeof values !== "object") return;
  const record = values as Record<string, unknown>;
  for (const [key, value] of Object.entries(record)) if (value === "") delete record[key];
}

/** The POST caller, resolved before the body is validated (a bad key is 403 whatever the body). */
const callers = new WeakMap<FastifyRequest, Principal>();

/**
 * Open311 GeoReport v2 under /open311/v2, in the spec's JSON and XML with its `errors` shape:
 * discovery, services, service definitions, requests (read without a key, POST with one) and
 * tokens. Outside /api, so the session/CSRF rules of the staff API do not apply.
 */
export const open311Routes: FastifyPluginAsyncZod = async (root) => {
  await root.register(
    async (scope) => {
      const app = scope.withTypeProvider<ZodTypeProvider>();
      app.addContentTypeParser(FORM_TYPE, { parseAs: "string" }, (_request, body, done) => done(null, parseForm(body as string)));
      app.addHook("preValidation", async (request) => {
        dropEmpty(request.query);
      });
      app.setErrorHandler((error, request, reply) => sendErrors(request, reply, error));
      app.setNotFoundHandler((request, reply) => sendErrors(request, reply, new AppError("NOT_FOUND", msg("没有这个 Open311 接口", "No such Open311 endpoint"))));

      app.get(
        "/discovery.:format",
        { config: pub, schema: { tags, summary: "Open311 service discovery: contact, how keys are issued, endpoint and formats", security: noKey, params: ZFormatParams, produces } },
        async (request, reply) => {
          const format = formatOf(request.params.format);
          return send(reply, format, "discovery", await open311.discover(requestContext(request), `${request.protocol}://${request.host}`));
        },
      );

      app.get(
        "/services.:format",
        { config: pub, schema: { tags, summary: "Open311 services: the active 小类 (service_code = category code, group = 大类)", security: noKey, params: ZFormatParams, querystring: ZJurisdictionQuery, produces } },
        async (request, reply) => send(reply, formatOf(request.params.format), "services", await open311.listServices(requestContext(request))),
      );

      app.get(
        "/services/:file",
        { config: pub, schema: { tags, summary: "Open311 service definition ({service_code}.json|xml): the category's extra fields as attributes", security: noKey, params: ZFileParams, querystring: ZJurisdictionQuery, produces } },
        async (request, reply) => {
          const { name, format } = fileOf(request.params.file);
          return send(reply, format, "service_definition", await open311.getServiceDefinition(requestContext(request), name));
        },
      );

      app.post(
        "/requests.:format",
        {
          config: pub,
          preValidation: async (request) => {
            const body = request.body as { api_key?: unknown } | undefined;
            const formKey = typeof body?.api_key === "string" ? body.api_key : undefined;
            callers.set(request, await open311.authenticateKey(app.authenticator, formKey, request.headers.authorization));
          },
          schema: {
            tags,
            summary: "Open311 POST request (form-encoded; api_key with cases.report): files a case of channel open311",
            security: [{ apiKey: [] }],
            consumes: [FORM_TYPE],
            params: ZFormatParams,
            body: ZPostRequestForm,
            produces,
          },
        },
        async (request, reply) => {
          const format = formatOf(request.params.format);
          const actor = callers.get(request)!;
          const ctx = { ...requestContext(request), actor };
          const created = await open311.createRequest(ctx, request.body, parseIdempotencyKey(request.headers["idempotency-key"]));
          return send(reply, format, "service_requests", created, 201);
        },
      );

      app.get(
        "/requests.:format",
        {
          config: pub,
          schema: { tags, summary: "Open311 requests: newest first, at most 90 days and 1,000 per page; extensions=true adds notes", security: noKey, params: ZFormatParams, querystring: ZRequestsQuery, produces },
        },
        async (request, reply) => send(reply, formatOf(request.params.format), "service_requests", await open311.findServiceRequests(requestContext(request), request.query)),
      );

      app.get(
        "/requests/:file",
        { config: pub, schema: { tags, summary: "One Open311 request ({service_request_id}.json|xml = the case number), as a one-element list", security: noKey, params: ZFileParams, querystring: ZRequestQuery, produces } },
        async (request, reply) => {
          const { name, format } = fileOf(request.params.file);
          return send(reply, format, "service_requests", await open311.getServiceRequest(requestContext(request), name, request.query.extensions === "true"));
        },
      );

      app.get(
        "/tokens/:file",
        { config: pub, schema: { tags, summary: "Open311 token lookup ({token}.json|xml); services are realtime, so only a request id resolves", security: noKey, params: ZFileParams, querystring: ZJurisdictionQuery, produces } },
        async (request, reply) => {
          const { name, format } = fileOf(request.params.file);
          return send(reply, format, "service_requests", await open311.getToken(requestContext(request), name));
        },
      );
    },
    { prefix: "/open311/v2" },
  );
};
