import { ZCreateUnitRequest, ZFindUnitsQuery, ZIdParams, ZProblem, ZUnitDetail, ZUnitPage, ZUpdateUnitRequest } from "@caihong/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { sendWorkbook, XLSX_TYPE } from "../../lib/xlsx";
import { actorContext } from "../../lib/request-context";
import { exportUnits, findUnits } from "./use-cases/find-units";
import { getUnit } from "./use-cases/get-unit";
import { recordUnit, updateUnit } from "./use-cases/record-unit";
import { revealContacts } from "./use-cases/reveal-contacts";

const tags = ["units"];
const errors = { 400: ZProblem, 401: ZProblem, 403: ZProblem, 404: ZProblem, 409: ZProblem, 422: ZProblem };

/** Units in the area (驻区单位) with their contacts and 两新党组织. */
export const unitsRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get("/units", { schema: { tags, summary: "Find units whose grid is in scope", querystring: ZFindUnitsQuery, response: { 200: ZUnitPage, ...errors } } }, async (request) =>
    findUnits(actorContext(request), request.query),
  );

  app.get(
    "/units/export.xlsx",
    { schema: { tags, summary: "Export units in scope (Excel, phones masked)", querystring: ZFindUnitsQuery.omit({ cursor: true, limit: true }), produces: [XLSX_TYPE] } },
    async (request, reply) => sendWorkbook(reply, await exportUnits(actorContext(request), request.query), "驻区单位.xlsx"),
  );

  app.post("/units", { schema: { tags, summary: "Record a unit (located in a micro grid from its coordinates)", body: ZCreateUnitRequest, response: { 201: ZUnitDetail, ...errors } } }, async (request, reply) =>
    reply.code(201).send(await recordUnit(actorContext(request), request.body)),
  );

  app.get("/units/:id", { schema: { tags, summary: "One unit", params: ZIdParams, response: { 200: ZUnitDetail, ...errors } } }, async (request) =>
    getUnit(actorContext(request), request.params.id),
  );

  app.patch(
    "/units/:id",
    { schema: { tags, summary: "Edit a unit (optimistic concurrency by version)", params: ZIdParams, body: ZUpdateUnitRequest, response: { 200: ZUnitDetail, ...errors } } },
    async (request) => updateUnit(actorContext(request), request.params.id, request.body),
  );

  app.get(
    "/units/:id/personal-data",
    { schema: { tags, summary: "Reveal contacts' phone numbers (audited)", params: ZIdParams, response: { 200: z.object({ contacts: z.array(z.object({ id: z.string(), phone: z.string().nullable() })) }), ...errors } } },
    async (request) => revealContacts(actorContext(request), request.params.id),
  );
};
