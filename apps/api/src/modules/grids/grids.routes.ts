import {
  ZGridDetail,
  ZGridFeatureCollection,
  ZGridGeometry,
  ZGridImportQuery,
  ZGridImportResult,
  ZGridList,
  ZGridProblem,
  ZGridQuery,
  ZGridSummary,
  ZIdParams,
  ZLocateQuery,
  ZLocateResult,
  ZProblem,
  ZTopologyReport,
  ZUpdateGridRequest,
} from "@caihong/contracts";
import type { FastifySchemaCompiler } from "fastify";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { validatorCompiler } from "../../lib/validation";
import { sendFile, sendWorkbook, XLSX_TYPE } from "../../lib/xlsx";
import { actorContext, requestContext } from "../../lib/request-context";
import { exportGridsGeoJson, exportGridsXlsx } from "./use-cases/export-grids";
import { findGridMap, findGrids, findPublicGridMap, summarizeGrids } from "./use-cases/find-grids";
import { getGrid } from "./use-cases/get-grid";
import { importGridsGeoJson } from "./use-cases/import-grid-features";
import { importGridsXlsx } from "./use-cases/import-grid-workbook";
import { locatePoint } from "./use-cases/locate-point";
import { reportTopology } from "./use-cases/report-topology";
import { updateGrid } from "./use-cases/update-grid";

const tags = ["grids"];
const errors = { 400: ZProblem, 401: ZProblem, 403: ZProblem, 404: ZProblem };
const GEOJSON_TYPE = "application/geo+json";
/** The demo tree exports to well under 1 MB; a city-scale file is larger. */
const IMPORT_BODY_LIMIT = 20 * 1024 * 1024;
const XLSX_BODY_LIMIT = 10 * 1024 * 1024;

/** A 422 of an import: the problem+json body plus every problem found (nothing was written). */
const ZGridImportProblem = ZProblem.extend({
  /** Every problem of the file, naming grids by code and features or rows by position. */
  problems: z.array(ZGridProblem).optional(),
});

/** One feature of the map layer (GET /grids/map.geojson); `id` is the grid id. */
const ZGridMapCollection = z.object({
  type: z.literal("FeatureCollection"),
  features: z.array(
    z.object({
      type: z.literal("Feature"),
      id: z.string(),
      properties: z.object({
        id: z.string(),
        code: z.string(),
        name: z.string(),
        level: z.number().int(),
        type: z.string(),
        parentCode: z.string().nullable(),
        parentId: z.string().nullable(),
        organisationName: z.string().nullable(),
      }),
      geometry: ZGridGeometry,
    }),
  ),
});

// The GeoJSON import checks the body itself, so that schema problems are reported per feature
// together with every other problem (422 `problems`) instead of as a 400 on the first pass.
const bodyCheckedByService: FastifySchemaCompiler<z.ZodType> = (route) => (route.httpPart === "body" ? (data) => ({ value: data }) : validatorCompiler(route));

