import type { FastifyReply, FastifyRequest } from "fastify";
import type { FastifyPluginAsyncZod, ZodTypeProvider } from "fastify-type-provider-zod";
import { LIMITS } from "@caihong/contracts";
import { AppError, msg } from "../../lib/errors";
import { boundaryOf, MultipartError, parseMultipart, type MultipartFile } from "../../lib/multipart";
import type { Principal } from "../../lib/principal";
import { requestContext } from "../../lib/request-context";
import { parseIdempotencyKey } from "../idempotency";
import { ZFileParams, ZFormatParams, ZJurisdictionQuery, ZPostRequestForm, ZPostUpdateForm, ZRequestQuery, ZRequestsQuery, ZUpdatesQuery } from "./open311.contract";
import { toOpen311Failure } from "./open311.errors";
import { CONTENT_TYPES, formatOfUrl, render, splitFormat, type Open311Format, type Open311Value } from "./open311.xml";
import { discover, getServiceDefinition, listServices } from "./use-cases/discover-services";
import { findServiceRequests, getServiceRequest, getToken } from "./use-cases/read-requests";
import { authenticateKey, createRequest, MAX_REQUEST_PHOTOS } from "./use-cases/report-request";
import { findUpdates, postUpdate } from "./use-cases/request-updates";

const tags = ["open311"];
const produces = [CONTENT_TYPES.json, CONTENT_TYPES.xml];
const FORM_TYPE = "application/x-www-form-urlencoded";
const MULTIPART_TYPE = "multipart/form-data";
/** A multipart POST: the photos (each at most 10 MB) and the form fields. */
const MULTIPART_BODY_LIMIT = MAX_REQUEST_PHOTOS * LIMITS.casePhotos.bytes + LIMITS.bodyBytes;
const pub = { isPublic: true };
const noKey: Record<string, string[]>[] = [];

/**
 * Form fields as the routes validate them. `attribute[code]=v` becomes `attribute.code`; repeated
 * `attribute[code][]=v` (a multivaluelist) becomes a list. Empty values are dropped (the spec: an
 * empty argument is a missing one); for other repeated fields the last value wins.
 */
