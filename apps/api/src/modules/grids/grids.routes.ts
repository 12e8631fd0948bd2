import { ZGridList, ZGridSummary, ZLocateQuery, ZLocateResult, ZProblem } from "@caihong/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { actorContext } from "../../plugins/auth";
import { GridLocator } from "./grids.locator";
import { findGrids, locatePoint, summarizeGrids } from "./grids.service";

const tags = ["grids"];
const errors = { 400: ZProblem, 401: ZProblem, 403: ZProblem };

/** The grid tree, as far as the caller may see it, its counts, and point lookup. */
export const gridsRoutes: FastifyPluginAsyncZod = async (app) => {
  const locator = new GridLocator(app.deps.db, app.deps.tenantId);

  app.get("/grids", { schema: { tags, summary: "List grids in scope", response: { 200: ZGridList, ...errors } } }, async (request) => findGrids(actorContext(request)));

  app.get("/grids/summary", { schema: { tags, summary: "Grid counts per level, from rows", response: { 200: ZGridSummary, ...errors } } }, async (request) =>
    summarizeGrids(actorContext(request)),
  );

  app.get(
    "/grids/locate",
    { schema: { tags, summary: "Which grid is this point in? (wgs84 | gcj02 | bd09)", querystring: ZLocateQuery, response: { 200: ZLocateResult, ...errors } } },
    async (request) => locatePoint(actorContext(request), locator, request.query),
  );
};
