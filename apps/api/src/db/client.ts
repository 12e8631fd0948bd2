import { spawn } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePg } from "drizzle-orm/node-postgres";
import { migrate as migratePg } from "drizzle-orm/node-postgres/migrator";
import { sql } from "drizzle-orm";
import pg from "pg";
import { REPO_ROOT } from "../config/env";
import * as schema from "./schema";

export type Schema = typeof schema;
/** One handle type for both drivers. */
export type Db = PgDatabase<PgQueryResultHKT, Schema>;

export const MIGRATIONS_DIR = path.join(REPO_ROOT, "apps/api/migrations");

/** Queue and pool figures for /metrics. */
export interface DbStats {
  total: number;
  idle: number;
  waiting: number;
}

/** An open database: the Drizzle handle, its kind and how to close it. */
export interface Database {
  db: Db;
  kind: "pglite" | "postgres";
  stats(): DbStats;
  /** Runs raw SQL returning rows (backup, catalog checks). */
  query<T = Record<string, unknown>>(text: string, params?: unknown[]): Promise<T[]>;
  /**
   * Runs a hot read as a named prepared statement on PostgreSQL (parsed and planned once per
   * connection); a plain query on PGlite. Never inside a transaction: it takes its own connection.
   */
  prepared<T = Record<string, unknown>>(name: string, text: string, params: unknown[]): Promise<T[]>;
  /**
   * Listens on a notification channel until the database closes: on PostgreSQL over one dedicated
   * connection of its own, which reconnects after a loss (`lost`, then `reconnected` once it
   * listens again: notifications sent in between were missed); on PGlite in-process. Resolves
   * once listening; rejects when the first connection fails.
   */
  listen(channel: string, handlers: ListenHandlers): Promise<void>;
  close(): Promise<void>;
}

/** What a listener hears: notifications (after their transaction committed) and its connection's fate. */
export interface ListenHandlers {
  notify(payload: string): void;
  /** The listening connection broke; a reconnect is under way. */
  lost(err: unknown): void;
  /** Listening again after a loss: whatever was notified in between is lost. */
  reconnected(): void;
}

/** application_name of the listening connections (to find them in pg_stat_activity). */
export const LISTENER_APPLICATION_NAME = "caihong-listen";

export interface OpenOptions {
  databaseUrl?: string;
  /** PGlite data directory; `memory://` for an in-memory database. */
  pgliteDir?: string;
  poolSize?: number;
  /** PGlite's shared_buffers (e.g. `32MB`): PostgreSQL's 128MB default costs PGlite ~140 MB of RSS. */
  pgliteSharedBuffers?: string;
}

// The prepared-statement runner of each open database's Drizzle handle (see preparedOn).
const preparedByDb = new WeakMap<Db, Database["prepared"]>();

/**
 * The named-prepared-statement runner behind a Drizzle handle, for a hot read whose repository is
 * handed the handle (`ctx.db`); null for a transaction's handle (a prepared statement takes a
 * connection of its own, outside the transaction) or one not opened here.
 */
export function preparedOn(db: Db): Database["prepared"] | null {
  return preparedByDb.get(db) ?? null;
}

/** Opens PostgreSQL when a URL is given, else PGlite. Never takes the data-dir lock (callers do). */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  const database = await openEither(opts);
  preparedByDb.set(database.db, database.prepared);
  return database;
}

