import fs from "node:fs";
import path from "node:path";
import { loadConfig, type Config } from "../config/env";
import { openDatabase, type Database } from "../db/client";

/** The admin password of every seeded test database (templates and the harness's own builds). */
export const TEMPLATE_ADMIN_PASSWORD = "admin-password-1";

/** empty: initdb only; migrated: every migration, no tenant; seeded: what the first start leaves (the demo without cases, a key file). */
export type TemplateStage = "empty" | "migrated" | "seeded";

/**
 * What global-setup.ts builds once per run: a PGlite data directory (pg/) per stage, a scratch
 * directory for the copies test files open (removed with the templates), and with DATABASE_URL
 * a seeded template database.
 */
export interface TestTemplates {
  /** The data key everything was seeded with (base64); the seeded directory's key file holds it. */
  dataKey: string;
  adminPassword: string;
  pglite: Record<TemplateStage, string>;
  scratch: string;
  /** Name of the seeded template database on the DATABASE_URL server, or null on PGlite runs. */
  postgresSeeded: string | null;
}

declare module "vitest" {
  export interface ProvidedContext {
    caihongTemplates: TestTemplates;
  }
}

/**
 * The configuration of a test app: the Xinhong tenant with its demo (no demo cases), a known
 * admin password, no background clock. The templates are built with it, so an app built with the
 * same seed-relevant settings can start from them.
 */
export function testConfig(overrides: Partial<Config> = {}): Config {
  return loadConfig(
    { CAIHONG_TENANT: "xinhong", LOG_LEVEL: "silent" },
    { databaseUrl: undefined, inMemory: true, dataDir: "/nonexistent-caihong-test", photoDir: null, clockIntervalSeconds: 0, seedDemoCases: false, adminPassword: TEMPLATE_ADMIN_PASSWORD, ...overrides },
  );
}

/** The settings that change what the first-run seed writes: an app overriding any of them cannot start from the seeded template. */
const SEED_SETTINGS = ["tenant", "seedDemo", "seedDemoCases", "adminPassword", "dataKey"] as const satisfies readonly (keyof Config)[];

/** Whether an app with this configuration seeds exactly what the seeded template holds. */
export function seedsLikeTemplate(config: Config, templates: TestTemplates): boolean {
  const template = testConfig({ dataKey: templates.dataKey });
  return SEED_SETTINGS.every((key) => config[key] === template[key]);
}

let cached: TestTemplates | null | undefined;
/** The run's templates, or null outside a vitest run with global-setup.ts (e.g. a benchmark importing the harness). */
export async function testTemplates(): Promise<TestTemplates | null> {
  if (cached !== undefined) return cached;
  try {
    const { inject } = await import("vitest");
    cached = inject("caihongTemplates") ?? null;
  } catch {
    cached = null;
  }
  return cached;
}

async function requireTemplates(): Promise<TestTemplates> {
  const templates = await testTemplates();
  if (!templates) throw new Error("no test templates: run through vitest.config.ts, whose globalSetup (apps/api/src/test/global-setup.ts) builds them");
  return templates;
}

/**
 * Makes `dataDir` (which must not exist) a PGlite data directory at a template stage: `seeded` is
 * what a first start (or `caihong migrate`) leaves in an empty directory, key file included.
 */
export async function createTemplateDataDir(dataDir: string, stage: TemplateStage = "seeded"): Promise<void> {
  const templates = await requireTemplates();
  if (fs.existsSync(dataDir)) throw new Error(`${dataDir} already exists`);
  fs.cpSync(templates.pglite[stage], dataDir, { recursive: true });
}

/**
 * Opens a PGlite database of its own at a template stage instead of running initdb (and the
 * migrations, and the seed): a copy of the stage's directory, removed again on close.
 */
export async function openTemplateDatabase(stage: TemplateStage): Promise<Database> {
  const templates = await requireTemplates();
  const dir = fs.mkdtempSync(path.join(templates.scratch, `${stage}-`));
  const remove = () => fs.rmSync(dir, { recursive: true, force: true });
  try {
    fs.cpSync(path.join(templates.pglite[stage], "pg"), path.join(dir, "pg"), { recursive: true });
    const database = await openDatabase({ pgliteDir: path.join(dir, "pg") });
    let closing: Promise<void> | undefined;
    return { ...database, close: () => (closing ??= database.close().finally(remove)) };
  } catch (err) {
    remove();
    throw err;
  }
}
