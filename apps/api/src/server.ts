import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { build } from "./app";
import { ConfigError, loadConfig, type Config } from "./config/env";
import { openDatabase } from "./db/client";
import { acquireDataDirLock, DataDirLockedError, type DataDirLock } from "./db/lock";

/** Opens the database the configuration names; PGlite only after taking the data-dir lock. */
export async function openConfiguredDatabase(config: Config): Promise<{ database: Awaited<ReturnType<typeof openDatabase>>; lock: DataDirLock | null }> {
  const lock = config.databaseUrl || config.inMemory ? null : acquireDataDirLock(config.dataDir);
  try {
    const database = await openDatabase({
      databaseUrl: config.databaseUrl,
      pgliteDir: config.inMemory ? "memory://" : `${config.dataDir}/pg`,
      poolSize: config.dbPoolSize,
      pgliteSharedBuffers: config.pgliteSharedBuffers,
    });
    return { database, lock };
  } catch (err) {
    lock?.release();
    throw err;
  }
}

/**
 * Starts the HTTP server and handles SIGINT/SIGTERM: stop accepting, let in-flight requests
 * finish, close the database, release the lock.
 */
export async function startServer(config: Config): Promise<FastifyInstance> {
  const { database, lock } = await openConfiguredDatabase(config);
  let app: FastifyInstance;
  try {
    app = await build({ config, database });
  } catch (err) {
    await database.close().catch(() => undefined);
    lock?.release();
    throw err;
  }
  if (app.seedResult.generatedAdminPassword) {
    const line = "=".repeat(64);
    process.stdout.write(
      `\n${line}\n首次启动：已创建管理员账号 admin，初始密码（仅显示这一次）：\nFirst start: created the admin account 'admin'. Its password (shown only once):\n\n    ${app.seedResult.generatedAdminPassword}\n${line}\n\n`,
    );
  }
  await app.listen({ port: config.port, host: config.host });
  app.log.info({ database: database.kind, dataDir: config.databaseUrl ? undefined : config.dataDir }, "caihong ready");

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    app.log.info({ signal }, "shutting down: draining requests");
    const force = setTimeout(() => {
      app.log.error("shutdown timed out after 15 s; exiting");
      process.exit(1);
    }, 15_000);
    force.unref();
    app.close().then(
      () => {
        lock?.release();
        process.exit(0);
      },
      (err: unknown) => {
        app.log.error({ err }, "error during shutdown");
        process.exit(1);
      },
    );
  };
  process.once("SIGINT", () => shutdown("SIGINT"));
  process.once("SIGTERM", () => shutdown("SIGTERM"));
  return app;
}

/** Prints a configuration or lock problem readably and exits non-zero. */
export function exitWithStartupError(err: unknown): never {
  if (err instanceof ConfigError || err instanceof DataDirLockedError) {
    process.stderr.write(`${err.message}\n`);
    process.exit(2);
  }
  process.stderr.write(`Caihong failed to start: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
  process.exit(1);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  try {
    await startServer(loadConfig());
  } catch (err) {
    exitWithStartupError(err);
  }
}