async function openEither(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    // Fail fast with a readable message instead of the first request's 500.
    const client = await pool.connect();
    client.release();
    pool.on("error", () => {
      // Idle-client errors (server restart) are surfaced by the next query; keep the process up.
    });
    const listeners: PgListener[] = [];
    return {
      db: drizzlePg(pool, { schema }) as unknown as Db,
      kind: "postgres",
      stats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
      query: async (text, params) => (await pool.query(text, params)).rows,
      prepared: async (name, text, params) => (await pool.query({ name, text, values: params })).rows,
      listen: async (channel, handlers) => {
        const listener = new PgListener(opts.databaseUrl!, channel, handlers);
        await listener.open();
        listeners.push(listener);
      },
      close: once(async () => {
        await Promise.all(listeners.map((l) => l.close()));
        await pool.end();
      }),
    };
  }
  const dir = opts.pgliteDir ?? "memory://";
  if (!dir.startsWith("memory://")) await initialisePgliteDir(dir);
  // Loaded only here: PGlite's module (its Emscripten glue) costs ~40 MB of RSS on import, which a
  // server on PostgreSQL never needs.
  const [{ PGlite }, { drizzle: drizzlePglite }] = await Promise.all([import("@electric-sql/pglite"), import("drizzle-orm/pglite")]);
  const client = await PGlite.create(dir, {
    startParams: [...PGlite.defaultStartParams, "-c", `shared_buffers=${opts.pgliteSharedBuffers ?? "32MB"}`],
  });
  // PGlite runs one query at a time on the main thread; count what is queued for /metrics.
  let inFlight = 0;
  const originalQuery = client.query.bind(client);
  client.query = (async (...args: Parameters<typeof originalQuery>) => {
    inFlight++;
    try {
      return await originalQuery(...args);
    } finally {
      inFlight--;
    }
  }) as typeof client.query;
  return {
    db: drizzlePglite(client, { schema }) as unknown as Db,
    kind: "pglite",
    stats: () => ({ total: 1, idle: inFlight === 0 ? 1 : 0, waiting: Math.max(0, inFlight - 1) }),
    query: async (text, params) => (await client.query(text, params)).rows as never,
    prepared: async (_name, text, params) => (await client.query(text, params)).rows as never,
    // One process, one connection: PGlite's own LISTEN delivers a NOTIFY after its commit, before
    // the committing call returns; there is no connection to lose.
    listen: async (channel, handlers) => {
      await client.listen(channel, (payload) => handlers.notify(payload));
    },
    close: once(() => client.close()),
  };
}

/**
 * A first start initialises the PGlite data directory in a child process (pglite-initdb.mjs) and
 * this process opens the result: initdb grows PGlite's WebAssembly memory to ~800 MB, which never
 * shrinks, while opening an initialised directory costs ~240 MB. The child writes beside the target
 * and the directory is renamed into place, so an interrupted first start leaves no half-made cluster.
 */
async function initialisePgliteDir(dir: string): Promise<void> {
  if (fs.existsSync(path.join(dir, "PG_VERSION"))) return;
  if (fs.existsSync(dir) && fs.readdirSync(dir).length > 0) {
    throw new Error(`${dir} is not empty and holds no PostgreSQL data directory (no PG_VERSION): move it away or point CAIHONG_DATA_DIR elsewhere`);
  }
  fs.mkdirSync(path.dirname(dir), { recursive: true });
  const building = `${dir}.initdb-${process.pid}`;
  fs.rmSync(building, { recursive: true, force: true });
  const script = fileURLToPath(new URL("./pglite-initdb.mjs", import.meta.url));
  const child = spawn(process.execPath, ["--liftoff-only", script, building], { stdio: ["ignore", "ignore", "pipe"] });
  let stderr = "";
  child.stderr.setEncoding("utf8").on("data", (chunk: string) => (stderr += chunk));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.once("error", reject);
    child.once("close", resolve);
  });
  if (code !== 0) {
    fs.rmSync(building, { recursive: true, force: true });
    throw new Error(`initialising the embedded database in ${dir} failed (exit ${code}): ${stderr.trim()}`);
  }
  fs.rmSync(dir, { recursive: true, force: true });
  fs.renameSync(building, dir);
}

/** First retry at once, then doubling up to 5 s, for as long as the database is open. */
const RETRY_DELAYS_MS = [0, 100, 200, 400, 800, 1600, 3200, 5000];

