import { randomBytes } from "node:crypto";
import type { FastifyInstance, LightMyRequestResponse } from "fastify";
import pg from "pg";
import { build } from "../app";
import type { Config } from "../config/env";
import type { Database } from "../db/client";
import type { Clock } from "../lib/clock";
import { memorySmsSender } from "../lib/sms";
import { openTemplateDatabase, seedsLikeTemplate, TEMPLATE_ADMIN_PASSWORD, testConfig, testTemplates } from "./templates";

// Tests read DATABASE_URL directly: it selects the backend under test, not app configuration.
const SERVER_URL = process.env.DATABASE_URL || undefined;

/** Which backend this run tests: in-memory PGlite by default, PostgreSQL when DATABASE_URL is set. */
export const backend = SERVER_URL ? "postgres" : "pglite";

/**
 * A database of its own for one test file: a fresh PostgreSQL database (dropped afterwards)
 * when DATABASE_URL is set, empty or a copy of `template`; else nothing (the app opens an in-memory PGlite).
 */
export async function createTestDatabase(opts: { template?: string } = {}): Promise<{ url: string | undefined; drop(): Promise<void> }> {
  if (!SERVER_URL) return { url: undefined, drop: async () => undefined };
  const name = `caihong_t_${randomBytes(6).toString("hex")}`;
  const admin = new pg.Client({ connectionString: SERVER_URL });
  await admin.connect();
  await admin.query(`create database ${name}${opts.template ? ` template ${opts.template}` : ""}`);
  await admin.end();
  const url = new URL(SERVER_URL);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const c = new pg.Client({ connectionString: SERVER_URL });
      await c.connect();
      await c.query(`drop database if exists ${name} with (force)`);
      await c.end();
    },
  };
}

/** A controllable clock for expiry tests. */
export function testClock(start = new Date("2026-11-28T08:00:00+08:00")) {
  let now = start.getTime();
  const clock: Clock = () => new Date(now);
  return { clock, advance: (ms: number) => (now += ms), set: (d: Date) => (now = d.getTime()) };
}

export const ADMIN_PASSWORD = TEMPLATE_ADMIN_PASSWORD;

export interface TestApp {
  app: FastifyInstance;
  config: Config;
  sms: ReturnType<typeof memorySmsSender>;
  clock: ReturnType<typeof testClock>;
  close(): Promise<void>;
}

/**
 * Builds the real app on a database of its own, seeded with the Xinhong tenant and `admin`.
 * The database starts as a copy of the run's seeded template (global-setup.ts), so build() only
 * checks migrations and re-runs the idempotent seed; overrides that change what the seed writes
 * (demo cases, another tenant, admin password or data key) start from the migrated template and seed.
 */
export async function createTestApp(overrides: Partial<Config> = {}): Promise<TestApp> {
  const templates = await testTemplates();
  const dataKey = templates?.dataKey ?? randomBytes(32).toString("base64");
  const onPglite = !("databaseUrl" in overrides ? overrides.databaseUrl : SERVER_URL);
  const fromSeeded = !!templates && seedsLikeTemplate(testConfig({ dataKey, ...overrides }), templates);
  const created = onPglite ? { url: undefined, drop: async () => undefined } : await createTestDatabase({ template: fromSeeded ? (templates?.postgresSeeded ?? undefined) : undefined });
  const config = testConfig({ databaseUrl: created.url, inMemory: !created.url, dataKey, ...overrides });
  // Without templates (outside vitest), build() opens an in-memory PGlite and runs initdb itself.
  let database: Database | undefined;
  try {
    if (onPglite && templates) database = await openTemplateDatabase(fromSeeded ? "seeded" : "migrated");
  } catch (err) {
    await created.drop();
    throw err;
  }
  const sms = memorySmsSender();
  const clock = testClock();
  const app = await build({ config, database, clock: clock.clock, sms, logger: process.env.DEBUG_LOG ? { level: "error" } : false });
  return {
    app,
    config,
    sms,
    clock,
    async close() {
      await app.close();
      await created.drop();
    },
  };
}

/** A signed-in browser-like client: keeps the cookie and sends the CSRF token on writes. */
export interface Session {
  cookie: string;
  csrf: string;
  userId: string;
  request(method: string, url: string, body?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

export async function login(app: FastifyInstance, username: string, password: string): Promise<Session> {
  const res = await app.inject({ method: "POST", url: "/api/v1/auth/login", payload: { username, password } });
  if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
  const cookie = String(res.cookies.find((c) => c.name === "caihong_sid")?.value);
  const me = res.json() as { csrfToken: string; id: string };
  return sessionFor(app, cookie, me.csrfToken, me.id);
}

export function sessionFor(app: FastifyInstance, cookie: string, csrf: string, userId: string): Session {
  return {
    cookie,
    csrf,
    userId,
    request(method, url, body, headers = {}) {
      return app.inject({
        method: method as "GET",
        url,
        cookies: { caihong_sid: cookie },
        headers: { "x-csrf-token": csrf, ...headers },
        ...(body === undefined ? {} : { payload: body as object }),
      });
    },
  };
}

/** Ids of the seeded grids and roles by name/code. */
export async function seeded(admin: Session) {
  const grids = (await admin.request("GET", "/api/v1/grids")).json() as { items: { id: string; name: string; level: number; parentId: string | null; code: string; type: string }[] };
  const roles = (await admin.request("GET", "/api/v1/roles")).json() as { items: { id: string; code: string }[] };
  const grid = (name: string) => grids.items.find((g) => g.name === name)!.id;
  const role = (code: string) => roles.items.find((r) => r.code === code)!.id;
  return { grid, role, grids: grids.items };
}

/** Creates a user through the API and returns a signed-in session for them (password already changed). */
export async function createUserAndLogin(
  admin: Session,
  app: FastifyInstance,
  input: { username: string; roles: { roleId: string; scope: string; gridId?: string | null }[]; gridId?: string | null; phone?: string },
): Promise<Session> {
  const temp = "temporary-pass-1";
  const res = await admin.request("POST", "/api/v1/users", { displayName: input.username, password: temp, ...input });
  if (res.statusCode !== 201) throw new Error(`create ${input.username}: ${res.statusCode} ${res.body}`);
  const first = await login(app, input.username, temp);
  const changed = await first.request("POST", "/api/v1/auth/password", { currentPassword: temp, newPassword: "permanent-pass-1" });
  if (changed.statusCode !== 204) throw new Error(`password change: ${changed.statusCode} ${changed.body}`);
  return first;
}