export function formFields(entries: Iterable<[string, string]>): Record<string, unknown> {
  const fields = new Map<string, string>();
  const attributes = new Map<string, string | string[]>();
  for (const [key, value] of entries) {
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

/** Parses an urlencoded POST body (see formFields). */
export function parseForm(text: string): Record<string, unknown> {
  return formFields(new URLSearchParams(text));
}

/** The photos of a multipart POST, kept beside the validated fields. */
const uploads = new WeakMap<FastifyRequest, MultipartFile[]>();

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
      // Photos as multipart parts (FixMyStreet's upload_files, other clients' `media`): any file part is a photo.
      app.addContentTypeParser(MULTIPART_TYPE, { parseAs: "buffer", bodyLimit: MULTIPART_BODY_LIMIT }, (request, body, done) => {
        const boundary = boundaryOf(request.headers["content-type"]);
        try {
          if (!boundary) throw new MultipartError("no boundary");
          const parsed = parseMultipart(body as Buffer, boundary);
          uploads.set(request, parsed.files);
          done(null, formFields(parsed.fields));
        } catch (error) {
          if (!(error instanceof MultipartError)) return done(error as Error);
          done(new AppError("VALIDATION_FAILED", msg("multipart 请求体格式错误", "Malformed multipart body")));
        }
      });
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
          return send(reply, format, "discovery", await discover(requestContext(request), `${request.protocol}://${request.host}`));
        },
      );

      app.get(
        "/services.:format",
        { config: pub, schema: { tags, summary: "Open311 services: the active 小类 (service_code = category code, group = 大类)", security: noKey, params: ZFormatParams, querystring: ZJurisdictionQuery, produces } },
        async (request, reply) => send(reply, formatOf(request.params.format), "services", await listServices(requestContext(request))),
      );

      app.get(
        "/services/:file",
        { config: pub, schema: { tags, summary: "Open311 service definition ({service_code}.json|xml): the category's extra fields as attributes", security: noKey, params: ZFileParams, querystring: ZJurisdictionQuery, produces } },
        async (request, reply) => {
          const { name, format } = fileOf(request.params.file);
          return send(reply, format, "service_definition", await getServiceDefinition(requestContext(request), name));
        },
      );

      // POSTs carry the key in the form (or an Authorization header): the caller is known before the body is checked.
      const formKeyCaller = async (request: FastifyRequest) => {
        const body = request.body as { api_key?: unknown } | undefined;
        const formKey = typeof body?.api_key === "string" ? body.api_key : undefined;
        callers.set(request, await authenticateKey(app.authenticator, formKey, request.headers.authorization));
      };

      app.post(
        "/requests.:format",
        {
          config: pub,
          preValidation: formKeyCaller,
          schema: {
            tags,
            summary: "Open311 POST request (form-encoded, or multipart with up to 3 photos; media_url fetched from allowed hosts; api_key with cases.report): files a case of channel open311",
            security: [{ apiKey: [] }],
            consumes: [FORM_TYPE, MULTIPART_TYPE],
            params: ZFormatParams,
            body: ZPostRequestForm,
            produces,
          },
        },
        async (request, reply) => {
          const format = formatOf(request.params.format);
          const actor = callers.get(request)!;
          const ctx = { ...requestContext(request), actor };
          const created = await createRequest(ctx, request.body, uploads.get(request) ?? [], parseIdempotencyKey(request.headers["idempotency-key"]));
          return send(reply, format, "service_requests", created, 201);
        },
      );

      app.get(
        "/requests.:format",
        {
          config: pub,
          schema: { tags, summary: "Open311 requests (published: filed, redacted, points on a 0.001° grid): newest first, at most 90 days and 1,000 per page, or up to 10,000 by id; extensions=true adds notes", security: noKey, params: ZFormatParams, querystring: ZRequestsQuery, produces },
        },
        async (request, reply) => send(reply, formatOf(request.params.format), "service_requests", await findServiceRequests(requestContext(request), request.query)),
      );

      app.get(
        "/requests/:file",
        { config: pub, schema: { tags, summary: "One published Open311 request ({service_request_id}.json|xml, the public id), as a one-element list", security: noKey, params: ZFileParams, querystring: ZRequestQuery, produces } },
        async (request, reply) => {
          const { name, format } = fileOf(request.params.file);
          return send(reply, format, "service_requests", await getServiceRequest(requestContext(request), name, request.query.extensions === "true"));
        },
      );

      app.get(
        "/servicerequestupdates.:format",
        {
          config: pub,
          preValidation: async (request) => {
            const query = request.query as { api_key?: unknown };
            const key = typeof query.api_key === "string" && query.api_key ? query.api_key : undefined;
            if (key || request.headers.authorization) callers.set(request, await authenticateKey(app.authenticator, key, request.headers.authorization));
          },
          schema: {
            tags,
            summary: "Open311 servicerequestupdates (FixMyStreet's extension): the steps of published requests in a window (default the last 24 hours), oldest first, with extended statuses; an api_key adds its own submissions' statuses",
            security: noKey,
            params: ZFormatParams,
            querystring: ZUpdatesQuery,
            produces,
          },
        },
        async (request, reply) => send(reply, formatOf(request.params.format), "service_requests_updates", await findUpdates(requestContext(request), request.query, callers.get(request) ?? null)),
      );

      app.post(
        "/servicerequestupdates.:format",
        {
          config: pub,
          preValidation: formKeyCaller,
          schema: {
            tags,
            summary: "Open311 POST servicerequestupdates (when CAIHONG_OPEN311_UPDATES_POST): a citizen's update, kept as an internal remark; a repeated update_id answers the first",
            security: [{ apiKey: [] }],
            consumes: [FORM_TYPE, MULTIPART_TYPE],
            params: ZFormatParams,
            body: ZPostUpdateForm,
            produces,
          },
        },
        async (request, reply) => {
          const format = formatOf(request.params.format);
          const ctx = { ...requestContext(request), actor: callers.get(request)! };
          return send(reply, format, "service_request_updates", await postUpdate(ctx, request.body));
        },
      );

      app.get(
        "/tokens/:file",
        { config: pub, schema: { tags, summary: "Open311 token lookup ({token}.json|xml); services are realtime, so only a request id resolves", security: noKey, params: ZFileParams, querystring: ZJurisdictionQuery, produces } },
        async (request, reply) => {
          const { name, format } = fileOf(request.params.file);
          return send(reply, format, "service_requests", await getToken(requestContext(request), name));
        },
      );
    },
    { prefix: "/open311/v2" },
  );
};
