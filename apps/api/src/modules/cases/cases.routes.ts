import {
  ZBatchTransitionRequest,
  ZBatchTransitionResult,
  ZCalendar,
  ZCalendarQuery,
  ZCaseCategory,
  ZCaseCategoryList,
  ZCaseCreated,
  ZCaseDetail,
  ZCaseFloodList,
  ZCaseFloodQuery,
  ZCaseMapQuery,
  ZCasePage,
  ZCaseReveal,
  ZCaseTransitionRequest,
  ZCreateCaseCategoryRequest,
  ZCreateCaseRequest,
  ZDateParams,
  ZDryRunQuery,
  ZDuplicateList,
  ZDuplicateQuery,
  ZFindCasesQuery,
  ZHotlineImportResult,
  ZIdParams,
  ZInbox,
  ZPhotoQuery,
  ZPhotoUploaded,
  ZProblem,
  ZPublicCaseCreated,
  ZPublicCaseRequest,
  ZPublicCaseView,
  ZPublicRateRequest,
  ZPublicReopenRequest,
  ZPutCalendarDayRequest,
  ZTrackQuery,
  ZUpdateCaseCategoryRequest,
  ZVoidFloodRequest,
  ZVoidFloodResult,
} from "@caihong/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { ensureDeviceId } from "../../lib/device-cookie";
import { PHOTO_MAX_BYTES } from "../../lib/photos";
import { PROOF_HEADER } from "../../lib/proof-of-work";
import { contentDisposition, XLSX_TYPE } from "../../lib/xlsx";
import { actorContext, requestContext } from "../../lib/request-context";
import { parseIdempotencyKey } from "../idempotency";
import { importHotlineXlsx } from "./use-cases/import-hotline";
import * as calendar from "./use-cases/manage-calendar";
import * as categories from "./use-cases/manage-categories";
import * as photos from "./use-cases/manage-photos";
import * as readCases from "./use-cases/read-cases";
import * as floods from "./use-cases/void-flood";
import { reportCase, reportCaseInPublic } from "./use-cases/report-case";
import { showInbox } from "./use-cases/show-inbox";
import { suggestDuplicates } from "./use-cases/suggest-duplicates";
import { takeStep, takeSteps } from "./use-cases/take-step";
import * as publicCases from "./use-cases/track-case";

const tags = ["cases"];
const errors = { 400: ZProblem, 401: ZProblem, 403: ZProblem, 404: ZProblem, 409: ZProblem, 413: ZProblem, 415: ZProblem, 422: ZProblem, 428: ZProblem, 429: ZProblem };
const IMAGE_TYPES = ["image/jpeg", "image/png", "image/webp", "application/octet-stream"];
const binary = z.custom<Buffer>((value) => Buffer.isBuffer(value), { message: "invalid" }).meta({ type: "string", format: "binary" });
const idempotencyHeader = z.object({ "idempotency-key": z.string().optional() });