/** The grid tree: list, card, edits, map layer, topology report, point lookup, import and export. */
export const gridsRoutes: FastifyPluginAsyncZod = async (app) => {
  // Content types of this plugin only: GeoJSON's own media type and raw .xlsx uploads.
  app.addContentTypeParser(GEOJSON_TYPE, { parseAs: "string" }, app.getDefaultJsonParser("error", "error"));
  app.addContentTypeParser(XLSX_TYPE, { parseAs: "buffer", bodyLimit: XLSX_BODY_LIMIT }, (_request, body, done) => done(null, body));

  app.get("/grids", { schema: { tags, summary: "List grids in scope", response: { 200: ZGridList, ...errors } } }, async (request) => findGrids(actorContext(request)));

  app.get("/grids/summary", { schema: { tags, summary: "Grid counts per level, from rows", response: { 200: ZGridSummary, ...errors } } }, async (request) =>
    summarizeGrids(actorContext(request)),
  );

  app.get(
    "/grids/locate",
    { schema: { tags, summary: "Which grid is this point in? (wgs84 | gcj02 | bd09)", querystring: ZLocateQuery, response: { 200: ZLocateResult, ...errors } } },
    async (request) => locatePoint(actorContext(request), request.query),
  );

  app.get(
    "/grids/map.geojson",
    {
      schema: {
        tags,
        summary: "Current grids in scope as GeoJSON (map layers), optionally one level",
        querystring: ZGridQuery.pick({ level: true }),
        produces: [GEOJSON_TYPE],
        response: { 200: ZGridMapCollection, ...errors },
      },
    },
    async (request, reply) => {
      const text = await findGridMap(actorContext(request), request.query);
      return sendFile(reply, `${GEOJSON_TYPE}; charset=utf-8`, text);
    },
  );

  app.get(
    "/public/grids/map.geojson",
    {
      config: { isPublic: true },
      schema: {
        tags,
        summary: "Current grid boundaries for the public report page (the area's administrative divisions; no contacts)",
        querystring: ZGridQuery.pick({ level: true }),
        produces: [GEOJSON_TYPE],
        response: { 200: ZGridMapCollection, ...errors },
      },
    },
    async (request, reply) => sendFile(reply, `${GEOJSON_TYPE}; charset=utf-8`, await findPublicGridMap(requestContext(request), request.query)),
  );

  app.get("/grids/topology", { schema: { tags, summary: "Topology report: invalid boundaries, gaps, overlaps, children outside parents", response: { 200: ZTopologyReport, ...errors } } }, async (request) =>
    reportTopology(actorContext(request)),
  );

  app.get(
    "/grids/export.geojson",
    { schema: { tags, summary: "Export the grids in scope as a GeoJSON FeatureCollection (re-importable)", produces: [GEOJSON_TYPE], response: { 200: ZGridFeatureCollection, ...errors } } },
    async (request, reply) => {
      const collection = await exportGridsGeoJson(actorContext(request));
      return sendFile(reply, `${GEOJSON_TYPE}; charset=utf-8`, JSON.stringify(collection), "grids.geojson");
    },
  );

  app.get("/grids/export.xlsx", { schema: { tags, summary: "Export grid attributes as an Excel workbook (phones masked)", produces: [XLSX_TYPE], response: errors } }, async (request, reply) => {
    const file = await exportGridsXlsx(actorContext(request));
    return sendWorkbook(reply, file, "grids.xlsx");
  });

  app.post(
    "/grids/import",
    {
      bodyLimit: IMPORT_BODY_LIMIT,
      // The compiler's schema type is inferred per route; this one serves any route's schema.
      validatorCompiler: bodyCheckedByService as never,
      schema: {
        tags,
        summary: "Import grids from GeoJSON (create, redraw, retire, rename by code); all or nothing",
        description: "Body: application/json or application/geo+json. Any problem gives 422 with `problems` and writes nothing; dryRun=true only checks.",
        consumes: ["application/json", GEOJSON_TYPE],
        querystring: ZGridImportQuery,
        body: ZGridFeatureCollection,
        response: { 200: ZGridImportResult, 409: ZProblem, 413: ZProblem, 415: ZProblem, 422: ZGridImportProblem, ...errors },
      },
    },
    async (request) => importGridsGeoJson(actorContext(request), request.body, { dryRun: request.query.dryRun }),
  );

  app.post(
    "/grids/import.xlsx",
    {
      bodyLimit: XLSX_BODY_LIMIT,
      schema: {
        tags,
        summary: "Update grid names, types and contacts from the attribute workbook (by 编码); all or nothing",
        description: "Body: the raw .xlsx file. Any bad row gives 422 with `problems` naming its row and writes nothing.",
        consumes: [XLSX_TYPE],
        querystring: ZGridImportQuery,
        body: z.custom<Buffer>((value) => Buffer.isBuffer(value), { message: "invalid" }).meta({ type: "string", format: "binary" }),
        response: { 200: ZGridImportResult, 409: ZProblem, 413: ZProblem, 415: ZProblem, 422: ZGridImportProblem, ...errors },
      },
    },
    async (request) => importGridsXlsx(actorContext(request), request.body, { dryRun: request.query.dryRun }),
  );

  app.get("/grids/:id", { schema: { tags, summary: "A grid's card: organisation, responsible members, staff, counts, history", params: ZIdParams, response: { 200: ZGridDetail, ...errors } } }, async (request) =>
    getGrid(actorContext(request), request.params.id),
  );

  app.patch(
    "/grids/:id",
    {
      schema: {
        tags,
        summary: "Edit a grid's name, type or contact (optimistic concurrency by version)",
        params: ZIdParams,
        body: ZUpdateGridRequest,
        response: { 200: ZGridDetail, 409: ZProblem, ...errors },
      },
    },
    async (request) => updateGrid(actorContext(request), request.params.id, request.body),
  );
};
