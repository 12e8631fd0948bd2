import { ZApiKeyList, ZCreateApiKeyRequest, ZCreatedApiKey, ZIdParams, ZProblem } from "@caihong/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { z } from "zod";
import { actorContext } from "../../lib/request-context";
import { createApiKey } from "./use-cases/create-api-key";
import { findApiKeys } from "./use-cases/find-api-keys";
import { revokeApiKey } from "./use-cases/revoke-api-key";

const tags = ["api-keys"];
const errors = { 400: ZProblem, 401: ZProblem, 403: ZProblem, 404: ZProblem };

/** API keys for machine clients. */
export const apiKeysRoutes: FastifyPluginAsyncZod = async (app) => {
  app.get("/api-keys", { schema: { tags, summary: "List API keys", response: { 200: ZApiKeyList, ...errors } } }, async (request) => findApiKeys(actorContext(request)));

  app.post(
    "/api-keys",
    { schema: { tags, summary: "Create an API key (the secret is shown once)", body: ZCreateApiKeyRequest, response: { 201: ZCreatedApiKey, ...errors } } },
    async (request, reply) => reply.code(201).send(await createApiKey(actorContext(request), request.body)),
  );

  app.delete("/api-keys/:id", { schema: { tags, summary: "Revoke an API key", params: ZIdParams, response: { 204: z.null(), ...errors } } }, async (request, reply) => {
    await revokeApiKey(actorContext(request), request.params.id);
    return reply.code(204).send(null);
  });
};
