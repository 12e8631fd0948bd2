import { spawn, type ChildProcess } from "node:child_process";
import fs from "node:fs";
import os from "node:os";
import path from "node:path";
import { createInterface } from "node:readline";
import type { TestProject } from "vitest/node";

const root = path.resolve(import.meta.dirname, "../..");

declare module "vitest" {
  export interface ProvidedContext {
    baseUrl: string;
    adminPassword: string;
  }
}

let server: ChildProcess | undefined;
let dataDir: string | undefined;

/**
 * Starts the real server on a fresh embedded database and an ephemeral port, as a new user does:
 * no password chosen in advance. The journeys follow what the first start prints — the generated
 * admin password, shown once, and the sentence naming the address to open.
 */
export async function setup(project: TestProject) {
  dataDir = fs.mkdtempSync(path.join(os.tmpdir(), "caihong-e2e-"));
  const { CAIHONG_ADMIN_PASSWORD: _chosen, ...inherited } = process.env;
  server = spawn(process.execPath, ["--import", "tsx", "apps/api/src/server.ts"], {
    cwd: root,
    env: { ...inherited, CAIHONG_DATA_DIR: dataDir, PORT: "0", HOST: "127.0.0.1", LOG_LEVEL: "info", DATABASE_URL: "", NODE_ENV: "development" },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const log = fs.createWriteStream(path.join(root, "e2e/artifacts/server.log"), { flags: "w" });
  server.stderr!.pipe(log);
  const { baseUrl, password } = await new Promise<{ baseUrl: string; password: string }>((resolve, reject) => {
    const lines = createInterface({ input: server!.stdout! });
    let passwordNext = false;
    let password = "";
    lines.on("line", (line) => {
      // The password box: the line after "(shown only once):" and a blank line.
      if (passwordNext && line.trim()) {
        password = line.trim();
        passwordNext = false;
        line = "    (the generated admin password)";
      }
      if (line.includes("(shown only once):")) passwordNext = true;
      log.write(line + "\n");
      const ready = /^Caihong is ready: open (http:\/\/\S+) in a browser and sign in as admin/.exec(line);
      if (ready) {
        if (password) resolve({ baseUrl: ready[1]!, password });
        else reject(new Error("the server said it was ready but printed no admin password; see e2e/artifacts/server.log"));
      }
    });
    server!.once("exit", (code) => reject(new Error(`server exited with ${code} before it was ready; see e2e/artifacts/server.log`)));
  });
  project.provide("baseUrl", baseUrl);
  project.provide("adminPassword", password);
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
