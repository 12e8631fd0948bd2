import cluster, { type Worker } from "node:cluster";
import os from "node:os";
import { fileURLToPath } from "node:url";
import type { FastifyInstance } from "fastify";
import { build } from "./app";
import { ConfigError, loadConfig, type Config } from "./config/env";
import { openDatabase } from "./db/client";
import { acquireDataDirLock, DataDirLockedError, type DataDirLock } from "./db/lock";
import { lineProgress } from "./lib/progress";

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
  // Listeners first: a supervisor (or a test) that stops the server as soon as it reads the ready
  // sentence must find the drain in place — without a listener SIGTERM kills the process outright,
  // and under load the signal can arrive between printing that sentence and the next line. Until
  // the app exists a signal ends the start as the default action would (exit 128 + n).
  let onSignal: (signal: NodeJS.Signals) => void = (signal) => process.exit(128 + os.constants.signals[signal]);
  // `on`, not `once`: a library that re-raises a signal when no other listener is left (signal-exit)
  // would otherwise kill the process before the drain finishes; `closing` makes a second signal a no-op.
  process.on("SIGINT", () => onSignal("SIGINT"));
  process.on("SIGTERM", () => onSignal("SIGTERM"));
  const progress = lineProgress((line) => process.stdout.write(line));
  progress.step(
    config.databaseUrl ? "连接 PostgreSQL 数据库" : `打开内嵌数据库（PGlite，${config.inMemory ? "内存" : `${config.dataDir}/pg`}）`,
    config.databaseUrl ? "Connecting to PostgreSQL" : `Opening the embedded database (PGlite, ${config.inMemory ? "in memory" : `${config.dataDir}/pg`})`,
  );
  const { database, lock } = await openConfiguredDatabase(config);
  let app: FastifyInstance;
  try {
    app = await build({ config, database, progress });
    progress.step("启动网页服务", "Starting the web server");
  } catch (err) {
    await database.close().catch(() => undefined);
    lock?.release();
    throw err;
  }

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
  onSignal = shutdown;
  if (app.seedResult.generatedAdminPassword) {
    const line = "=".repeat(64);
    process.stdout.write(
      `\n${line}\n首次启动：已创建管理员账号 admin，初始密码（仅显示这一次）：\nFirst start: created the admin account 'admin'. Its password (shown only once):\n\n    ${app.seedResult.generatedAdminPassword}\n${line}\n\n`,
    );
  }
  await app.listen({ port: config.port, host: config.host });
  progress.done("就绪", "Ready");
  // With --workers the primary says it once, when every worker listens.
  const listening = app.server.address();
  const port = typeof listening === "object" && listening ? listening.port : config.port;
  if (!cluster.isWorker) process.stdout.write(readySentence({ ...config, port }, app.seedResult.generatedAdminPassword ? "printed" : "kept"));
  app.log.info({ database: database.kind, dataDir: config.databaseUrl ? undefined : config.dataDir }, "caihong ready");

  return app;
}

/** The address a person types: a wildcard host is this machine. */
export function browserUrl(config: Pick<Config, "host" | "port">): string {
  const host = config.host === "0.0.0.0" || config.host === "::" || config.host === "" ? "localhost" : config.host.includes(":") ? `[${config.host}]` : config.host;
  return `http://${host}:${config.port}`;
}

/** The one sentence a new user follows after a start: where to open and how to sign in, in both languages. */
export function readySentence(config: Pick<Config, "host" | "port" | "adminPassword">, password: "printed" | "maybe-printed" | "kept"): string {
  const url = browserUrl(config);
  const reset = ["忘记密码可运行 npx caihong user reset-password admin", "forgot it? run npx caihong user reset-password admin"];
  const [zh, en] =
    password === "printed"
      ? ["初始密码见上方，仅显示这一次", "its password is printed above, once"]
      : config.adminPassword
        ? ["密码为 CAIHONG_ADMIN_PASSWORD 所设", "its password is the one CAIHONG_ADMIN_PASSWORD sets"]
        : password === "maybe-printed"
          ? [`首次启动的初始密码见上方；${reset[0]}`, `a first start printed its password above; ${reset[1]}`]
          : [`密码为您设置的密码；${reset[0]}`, `with the password you set; ${reset[1]}`];
  return `\n彩虹桥已就绪：请在浏览器打开 ${url} ，用管理员账号 admin 登录（${zh}）。\nCaihong is ready: open ${url} in a browser and sign in as admin (${en}).\n\n`;
}

