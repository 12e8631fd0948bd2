import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["packages/*/src/**/*.test.ts", "apps/api/src/**/*.test.ts", "apps/cli/src/**/*.test.ts", "apps/web/src/**/*.test.ts"],
    environment: "node",
    testTimeout: 60_000,
    hookTimeout: 120_000,
    // Each integration file owns its own database (PGlite in memory or a fresh PostgreSQL database),
    // so files run in parallel without sharing state.
    pool: "forks",
    maxWorkers: 2,
  },
});
