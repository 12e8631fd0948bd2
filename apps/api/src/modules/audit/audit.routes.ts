import { ZAuditPage, ZFindAuditQuery, ZProblem } from "@caihong/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { actorContext } from "../../lib/request-context";
import { findAuditEntries } from "./use-cases/find-audit-entries";

/** The audit log search. */
export const auditRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get(
    "/audit",
    { schema: { tags: ["audit"], summary: "Search the audit log", querystring: ZFindAuditQuery, response: { 200: ZAuditPage, 400: ZProblem, 401: ZProblem, 403: ZProblem } } },
    async (request) => findAuditEntries(actorContext(request), request.query),
  );
};
