import {
  ZConsistencyReport,
  ZCreateMembershipRequest,
  ZCreatePartyOrgRequest,
  ZEndMembershipRequest,
  ZFindPartyOrgsQuery,
  ZIdParams,
  ZMembership,
  ZPartyOrg,
  ZPartyOrgDetail,
  ZPartyOrgPage,
  ZProblem,
  ZUpdatePartyOrgRequest,
} from "@caihong/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { sendWorkbook, XLSX_TYPE } from "../../lib/xlsx";
import { actorContext } from "../../lib/request-context";
import { peopleRoutes } from "./people.routes";
import { addMembership, endMembership } from "./use-cases/add-membership";
import { exportOrgs, findOrgs, findOrgTree } from "./use-cases/find-orgs";
import { getOrg } from "./use-cases/get-org";
import { createOrg, updateOrg } from "./use-cases/record-org";
import { reportConsistency } from "./use-cases/report-consistency";

const tags = ["party"];
const errors = { 400: ZProblem, 401: ZProblem, 403: ZProblem, 404: ZProblem, 409: ZProblem, 422: ZProblem };

/**
 * The party network: organisations (one per grid), their memberships and the one-to-one
 * consistency report, and (people.routes) the people — members and staff — and their posts.
 */
export const partyRoutes: FastifyPluginAsyncZod = async (app) => {
  await app.register(peopleRoutes);

  app.get("/party-orgs", { schema: { tags, summary: "Find Party organisations in scope", querystring: ZFindPartyOrgsQuery, response: { 200: ZPartyOrgPage, ...errors } } }, async (request) =>
    findOrgs(actorContext(request), request.query),
  );

  app.get("/party-orgs/tree", { schema: { tags, summary: "Every organisation in scope (for the tree view)", response: { 200: z.object({ items: z.array(ZPartyOrg) }), ...errors } } }, async (request) =>
    findOrgTree(actorContext(request)),
  );

  app.get(
    "/party-orgs/consistency",
    { schema: { tags, summary: "One organisation per grid: violations and counts by kind, from rows", response: { 200: ZConsistencyReport, ...errors } } },
    async (request) => reportConsistency(actorContext(request)),
  );

  app.get(
    "/party-orgs/export.xlsx",
    { schema: { tags, summary: "Export organisations in scope (Excel)", querystring: ZFindPartyOrgsQuery.omit({ cursor: true, limit: true }), produces: [XLSX_TYPE] } },
    async (request, reply) => sendWorkbook(reply, await exportOrgs(actorContext(request), request.query), "党组织.xlsx"),
  );

  app.get("/party-orgs/:id", { schema: { tags, summary: "One organisation with its memberships", params: ZIdParams, response: { 200: ZPartyOrgDetail, ...errors } } }, async (request) =>
    getOrg(actorContext(request), request.params.id),
  );

  app.post(
    "/party-orgs",
    { schema: { tags, summary: "Create the organisation of a grid (409 if the grid has one)", body: ZCreatePartyOrgRequest, response: { 201: ZPartyOrgDetail, ...errors } } },
    async (request, reply) => reply.code(201).send(await createOrg(actorContext(request), request.body)),
  );

  app.patch(
    "/party-orgs/:id",
    { schema: { tags, summary: "Edit an organisation (optimistic concurrency by version)", params: ZIdParams, body: ZUpdatePartyOrgRequest, response: { 200: ZPartyOrgDetail, ...errors } } },
    async (request) => updateOrg(actorContext(request), request.params.id, request.body),
  );

  app.post(
    "/party-orgs/:id/memberships",
    { schema: { tags, summary: "Add a member (or secretary, responsible member …)", params: ZIdParams, body: ZCreateMembershipRequest, response: { 201: ZMembership, ...errors } } },
    async (request, reply) => reply.code(201).send(await addMembership(actorContext(request), request.params.id, request.body)),
  );

  app.post(
    "/party-memberships/:id/end",
    { schema: { tags, summary: "End a membership on a date", params: ZIdParams, body: ZEndMembershipRequest, response: { 200: ZMembership, ...errors } } },
    async (request) => endMembership(actorContext(request), request.params.id, request.body),
  );
};
