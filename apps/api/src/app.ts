import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import fastifyCookie from "@fastify/cookie";
import fastifySwagger from "@fastify/swagger";
import fastifySwaggerUi from "@fastify/swagger-ui";
import { LIMITS } from "@caihong/contracts";
import Fastify, { LogController, type FastifyInstance } from "fastify";
import { jsonSchemaTransform, serializerCompiler, type ZodTypeProvider } from "fastify-type-provider-zod";
import type { Config } from "./config/env";
import { appliedMigrationCount, migrateDatabase, openDatabase, shippedMigrationCount, type Database } from "./db/client";
import { DatabaseChangeBus } from "./lib/changes";
import { systemClock, type Clock } from "./lib/clock";
import { DatabaseAvailability } from "./lib/db-availability";
import { isDatabaseUnavailable } from "./lib/db-errors";
import type { Deps } from "./lib/context";
import { PersonalData, loadMasterKey } from "./lib/personal-data";
import { PhotoStore } from "./lib/photos";
import { loggerOptions, type LogDestination } from "./lib/logging";
import { logSmsSender, type SmsSender } from "./lib/sms";
import { validatorCompiler } from "./lib/validation";
import { apiKeysRoutes } from "./modules/api-keys";
import { auditRoutes } from "./modules/audit";
import { Authenticator, authPlugin, authRoutes } from "./modules/auth";
import { CalendarProvider, CaseClock, casesRoutes, CategoryCache, evaluationRoutes } from "./modules/cases";
import { notificationsRoutes } from "./modules/notifications";
import { GridLocator, gridsRoutes } from "./modules/grids";
import { partyRoutes } from "./modules/party";
import { settingsRoutes } from "./modules/settings";
import { unitsRoutes } from "./modules/units";
import { healthRoutes } from "./modules/health";
import { open311Routes } from "./modules/open311";
import { rolesRoutes } from "./modules/roles";
import { silentProgress, type Progress } from "./lib/progress";
import { seedTenant, type SeedResult } from "./seed";
import { usersRoutes } from "./modules/users";
import errorsPlugin from "./plugins/errors";
import securityHeaders from "./plugins/security-headers";
import metricsPlugin from "./plugins/metrics";
import { registerWeb } from "./plugins/web";

export interface BuildOptions {
  config: Config;
  /** An already open database (the server opens it after taking the data-dir lock). */
  database?: Database;
  clock?: Clock;
  sms?: SmsSender;
  /**
   * The log: false to silence (tests), or its level and destination (stdout by default). Every
   * line passes the redaction engine on its way out (lib/logging).
   */
  logger?: boolean | { level?: string; destination?: LogDestination };
  /** Told each step of the start (migrations, the first-start seed); the server prints it. */
  progress?: Progress;
}

declare module "fastify" {
  interface FastifyInstance {
    /** What the first-run seed did (admin password to print once). */
    seedResult: SeedResult;
    /** The case clock (warnings, escalation, webhooks); tests call `tick(now)` directly. */
    caseClock: CaseClock;
    /** Whether the database answers: 503s while it does not, one log line per outage (lib/db-availability). */
    databaseAvailability: DatabaseAvailability;
  }
}

/**
 * The long-lived dependencies of the use cases, built once: for the server's requests and for the
 * command line's system actor alike. The authenticator resolves callers and is `deps.sessions`.
 * Every cache subscribes to the change bus here; `build` starts it listening (the command line
 * only publishes: it lives for one command).
 */
export function buildDeps(options: { config: Config; database: Database; pd: PersonalData; clock?: Clock; sms: SmsSender }): { deps: Deps; authenticator: Authenticator; changes: DatabaseChangeBus } {
  const { config, database } = options;
  const changes = new DatabaseChangeBus(database);
  const base = {
    config,
    database,
    db: database.db,
    pd: options.pd,
    clock: options.clock ?? systemClock,
    sms: options.sms,
    tenantId: config.tenant,
    changes,
    locator: new GridLocator(database.db, config.tenant, changes),
    calendar: new CalendarProvider(database.db, config.tenant, changes),
    categories: new CategoryCache(database.db, config.tenant, changes),
    photos: new PhotoStore(config.photoDir ?? fs.mkdtempSync(path.join(os.tmpdir(), "caihong-photos-"))),
  };
  const authenticator = new Authenticator(base);
  const deps: Deps = { ...base, sessions: authenticator };
  return { deps, authenticator, changes };
}

/**
 * Builds the application without listening: database opened and migrated, tenant seeded,
 * plugins in a fixed order (ecosystem, ours, decorators, hooks, then modules).
 */
