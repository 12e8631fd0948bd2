import { randomBytes } from "node:crypto";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import type { TestProject } from "vitest/node";
import { build } from "../app";
import { migrateDatabase, openDatabase } from "../db/client";
import { testConfig, TEMPLATE_ADMIN_PASSWORD, type TemplateStage, type TestTemplates } from "./templates";
import "./liftoff.mjs";
import { adminQuery } from "./pg-admin";

// Tests read DATABASE_URL directly: it selects the backend under test, not app configuration.
const SERVER_URL = process.env.DATABASE_URL || undefined;

/**
 * Builds the migrated and seeded database once per `vitest run`, through the real code path
 * (`migrateDatabase`, then `build()` with its first-run seed), and hands its location to every
 * test file (`inject("caihongTemplates")`, see templates.ts):
 *
 * - PGlite: a data directory at three stages (initialised, migrated, seeded), each closed
 *   cleanly; a test file copies one and opens the copy, so no file runs initdb, the migrations
 *   or the seed again, and process tests (server, CLI) copy the seeded one as their data directory;
 * - PostgreSQL (DATABASE_URL): a seeded template database; each file creates its own from it.
 *
 * Everything is encrypted with one data key, which the harness passes to the apps it builds.
 */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const started = performance.now();
  const root = fs.mkdtempSync(path.join(os.tmpdir(), "caihong-templates-"));
  const stageDir = (stage: TemplateStage) => path.join(root, stage);
  let postgresSeeded: string | null = null;

  const teardown = async () => {
    if (SERVER_URL && postgresSeeded) await adminQuery(SERVER_URL, `drop database if exists ${postgresSeeded} with (force)`);
    fs.rmSync(root, { recursive: true, force: true });
  };

  // One data key for every template: the seeded directory's key file (the server and the CLI read
  // it there), passed as `dataKey` to the PostgreSQL build and to every app the harness builds.
  const dataKey = randomBytes(32).toString("base64");

  // Each stage is the previous one copied and carried on; every database is closed before it is copied.
  const pglite = async () => {
    const empty = await openDatabase({ pgliteDir: path.join(stageDir("empty"), "pg") });
    await empty.close();

    fs.cpSync(stageDir("empty"), stageDir("migrated"), { recursive: true });
    const migrated = await openDatabase({ pgliteDir: path.join(stageDir("migrated"), "pg") });
    try {
      await migrateDatabase(migrated);
    } finally {
      await migrated.close();
    }

    fs.cpSync(stageDir("migrated"), stageDir("seeded"), { recursive: true });
    fs.writeFileSync(path.join(stageDir("seeded"), "secret.key"), `${dataKey}\n`, { mode: 0o600 });
    const seeded = await openDatabase({ pgliteDir: path.join(stageDir("seeded"), "pg") });
    // No dataKey: the first start reads the directory's key file, as the server does.
    const app = await build({ config: testConfig({ inMemory: false, dataDir: stageDir("seeded"), photoDir: path.join(root, "photos"), dataKey: undefined }), database: seeded, logger: false });
    await app.close();
  };

  const postgres = async (url: string) => {
    const name = `caihong_tpl_${process.pid}_${Date.now().toString(36)}`;
    await adminQuery(url, `create database ${name}`);
    postgresSeeded = name;
    const target = new URL(url);
    target.pathname = `/${name}`;
    const app = await build({ config: testConfig({ databaseUrl: target.toString(), dataKey }), logger: false });
    // Closing the app ends its pool: a template database must have no other connections.
    await app.close();
  };

  // Both builds finish (or fail) before anything is removed.
  const failed = (await Promise.allSettled([pglite(), SERVER_URL ? postgres(SERVER_URL) : undefined])).find((r) => r.status === "rejected");
  if (failed) {
    await teardown();
    throw failed.reason;
  }

  const templates: TestTemplates = {
    dataKey,
    adminPassword: TEMPLATE_ADMIN_PASSWORD,
    pglite: { empty: stageDir("empty"), migrated: stageDir("migrated"), seeded: stageDir("seeded") },
    scratch: fs.mkdtempSync(path.join(root, "scratch-")),
    postgresSeeded,
  };
  project.provide("caihongTemplates", templates);
  console.log(`caihong test templates ready in ${((performance.now() - started) / 1000).toFixed(1)} s (${root})`);
  return teardown;
}

