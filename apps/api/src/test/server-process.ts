import { spawn, type ChildProcess } from "node:child_process";
import path from "node:path";
import { fileURLToPath } from "node:url";

/** The server entry point, run as a real child process (`node --import tsx`, so signals reach it). */
export const SERVER_ENTRY = fileURLToPath(new URL("../server.ts", import.meta.url));
export const REPO_ROOT = path.resolve(path.dirname(SERVER_ENTRY), "../../..");

/** Node arguments for every server or CLI process a test spawns: WebAssembly on V8's baseline compiler (see liftoff.mjs). */
export const TEST_NODE_ARGS = ["--import", new URL("./liftoff.mjs", import.meta.url).href];

/** A server child process and what it has printed so far. */
export interface ServerProcess {
  child: ChildProcess;
  pid: number;
  /** stdout and stderr lines, in arrival order per stream. */
  lines: string[];
  stderr(): string;
  /** Resolves with the first line (already printed or still to come) matching `re`; rejects if the process exits first. */
  waitForLine(re: RegExp): Promise<string>;
  /** Resolves once the process has exited. */
  exited: Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

/**
 * Spawns `node --import tsx apps/api/src/server.ts` with `env` added to the environment
 * (or, with `command`, another entry point such as `apps/cli/bin/caihong.mjs serve`).
 */
export function spawnServer(env: Record<string, string>, options: { nodeArgs?: string[]; command?: string[]; asInProduction?: boolean } = {}): ServerProcess {
  // asInProduction: without the tests' V8 flags (benchmarks of what `npm start` runs).
  const child = spawn(process.execPath, [...(options.asInProduction ? [] : TEST_NODE_ARGS), ...(options.nodeArgs ?? []), ...(options.command ?? ["--import", "tsx", SERVER_ENTRY])], {
    cwd: REPO_ROOT,
    env: { ...process.env, DATABASE_URL: "", HOST: "127.0.0.1", PORT: "0", LOG_LEVEL: "info", CAIHONG_SEED_DEMO_CASES: "false", ...env },
    stdio: ["ignore", "pipe", "pipe"],
  });
  const lines: string[] = [];
  const errLines: string[] = [];
  const waiters: { re: RegExp; resolve(line: string): void; reject(err: Error): void }[] = [];
  let hasExited = false;
  const onLine = (line: string) => {
    lines.push(line);
    for (const w of [...waiters]) {
      if (w.re.test(line)) {
        waiters.splice(waiters.indexOf(w), 1);
        w.resolve(line);
      }
    }
  };
  const split = (stream: NodeJS.ReadableStream, sink?: string[]) => {
    let rest = "";
    stream.setEncoding("utf8");
    stream.on("data", (chunk: string) => {
      const parts = (rest + chunk).split("\n");
      rest = parts.pop()!;
      for (const p of parts) {
        sink?.push(p);
        onLine(p);
      }
    });
    stream.on("end", () => {
      if (rest) {
        sink?.push(rest);
        onLine(rest);
      }
    });
  };
  split(child.stdout!);
  split(child.stderr!, errLines);
  // "close" fires after the exit and after both output streams ended, so every line is in.
  const exited = new Promise<{ code: number | null; signal: NodeJS.Signals | null }>((resolve) => {
    child.once("close", (code, signal) => {
      hasExited = true;
      for (const w of waiters.splice(0)) w.reject(new Error(`server exited (code ${code}, signal ${signal}) before printing ${w.re}:\n${lines.join("\n")}`));
      resolve({ code, signal });
    });
  });
  return {
    child,
    pid: child.pid!,
    lines,
    stderr: () => errLines.join("\n"),
    exited,
    waitForLine(re) {
      const seen = lines.find((l) => re.test(l));
      if (seen) return Promise.resolve(seen);
      if (hasExited) return Promise.reject(new Error(`server exited before printing ${re}:\n${lines.join("\n")}`));
      return new Promise((resolve, reject) => waiters.push({ re, resolve, reject }));
    },
  };
}

/** Waits for the server's "caihong ready" line and returns its base URL (the port comes from Fastify's listening line). */
export async function waitUntilListening(server: ServerProcess): Promise<string> {
  await server.waitForLine(/"msg":"caihong ready"/);
  const line = await server.waitForLine(/Server listening at http:\/\/127\.0\.0\.1:\d+/);
  const port = /http:\/\/127\.0\.0\.1:(\d+)/.exec(line)![1];
  return `http://127.0.0.1:${port}`;
}

/** A signed-in admin over real HTTP: cookie plus CSRF token. */
export interface HttpSession {
  cookie: string;
  csrf: string;
  request(method: string, url: string, body?: unknown): Promise<Response>;
}

/** Signs in over HTTP (POST /api/v1/auth/login) and returns a session for later requests. */
export async function httpLogin(baseUrl: string, username: string, password: string): Promise<HttpSession> {
  const res = await fetch(`${baseUrl}/api/v1/auth/login`, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ username, password }) });
  if (res.status !== 200) throw new Error(`login ${username}: ${res.status} ${await res.text()}`);
  const sid = res.headers.getSetCookie().map((c) => /^caihong_sid=([^;]*)/.exec(c)?.[1]).find(Boolean);
  if (!sid) throw new Error("login set no caihong_sid cookie");
  const { csrfToken } = (await res.json()) as { csrfToken: string };
  const cookie = `caihong_sid=${sid}`;
  return {
    cookie,
    csrf: csrfToken,
    request(method, url, body) {
      return fetch(`${baseUrl}${url}`, {
        method,
        headers: { cookie, "x-csrf-token": csrfToken, ...(body === undefined ? {} : { "content-type": "application/json" }) },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    },
  };
}