export async function build(options: BuildOptions): Promise<FastifyInstance> {
  const { config } = options;
  const app = Fastify({
    logger: options.logger === false ? false : loggerOptions(typeof options.logger === "object" ? (options.logger.level ?? config.logLevel) : config.logLevel, typeof options.logger === "object" ? options.logger.destination : undefined),
    // Open311 clients poll with thousands of request ids in one GET (FixMyStreet sends every open
    // report's id at once): the request line may exceed Node's default 16 KB header limit.
    http: { maxHeaderSize: 128 * 1024 },
    bodyLimit: LIMITS.bodyBytes,
    trustProxy: config.trustProxy,
    requestIdHeader: "x-request-id",
    genReqId: () => crypto.randomUUID(),
    routerOptions: { maxParamLength: 200 },
    // Request lines only at debug: errors are logged by the error handler with the request id.
    logController: new LogController({ disableRequestLogging: config.logLevel !== "debug" && config.logLevel !== "trace" }),
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);

  const database =
    options.database ??
    (await openDatabase({
      databaseUrl: config.databaseUrl,
      pgliteDir: config.inMemory ? "memory://" : `${config.dataDir}/pg`,
      poolSize: config.dbPoolSize,
      pgliteSharedBuffers: config.pgliteSharedBuffers,
    }));
  app.addHook("onClose", async () => {
    await database.close();
  });
  const progress = options.progress ?? silentProgress;
  const pending = shippedMigrationCount() - (await appliedMigrationCount(database));
  if (pending > 0) progress.step(`迁移数据库：${pending} 个迁移`, `Migrating the database: ${pending} migration(s)`);
  await migrateDatabase(database);
  // The key comes first: the first-start seed encrypts the demo people's phones and ID numbers.
  const pd = new PersonalData(loadMasterKey({ dataKey: config.dataKey, dataDir: config.dataDir, inMemory: config.inMemory }));
  progress.step("检查租户、角色与基础数据", "Checking the tenant, its roles and its base data");
  const seedResult = await seedTenant(database.db, config, pd, progress);
  // The embedded database never runs autovacuum's ANALYZE, and a PostgreSQL server may not have
  // run it yet (or runs with autovacuum off): without statistics after a bulk demo load, the
  // planner scans the cases table once per row of a join (0.5 s for a page of the queue, not ms).
  if (seedResult.demo?.cases) {
    progress.step("更新数据库统计信息", "Updating the database's statistics");
    await database.query("analyze");
  }
  const { deps, authenticator, changes } = buildDeps({ config, database, pd, clock: options.clock, sms: options.sms ?? logSmsSender(app.log, { showText: config.development }) });
  await changes.start(app.log);

  // 1. Ecosystem plugins.
  await app.register(securityHeaders);
  await app.register(fastifyCookie);
  await app.register(fastifySwagger, {
    openapi: {
      openapi: "3.0.3",
      info: { title: "彩虹桥 Caihong API", version: "1.0.0", description: "Hub party-building and grid-governance platform. Errors are RFC 9457 problem+json." },
      components: {
        securitySchemes: {
          session: { type: "apiKey", in: "cookie", name: "caihong_sid" },
          apiKey: { type: "http", scheme: "bearer" },
        },
      },
      security: [{ session: [] }, { apiKey: [] }],
    },
    transform: jsonSchemaTransform,
  });
  // The CSP of plugins/security-headers already fits Swagger UI (its initializer is a file, its styles inline).
  await app.register(fastifySwaggerUi, { routePrefix: "/docs", uiConfig: { docExpansion: "list" } });

  // 2. Our plugins and decorators.
  app.decorate("deps", deps);
  app.decorate("authenticator", authenticator);
  app.decorate("seedResult", seedResult);
  const availability = new DatabaseAvailability(database, app.log);
  app.decorate("databaseAvailability", availability);
  app.addHook("preClose", async () => availability.stop());
  // A tick that cannot reach the database is part of the outage's one log line, not a line per tick.
  const caseClock = new CaseClock(deps, (err) => (isDatabaseUnavailable(err) ? availability.failed(err) : app.log.error({ err }, "case clock tick failed")));
  app.decorate("caseClock", caseClock);
  // Stopped before the database closes: a tick in flight finishes first.
  app.addHook("preClose", async () => caseClock.stop());
  const fallback = await registerWeb(app, config.webDist);
  await app.register(errorsPlugin, { fallback, availability });
  await app.register(authPlugin);
  await app.register(metricsPlugin, { collectProcessMetrics: !config.inMemory });

  // 3. Modules, each a prefixed plugin.
  await app.register(healthRoutes);
  await app.register(open311Routes);
  await app.register(
    async (api) => {
      await api.register(authRoutes);
      await api.register(usersRoutes);
      await api.register(rolesRoutes);
      await api.register(auditRoutes);
      await api.register(apiKeysRoutes);
      await api.register(gridsRoutes);
      await api.register(partyRoutes);
      await api.register(unitsRoutes);
      await api.register(settingsRoutes);
      await api.register(casesRoutes);
      await api.register(evaluationRoutes);
      await api.register(notificationsRoutes);
    },
    { prefix: "/api/v1" },
  );
  app.get("/api/openapi.json", { config: { isPublic: true }, schema: { hide: true } }, async () => app.swagger());

  await app.ready();
  if (config.clockIntervalSeconds > 0) caseClock.start(config.clockIntervalSeconds * 1000);
  return app;
}
