import os from "node:os";
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each integration file owns its own database (PGlite in memory or a fresh PostgreSQL database),
    // so files run in parallel without sharing state: one worker per core.
    pool: "forks",
    maxWorkers: os.availableParallelism(),
    projects: [
      { extends: true, test: { name: "unit", include: ["packages/*/src/**/*.test.ts", "apps/web/src/**/*.test.ts"] } },
      {
        extends: true,
        test: {
          name: "api",
          include: ["apps/api/src/**/*.test.ts", "apps/cli/src/**/*.test.ts"],
          // Builds the migrated and seeded database once per run (PGlite tarballs and a data
          // directory, with DATABASE_URL a template database); each file starts from its own copy.
          // Runs only when a file of this project runs.
          globalSetup: ["apps/api/src/test/global-setup.ts"],
          // Short-lived workers: PGlite's WebAssembly on V8's baseline compiler only (see the file).
          setupFiles: ["apps/api/src/test/liftoff.mjs"],
        },
      },
    ],
  },
});
