import { ZHealth, ZReadiness } from "@caihong/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { shippedMigrationCount } from "../../db/client";
import { DATABASE_RETRY_AFTER_SECONDS } from "../../lib/db-availability";
import { checkReadiness } from "./use-cases/check-readiness";

/** Liveness (process up) and readiness (database reachable, every migration applied; 503 while it is not). */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  const shipped = shippedMigrationCount();
  app.get("/healthz", { config: { isPublic: true }, schema: { tags: ["health"], summary: "Process is up", response: { 200: ZHealth } } }, async () => ({ status: "ok" as const }));

  app.get(
    "/readyz",
    { config: { isPublic: true }, schema: { tags: ["health"], summary: "Database reachable and migrated", response: { 200: ZReadiness, 503: ZReadiness } } },
    async (_request, reply) => {
      const readiness = await checkReadiness(app.deps.database, shipped, app.databaseAvailability);
      if (readiness.status !== "ok") reply.header("Retry-After", String(DATABASE_RETRY_AFTER_SECONDS));
      return reply.code(readiness.status === "ok" ? 200 : 503).send(readiness);
    },
  );
};
