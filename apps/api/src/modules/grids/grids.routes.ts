import { ZGridList, ZProblem } from "@caihong/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { actorContext } from "../../plugins/auth";
import { findGrids } from "./grids.service";

/** The grid tree, as far as the caller may see it. */
export const gridsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get("/grids", { schema: { tags: ["grids"], summary: "List grids in scope", response: { 200: ZGridList, 401: ZProblem, 403: ZProblem } } }, async (request) =>
    findGrids(actorContext(request)),
  );
};
