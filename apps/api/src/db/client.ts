import fs from "node:fs";
import path from "node:path";
import { PGlite } from "@electric-sql/pglite";
import type { PgDatabase, PgQueryResultHKT } from "drizzle-orm/pg-core";
import { drizzle as drizzlePglite } from "drizzle-orm/pglite";
import { migrate as migratePglite } from "drizzle-orm/pglite/migrator";
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
  close(): Promise<void>;
}

export interface OpenOptions {
  databaseUrl?: string;
  /** PGlite data directory; `memory://` for an in-memory database. */
  pgliteDir?: string;
  poolSize?: number;
  /** PGlite's shared_buffers (e.g. `32MB`): PostgreSQL's 128MB default costs PGlite ~140 MB of RSS. */
  pgliteSharedBuffers?: string;
}

/** Opens PostgreSQL when a URL is given, else PGlite. Never takes the data-dir lock (callers do). */
export async function openDatabase(opts: OpenOptions): Promise<Database> {
  if (opts.databaseUrl) {
    const pool = new pg.Pool({ connectionString: opts.databaseUrl, max: opts.poolSize ?? 10 });
    // Fail fast with a readable message instead of the first request's 500.
    const client = await pool.connect();
    client.release();
    pool.on("error", () => {
      // Idle-client errors (server restart) are surfaced by the next query; keep the process up.
    });
    return {
      db: drizzlePg(pool, { schema }) as unknown as Db,
      kind: "postgres",
      stats: () => ({ total: pool.totalCount, idle: pool.idleCount, waiting: pool.waitingCount }),
      query: async (text, params) => (await pool.query(text, params)).rows,
      prepared: async (name, text, params) => (await pool.query({ name, text, values: params })).rows,
      close: once(() => pool.end()),
    };
  }
  const dir = opts.pgliteDir ?? "memory://";
  if (!dir.startsWith("memory://")) fs.mkdirSync(dir, { recursive: true });
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
    close: once(() => client.close()),
  };
}

/** Makes close safe to call twice (server shutdown and build's onClose may both reach it). */
function once(fn: () => Promise<void>): () => Promise<void> {
  let closing: Promise<void> | undefined;
  return () => (closing ??= fn());
}

/** Applies the checked-in migrations (idempotent). */
export async function migrateDatabase(database: Database): Promise<void> {
  if (database.kind === "pglite") {
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
