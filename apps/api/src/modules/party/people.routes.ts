import {
  ZCreatePersonRequest,
  ZCreateStaffAssignmentRequest,
  ZEndStaffAssignmentRequest,
  ZFindPeopleQuery,
  ZFindStaffQuery,
  ZIdParams,
  ZPersonDetail,
  ZPersonPage,
  ZPersonPersonalData,
  ZProblem,
  ZStaffAssignment,
  ZStaffAssignmentPage,
  ZUpdatePersonRequest,
} from "@caihong/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { sendWorkbook, XLSX_TYPE } from "../../lib/xlsx";
import { actorContext } from "../../lib/request-context";
import { assignStaff, endAssignment } from "./use-cases/assign-staff";
import { exportPeople, findPeople } from "./use-cases/find-people";
import { exportStaff, findStaff } from "./use-cases/find-staff";
import { getPerson } from "./use-cases/get-person";
import { createPerson, updatePerson } from "./use-cases/record-person";
import { revealPersonalData } from "./use-cases/reveal-personal-data";

const tags = ["people"];
const errors = { 400: ZProblem, 401: ZProblem, 403: ZProblem, 404: ZProblem, 409: ZProblem, 422: ZProblem };

/** Party members and staff, and their posts on grids. */
export const peopleRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get("/people", { schema: { tags, summary: "Find people whose home grid is in scope", querystring: ZFindPeopleQuery, response: { 200: ZPersonPage, ...errors } } }, async (request) =>
    findPeople(actorContext(request), request.query),
  );

  app.get(
    "/people/export.xlsx",
    { schema: { tags, summary: "Export people in scope (Excel, masked)", querystring: ZFindPeopleQuery.omit({ cursor: true, limit: true }), produces: [XLSX_TYPE] } },
    async (request, reply) => sendWorkbook(reply, await exportPeople(actorContext(request), request.query), "党员与工作人员.xlsx"),
  );

  app.post("/people", { schema: { tags, summary: "Record a person", body: ZCreatePersonRequest, response: { 201: ZPersonDetail, ...errors } } }, async (request, reply) =>
    reply.code(201).send(await createPerson(actorContext(request), request.body)),
  );

  app.get("/people/:id", { schema: { tags, summary: "One person with memberships and posts", params: ZIdParams, response: { 200: ZPersonDetail, ...errors } } }, async (request) =>
    getPerson(actorContext(request), request.params.id),
  );

  app.patch(
    "/people/:id",
    { schema: { tags, summary: "Edit a person (optimistic concurrency by version)", params: ZIdParams, body: ZUpdatePersonRequest, response: { 200: ZPersonDetail, ...errors } } },
    async (request) => updatePerson(actorContext(request), request.params.id, request.body),
  );

  app.get(
    "/people/:id/personal-data",
    { schema: { tags, summary: "Reveal full phone and ID number (audited)", params: ZIdParams, response: { 200: ZPersonPersonalData, ...errors } } },
    async (request) => revealPersonalData(actorContext(request), request.params.id),
  );

  app.get("/staff-assignments", { schema: { tags, summary: "Staff posts on grids in scope", querystring: ZFindStaffQuery, response: { 200: ZStaffAssignmentPage, ...errors } } }, async (request) =>
    findStaff(actorContext(request), request.query),
  );

  app.get(
    "/staff-assignments/export.xlsx",
    { schema: { tags, summary: "Export staff posts in scope (Excel)", querystring: ZFindStaffQuery.omit({ cursor: true, limit: true }), produces: [XLSX_TYPE] } },
    async (request, reply) => sendWorkbook(reply, await exportStaff(actorContext(request), request.query), "网格工作人员.xlsx"),
  );

  app.post(
    "/staff-assignments",
    { schema: { tags, summary: "Put a person on a grid post (grants their account the post's scope)", body: ZCreateStaffAssignmentRequest, response: { 201: ZStaffAssignment, ...errors } } },
    async (request, reply) => reply.code(201).send(await assignStaff(actorContext(request), request.body)),
  );

  app.post(
    "/staff-assignments/:id/end",
    { schema: { tags, summary: "End a post on a date (its grant ends with it)", params: ZIdParams, body: ZEndStaffAssignmentRequest, response: { 200: ZStaffAssignment, ...errors } } },
    async (request) => endAssignment(actorContext(request), request.params.id, request.body),
  );
};
