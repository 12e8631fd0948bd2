import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import type { TestProject } from "vitest/node";

export const ADMIN_PASSWORD = "e2e-admin-password";
const root = path.resolve(import.meta.dirname, "../..");

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    adminPassword: string;
  }
}

let server: ChildProcess | undefined;
let dataDir: string | undefined;

/** Starts the real server on a fresh embedded database and an ephemeral port. */
export async function setup(project: TestProject) {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "caihong-e2e-"));
  server = spawn(process.execPath, ["--import", "tsx", "apps/api/src/server.ts"], {
    cwd: root,
    env: { ...process.env, CAIHONG_DATA_DIR: dataDir, PORT: "0", HOST: "127.0.0.1", CAIHONG_ADMIN_PASSWORD: ADMIN_PASSWORD, LOG_LEVEL: "info", DATABASE_URL: "", NODE_ENV: "development" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log = fs.createWriteStream(path.join(root, "e2e/artifacts/server.log"), { flags: "w" });
  server.stderr!.pipe(log);
  const baseUrl = await new Promise<string>((resolve, reject) => {
    const lines = createInterface({ input: server!.stdout! });
    lines.on("line", (line) => {
      log.write(line + "\n");
      const match = /Server listening at (http:\/\/127\.0\.0\.1:\d+)/.exec(line);
      if (match) resolve(match[1]!);
    });
    server!.once("exit", (code) => reject(new Error(`server exited with ${code} before listening; see e2e/artifacts/server.log`)));
  });
  project.provide("baseUrl", baseUrl);
  project.provide("adminPassword", ADMIN_PASSWORD);
}

export async function teardown() {
  if (server && server.exitCode === null) {
    const exited = new Promise((resolve) => server!.once("exit", resolve));
    server.kill("SIGTERM");
    await exited;
  }
  if (dataDir) fs.rmSync(dataDir, { recursive: true, force: true });
}

fs.mkdirSync(path.join(root, "e2e/artifacts"), { recursive: true });
