import {
  ZCreateUserRequest,
  ZFindUsersQuery,
  ZIdParams,
  ZProblem,
  ZResetPasswordRequest,
  ZSetUserStatusRequest,
  ZUpdateUserRequest,
  ZUser,
  ZUserPage,
  ZUserPersonalData,
} from "@caihong/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { actorContext } from "../../lib/request-context";
import { createUser } from "./use-cases/create-user";
import { exportUsersCsv, findUsers, getUser } from "./use-cases/find-users";
import { resetUserPassword } from "./use-cases/reset-password";
import { revealUserPersonalData } from "./use-cases/reveal-user";
import { setUserStatus } from "./use-cases/set-user-status";
import { updateUser } from "./use-cases/update-user";

const tags = ["users"];
const errors = { 400: ZProblem, 401: ZProblem, 403: ZProblem, 404: ZProblem, 409: ZProblem };

/** Staff accounts: list, export, create, edit, disable, reset password, reveal phone. */
export const usersRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get("/users", { schema: { tags, summary: "Find users in scope", querystring: ZFindUsersQuery, response: { 200: ZUserPage, ...errors } } }, async (request) =>
    findUsers(actorContext(request), request.query),
  );

  app.get(
    "/users/export.csv",
    { schema: { tags, summary: "Export users in scope as CSV", querystring: ZFindUsersQuery.omit({ cursor: true, limit: true }), produces: ["text/csv"] } },
    async (request, reply) => {
      const csv = await exportUsersCsv(actorContext(request), { ...request.query, limit: 200 });
      return reply.type("text/csv; charset=utf-8").header("Content-Disposition", `attachment; filename="users.csv"`).send(csv);
    },
  );

  app.post("/users", { schema: { tags, summary: "Create a user", body: ZCreateUserRequest, response: { 201: ZUser, ...errors } } }, async (request, reply) =>
    reply.code(201).send(await createUser(actorContext(request), request.body)),
  );

  app.get("/users/:id", { schema: { tags, summary: "Get a user", params: ZIdParams, response: { 200: ZUser, ...errors } } }, async (request) =>
    getUser(actorContext(request), request.params.id),
  );

  app.patch(
    "/users/:id",
    { schema: { tags, summary: "Edit a user (optimistic concurrency by version)", params: ZIdParams, body: ZUpdateUserRequest, response: { 200: ZUser, ...errors } } },
    async (request) => updateUser(actorContext(request), request.params.id, request.body),
  );

  app.post(
    "/users/:id/status",
    { schema: { tags, summary: "Disable or enable a user", params: ZIdParams, body: ZSetUserStatusRequest, response: { 200: ZUser, ...errors } } },
    async (request) => setUserStatus(actorContext(request), request.params.id, request.body),
  );

  app.post(
    "/users/:id/password",
    { schema: { tags, summary: "Reset a user's password (admin)", params: ZIdParams, body: ZResetPasswordRequest, response: { 204: z.null(), ...errors } } },
    async (request, reply) => {
      await resetUserPassword(actorContext(request), request.params.id, request.body.password);
      return reply.code(204).send(null);
    },
  );

  app.get(
    "/users/:id/personal-data",
    { schema: { tags, summary: "Reveal a user's full phone number (audited)", params: ZIdParams, response: { 200: ZUserPersonalData, ...errors } } },
    async (request) => revealUserPersonalData(actorContext(request), request.params.id),
  );
};
