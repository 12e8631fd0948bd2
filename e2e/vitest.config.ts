import { defineConfig } from "vitest/config";

/** Playwright journeys in Debian's Chromium against a real server started once by global-setup. */
export default defineConfig({
  test: {
    root: new URL("..", import.meta.url).pathname,
    include: ["e2e/journeys/**/*.journey.ts"],
    globalSetup: ["e2e/support/global-setup.ts"],
    testTimeout: 120_000,
    hookTimeout: 120_000,
    // Journeys share one server; they create their own users, so order does not matter,
    // but one browser at a time keeps a 2-core machine responsive.
    fileParallelism: false,
    pool: "forks",
  },
});