/**
 * One dedicated connection that LISTENs on a channel (the pool's connections come and go, and a
 * LISTEN lives only as long as its connection). After a loss it reconnects with growing pauses
 * and tells its handlers, which must then assume they missed notifications.
 */
class PgListener {
  private client: pg.Client | null = null;
  private closed = false;
  private retry: NodeJS.Timeout | undefined;

  constructor(
    private readonly url: string,
    private readonly channel: string,
    private readonly handlers: ListenHandlers,
  ) {}

  /** Connects and listens; rejects when that fails (the first time only: later losses reconnect). */
  open(): Promise<void> {
    return this.connect();
  }

  async close(): Promise<void> {
    this.closed = true;
    clearTimeout(this.retry);
    const client = this.client;
    this.client = null;
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    const client = new pg.Client({ connectionString: this.url, application_name: LISTENER_APPLICATION_NAME });
    let isLost = false;
    const lost = (err: unknown) => {
      if (isLost) return;
      isLost = true;
      this.onLost(client, err);
    };
    // Notifications are handed on as they are parsed: one may arrive in the same packet as the
    // LISTEN's answer, before the query's promise settles.
    client.on("notification", (m) => {
      if (!isLost && m.channel === this.channel) this.handlers.notify(m.payload ?? "");
    });
    client.on("error", lost);
    client.on("end", () => lost(new Error("listening connection ended")));
    try {
      await client.connect();
      await client.query(`listen "${this.channel.replace(/"/g, '""')}"`);
    } catch (err) {
      isLost = true;
      await client.end().catch(() => undefined);
      throw err;
    }
    if (this.closed || isLost) {
      // Closed meanwhile, or lost before we took it: end it; a loss is retried below.
      await client.end().catch(() => undefined);
      if (!this.closed) throw new Error("listening connection lost while connecting");
      return;
    }
    this.client = client;
  }

  private onLost(client: pg.Client, err: unknown): void {
    if (this.closed || this.client !== client) return;
    this.client = null;
    void client.end().catch(() => undefined);
    this.handlers.lost(err);
    this.reconnect(0);
  }

  private reconnect(attempt: number): void {
    const delay = RETRY_DELAYS_MS[Math.min(attempt, RETRY_DELAYS_MS.length - 1)]!;
    this.retry = setTimeout(() => {
      this.connect().then(
        () => {
          if (!this.closed) this.handlers.reconnected();
        },
        () => {
          if (!this.closed) this.reconnect(attempt + 1);
        },
      );
    }, delay);
    this.retry.unref();
  }
}

/** Makes close safe to call twice (server shutdown and build's onClose may both reach it). */
function once(fn: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => (closing ??= fn());
}

/** Applies the checked-in migrations (idempotent). */
export async function migrateDatabase(database: Database): Promise<void> {
  if (database.kind === "pglite") {
    const { migrate: migratePglite } = await import("drizzle-orm/pglite/migrator");
    await migratePglite(database.db as never, { migrationsFolder: MIGRATIONS_DIR });
  } else {
    await migratePg(database.db as never, { migrationsFolder: MIGRATIONS_DIR });
  }
}

/** Number of migrations shipped with this build. */
export function shippedMigrationCount(): number {
  const journal = JSON.parse(fs.readFileSync(path.join(MIGRATIONS_DIR, "meta/_journal.json"), "utf8")) as { entries: unknown[] };
  return journal.entries.length;
}

/** Number of migrations applied to the database (0 when none). */
export async function appliedMigrationCount(database: Database): Promise<number> {
  // Two statements: a single CASE still resolves the table at parse time and fails when it is absent.
  const [present] = await database.query<{ ok: boolean }>(`select to_regclass('drizzle.__drizzle_migrations') is not null as ok`);
  if (!present?.ok) return 0;
  const rows = await database.query<{ n: number }>(`select count(*)::int as n from drizzle.__drizzle_migrations`);
  return Number(rows[0]?.n ?? 0);
}

export { sql };
