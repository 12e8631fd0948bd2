import { ZHealth, ZReadiness } from "@caihong/contracts";
import type { FastifyPluginAsyncZod } from "fastify-type-provider-zod";
import { appliedMigrationCount, shippedMigrationCount } from "../../db/client";

/** Liveness (process up) and readiness (database reachable, every migration applied). */
export const healthRoutes: FastifyPluginAsyncZod = async (app) => {
  const shipped = shippedMigrationCount();
  app.get("/healthz", { config: { isPublic: true }, schema: { tags: ["health"], summary: "Process is up", response: { 200: ZHealth } } }, async () => ({ status: "ok" as const }));

  app.get(
    "/readyz",
    { config: { isPublic: true }, schema: { tags: ["health"], summary: "Database reachable and migrated", response: { 200: ZReadiness, 503: ZReadiness } } },
    async (_request, reply) => {
      const { database } = app.deps;
      try {
        const applied = await appliedMigrationCount(database);
        const ready = applied >= shipped;
        return reply.code(ready ? 200 : 503).send({ status: ready ? "ok" : "unavailable", database: database.kind, migrations: applied });
      } catch {
        return reply.code(503).send({ status: "unavailable" as const, database: database.kind, migrations: 0 });
      }
    },
  );
};