/** Cases (快速处置一件事): intake, the queue, steps, photos, categories, calendar, inbox, the public page. */
export const casesRoutes: FastifyPluginAsyncZod = async (app) => {
  // Photos are checked by content; the declared type only lets the body in.
  app.addContentTypeParser(IMAGE_TYPES, { parseAs: "buffer", bodyLimit: PHOTO_MAX_BYTES }, (_request, body, done) => done(null, body));
  app.addContentTypeParser(XLSX_TYPE, { parseAs: "buffer", bodyLimit: 10 * 1024 * 1024 }, (_request, body, done) => done(null, body));

  // --- categories and calendar
  app.get("/case-categories", { schema: { tags, summary: "The category dictionary (大类 → 小类) with standards and time limits", response: { 200: ZCaseCategoryList, ...errors } } }, async (request) =>
    categories.listCategories(actorContext(request)),
  );
  app.post("/case-categories", { schema: { tags, summary: "Add a category (cases.configure)", body: ZCreateCaseCategoryRequest, response: { 201: ZCaseCategory, ...errors } } }, async (request, reply) =>
    reply.code(201).send(await categories.createCategory(actorContext(request), request.body)),
  );
  app.patch("/case-categories/:id", { schema: { tags, summary: "Edit a category (optimistic concurrency by version)", params: ZIdParams, body: ZUpdateCaseCategoryRequest, response: { 200: ZCaseCategory, ...errors } } }, async (request) =>
    categories.updateCategory(actorContext(request), request.params.id, request.body),
  );
  app.get("/work-calendar", { schema: { tags, summary: "Holidays and make-up working days of a year", querystring: ZCalendarQuery, response: { 200: ZCalendar, ...errors } } }, async (request) =>
    calendar.getCalendar(actorContext(request), request.query.year),
  );
  app.put("/work-calendar/:date", { schema: { tags, summary: "Mark a date as holiday or make-up working day", params: ZDateParams, body: ZPutCalendarDayRequest, response: { 200: ZCalendar, ...errors } } }, async (request) =>
    calendar.putCalendarDay(actorContext(request), request.params.date, request.body),
  );
  app.delete("/work-calendar/:date", { schema: { tags, summary: "Return a date to the Monday–Friday rule", params: ZDateParams, response: { 200: ZCalendar, ...errors } } }, async (request) =>
    calendar.deleteCalendarDay(actorContext(request), request.params.date),
  );

  // --- photos
  app.post(
    "/case-photos",
    { bodyLimit: PHOTO_MAX_BYTES, schema: { tags, summary: "Upload a photo (JPEG/PNG/WebP ≤ 10 MB; EXIF removed)", consumes: IMAGE_TYPES, body: binary, response: { 201: ZPhotoUploaded, ...errors } } },
    async (request, reply) => reply.code(201).send(await photos.uploadPhoto(actorContext(request), request.body)),
  );
  app.get("/case-photos/:id", { schema: { tags, summary: "A photo or its thumbnail (?thumb=true)", params: ZIdParams, querystring: ZPhotoQuery, produces: ["image/jpeg", "image/png", "image/webp"] } }, async (request, reply) => {
    const photo = await photos.readPhoto(actorContext(request), request.params.id, request.query.thumb ?? false);
    return reply.type(photo.mime).header("Cache-Control", "private, max-age=86400").send(photo.body);
  });

  // --- cases
  app.post(
    "/cases",
    { schema: { tags, summary: "Report a case (resident, patrol, hotline, staff); Idempotency-Key makes retries safe", headers: idempotencyHeader, body: ZCreateCaseRequest, response: { 201: ZCaseCreated, ...errors } } },
    async (request, reply) => reply.code(201).send(await reportCase(actorContext(request), request.body, parseIdempotencyKey(request.headers["idempotency-key"]))),
  );
  app.get("/cases", { schema: { tags, summary: "Cases in scope (queue): by state, SLA colour, channel, category, grid, handler", querystring: ZFindCasesQuery, response: { 200: ZCasePage, ...errors } } }, async (request) =>
    readCases.findCases(actorContext(request), request.query),
  );
  app.get(
    "/cases/export.xlsx",
    { schema: { tags, summary: "Export the queue (Excel; no contact details)", querystring: ZFindCasesQuery.omit({ cursor: true, limit: true }), produces: [XLSX_TYPE] } },
    async (request, reply) => reply.type(XLSX_TYPE).header("Content-Disposition", contentDisposition("案件.xlsx")).send(await readCases.exportCasesXlsx(actorContext(request), request.query)),
  );
  app.get("/cases/map.geojson", { schema: { tags, summary: "Open cases in scope as points with their SLA colour", querystring: ZCaseMapQuery } }, async (request, reply) =>
    reply.type("application/geo+json").send(await readCases.openCasesGeoJson(actorContext(request), request.query)),
  );
  app.get("/cases/duplicates", { schema: { tags, summary: "Open cases of a category near a point (possible duplicates)", querystring: ZDuplicateQuery, response: { 200: ZDuplicateList, ...errors } } }, async (request) =>
    suggestDuplicates(actorContext(request), request.query),
  );
  app.post(
    "/cases/import-12345.xlsx",
    {
      bodyLimit: 10 * 1024 * 1024,
      schema: {
        tags,
        summary: "Import a 12345 hotline export; all rows or none (row-level problems)",
        consumes: [XLSX_TYPE],
        querystring: ZDryRunQuery,
        body: binary,
        response: { 200: ZHotlineImportResult, ...errors, 422: ZProblem.extend(ZHotlineImportResult.partial().shape) },
      },
    },
    async (request) => importHotlineXlsx(actorContext(request), request.body, request.query.dryRun),
  );
  app.post(
    "/cases/batch-transitions",
    { schema: { tags, summary: "One step on many cases; each answered on its own", body: ZBatchTransitionRequest, response: { 200: ZBatchTransitionResult, ...errors } } },
    async (request) => takeSteps(actorContext(request), request.body),
  );
  app.get(
    "/cases/floods",
    { schema: { tags, summary: "Floods of anonymous reports: sources (hashed address or device) with many reported cases in a range", querystring: ZCaseFloodQuery, response: { 200: ZCaseFloodList, ...errors } } },
    async (request) => floods.listFloods(actorContext(request), request.query),
  );
  app.post(
    "/cases/floods/void",
    { schema: { tags, summary: "Void (注销) every reported case of one source in a range in one step (each audited, one summary entry)", body: ZVoidFloodRequest, response: { 200: ZVoidFloodResult, ...errors } } },
    async (request) => floods.voidFlood(actorContext(request), request.body),
  );
  app.get("/cases/:id", { schema: { tags, summary: "A case with its timeline, photos and the steps the caller may take", params: ZIdParams, response: { 200: ZCaseDetail, ...errors } } }, async (request) =>
    readCases.getCase(actorContext(request), request.params.id),
  );
  app.post(
    "/cases/:id/transitions",
    { schema: { tags, summary: "Take a step (立案, 派遣, 签收, 反馈, 核查, 结案, 退回, 延期, 回访, 重办, 合并…); version required", params: ZIdParams, body: ZCaseTransitionRequest, response: { 200: ZCaseDetail, ...errors } } },
    async (request) => takeStep(actorContext(request), request.params.id, request.body),
  );
  app.get("/cases/:id/reporter", { schema: { tags, summary: "Reveal the reporter's contact (audited)", params: ZIdParams, response: { 200: ZCaseReveal, ...errors } } }, async (request) =>
    readCases.revealReporter(actorContext(request), request.params.id),
  );

  // --- inbox
  app.get("/inbox", { schema: { tags, summary: "What waits for the caller: assigned, due soon, overdue, returned, reopened…", response: { 200: ZInbox, ...errors } } }, async (request) =>
    showInbox(actorContext(request)),
  );
  // --- the public page (no account)
  const pub = { isPublic: true };
  // The page loads its categories first: that answer gives a new browser its device cookie.
  app.get("/public/case-categories", { config: pub, schema: { tags, summary: "Categories for the public report page (sets the device cookie)", response: { 200: ZCaseCategoryList, ...errors } } }, async (request, reply) => {
    ensureDeviceId(request, reply);
    return categories.listCategories(requestContext(request));
  });
  app.post(
    "/public/case-photos",
    { config: pub, bodyLimit: PHOTO_MAX_BYTES, schema: { tags, summary: "Upload a photo for a public report (throttled per address)", consumes: IMAGE_TYPES, body: binary, response: { 201: ZPhotoUploaded.omit({ url: true, thumbUrl: true }), ...errors } } },
    async (request, reply) => {
      const { url: _u, thumbUrl: _t, ...photo } = await photos.uploadPublicPhoto(requestContext(request), request.body);
      return reply.code(201).send(photo);
    },
  );
  app.post(
    "/public/cases",
    { config: pub, schema: { tags, summary: "Report without an account: returns the case number and a tracking code (limited per address and device; past a threshold 428 CHALLENGE_REQUIRED: solve the Caihong-Challenge header, resend with Caihong-Proof)", headers: idempotencyHeader, body: ZPublicCaseRequest, response: { 201: ZPublicCaseCreated, ...errors } } },
    async (request, reply) => {
      const client = { deviceId: ensureDeviceId(request, reply), proof: request.headers[PROOF_HEADER] as string | undefined };
      return reply.code(201).send(await reportCaseInPublic(requestContext(request), request.body, client, parseIdempotencyKey(request.headers["idempotency-key"])));
    },
  );
  app.get("/public/cases/track", { config: pub, schema: { tags, summary: "Follow a case with its number and tracking code", querystring: ZTrackQuery, response: { 200: ZPublicCaseView, ...errors } } }, async (request) =>
    publicCases.trackCase(requestContext(request), request.query.number, request.query.code),
  );
  app.post("/public/cases/rate", { config: pub, schema: { tags, summary: "Rate a closed case with its tracking code", body: ZPublicRateRequest, response: { 200: ZPublicCaseView, ...errors } } }, async (request) =>
    publicCases.rateByCode(requestContext(request), request.body),
  );
  app.post("/public/cases/reopen", { config: pub, schema: { tags, summary: "Reopen a closed case with its tracking code (within the reopen window)", body: ZPublicReopenRequest, response: { 200: ZPublicCaseView, ...errors } } }, async (request) =>
    publicCases.reopenByCode(requestContext(request), request.body),
  );
  app.get(
    "/public/case-photos/:id",
    { config: pub, schema: { tags, summary: "A photo of a tracked case", params: ZIdParams, querystring: ZPhotoQuery.required({ number: true, code: true }), produces: ["image/jpeg", "image/png", "image/webp"] } },
    async (request, reply) => {
      const ctx = requestContext(request);
      const hash = await publicCases.trackedHash(ctx, request.query.number, request.query.code);
      const photo = await photos.readPublicPhoto(ctx, request.params.id, request.query.thumb ?? false, request.query.number.trim().toUpperCase(), hash);
      return reply.type(photo.mime).header("Cache-Control", "private, max-age=86400").send(photo.body);
    },
  );
};
