import { ZCreateRoleRequest, ZIdParams, ZProblem, ZRole, ZRoleList, ZUpdateRoleRequest } from "@caihong/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { actorContext } from "../../lib/request-context";
import { createRole } from "./use-cases/create-role";
import { deleteRole } from "./use-cases/delete-role";
import { findRoles } from "./use-cases/find-roles";
import { updateRole } from "./use-cases/update-role";

const tags = ["roles"];
const errors = { 400: ZProblem, 401: ZProblem, 403: ZProblem, 404: ZProblem, 409: ZProblem };

/** Roles and their permissions. */
export const rolesRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get("/roles", { schema: { tags, summary: "List roles", response: { 200: ZRoleList, ...errors } } }, async (request) => findRoles(actorContext(request)));

  app.post("/roles", { schema: { tags, summary: "Create a role", body: ZCreateRoleRequest, response: { 201: ZRole, ...errors } } }, async (request, reply) =>
    reply.code(201).send(await createRole(actorContext(request), request.body)),
  );

  app.patch(
    "/roles/:id",
    { schema: { tags, summary: "Edit a role (optimistic concurrency by version)", params: ZIdParams, body: ZUpdateRoleRequest, response: { 200: ZRole, ...errors } } },
    async (request) => updateRole(actorContext(request), request.params.id, request.body),
  );

  app.delete("/roles/:id", { schema: { tags, summary: "Delete a custom role nobody holds", params: ZIdParams, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    await deleteRole(actorContext(request), request.params.id);
    return reply.code(204).send(null);
  });
};