/**
 * `caihong serve --workers N`: N server processes sharing one port (node:cluster) on one
 * PostgreSQL database. The embedded database is refused: a PGlite data directory belongs to one
 * process. Workers start one after another, so the first alone migrates and seeds (and prints a
 * generated admin password); each runs the whole app, the case clock included (a stage fires once
 * across processes: the case_escalations key), and hears the others' changes on the change bus.
 * SIGINT/SIGTERM to the primary drains every worker; a worker that dies while serving is replaced.
 */
export async function startWorkers(config: Config, workers: number): Promise<void> {
  if (!Number.isInteger(workers) || workers < 1) throw new ConfigError(`--workers must be a whole number of at least 1, not ${workers}`);
  if (workers > 1 && !config.databaseUrl) {
    throw new ConfigError(
      `--workers ${workers} needs PostgreSQL (DATABASE_URL): the embedded database (PGlite) in ${config.dataDir} can be opened by one process only.\n` +
        `Run without --workers, or set DATABASE_URL=postgres://… to serve several processes from one database.\n` +
        `--workers ${workers} 需要 PostgreSQL（DATABASE_URL）：内嵌数据库（PGlite）只能由一个进程打开。`,
    );
  }
  if (workers === 1 || cluster.isWorker) {
    await startServer(config);
    return;
  }
  await runPrimary(workers, config);
}

/** One JSON line in pino's shape, so the primary's lines read like its workers'. */
function primaryLog(level: "info" | "warn" | "error", msg: string, fields: Record<string, unknown> = {}): void {
  const levels = { info: 30, warn: 40, error: 50 };
  process.stdout.write(`${JSON.stringify({ level: levels[level], time: Date.now(), pid: process.pid, role: "primary", ...fields, msg })}\n`);
}

/** The cluster's primary: forks the workers one by one, replaces one that dies, drains them all on a signal. */
async function runPrimary(count: number, config: Config): Promise<void> {
  let stopping = false;
  const fork = () =>
    new Promise<Worker>((resolve, reject) => {
      const worker = cluster.fork();
      const onListening = () => {
        worker.off("exit", onExit);
        resolve(worker);
      };
      const onExit = (code: number | null, signal: string | null) => {
        worker.off("listening", onListening);
        reject(new Error(`worker ${worker.process.pid} exited (code ${code}, signal ${signal}) before it listened`));
      };
      worker.once("listening", onListening);
      worker.once("exit", onExit);
    });
  const stop = (code: number) => {
    if (stopping) return;
    stopping = true;
    const alive = Object.values(cluster.workers ?? {}).filter((w): w is Worker => !!w && !w.isDead());
    primaryLog("info", "shutting down: draining workers", { workers: alive.map((w) => w.process.pid) });
    const exits = alive.map((w) => new Promise<number>((resolve) => w.once("exit", (c: number | null) => resolve(c ?? 1))));
    for (const w of alive) w.process.kill("SIGTERM");
    void Promise.all(exits).then((codes) => process.exit(codes.every((c) => c === 0) ? code : 1));
  };
  process.on("SIGINT", () => stop(0));
  process.on("SIGTERM", () => stop(0));

  const pids: (number | undefined)[] = [];
  for (let i = 0; i < count; i++) {
    try {
      pids.push((await fork()).process.pid);
    } catch (err) {
      primaryLog("error", "a worker failed to start; stopping", { err: String(err) });
      stop(1);
      return;
    }
  }
  primaryLog("info", "caihong workers ready", { workers: pids });
  // The first worker printed a generated password, if any, above.
  process.stdout.write(readySentence(config, "maybe-printed"));
  cluster.on("exit", (worker, code, signal) => {
    if (stopping) return;
    primaryLog("warn", "a worker died; starting another", { worker: worker.process.pid, code, signal });
    fork().catch((err: unknown) => {
      primaryLog("error", "the replacement worker failed to start; stopping", { err: String(err) });
      stop(1);
    });
  });
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
