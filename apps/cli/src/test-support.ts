import { spawn } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { loadConfig, openConfiguredDatabase, type Database } from "@caihong/api";
import { TEST_NODE_ARGS } from "@caihong/api/testing";

// What the CLI's tests share: the real `caihong` binary as a child process, and a data directory
// opened in the test's own process. Not part of the command; only the *.test.ts files import it.

export const BIN = fileURLToPath(new URL("../bin/caihong.mjs", import.meta.url));
export const REPO_ROOT = path.resolve(path.dirname(BIN), "../../..");

export interface Result {
  code: number | null;
  stdout: string;
  stderr: string;
}

/**
 * Runs the real `caihong` binary on the embedded database (DATABASE_URL emptied, no demo cases,
 * warnings only) with `env` on top; stdin is a pipe (not a terminal) that closes at once.
 */
export function runCaihong(args: string[], env: Record<string, string>): Promise<Result> {
  const child = spawn(process.execPath, [...TEST_NODE_ARGS, BIN, ...args], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: "", LOG_LEVEL: "warn", CAIHONG_SEED_DEMO_CASES: "false", ...env },
    stdio: ["pipe", "pipe", "pipe"],
  });
  child.stdin.end();
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  return new Promise((resolve) => child.once("close", (code) => resolve({ code, stdout, stderr })));
}

/** Opens a PGlite data directory in this process, holding its lock like any other opener. */
export async function withDataDir<T>(dir: string, fn: (database: Database) => Promise<T>): Promise<T> {
  const { database, lock } = await openConfiguredDatabase(loadConfig({ CAIHONG_DATA_DIR: dir }));
  try {
    return await fn(database);
  } finally {
    // An app built on the database closes it itself; a second close throws.
    await database.close().catch(() => undefined);
    lock?.release();
  }
}
