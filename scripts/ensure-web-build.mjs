#!/usr/bin/env node
// Builds the web app when its output is missing or older than any of its sources; otherwise
// returns at once. Run after `npm install` (postinstall: the first `npm start` then opens at once),
// and by `npm start` and `npm run test:e2e` (a source changed since). Plain Node, no dependencies.
import { spawnSync } from "node:child_process";
import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "..");
const output = path.join(root, "apps/web/dist/index.html");
const sources = ["apps/web/src", "apps/web/public", "apps/web/index.html", "apps/web/vite.config.ts", "apps/web/package.json", "packages/contracts/src", "packages/domain/src"].map((p) => path.join(root, p));

/** Newest modification time under a file or directory (0 when absent). */
function newest(entry) {
  let stat;
  try {
    stat = fs.statSync(entry);
  } catch (err) {
    if (err.code === "ENOENT") return { mtimeMs: 0, file: null };
    throw err;
  }
  if (!stat.isDirectory()) return { mtimeMs: stat.mtimeMs, file: entry };
  let best = { mtimeMs: 0, file: null };
  for (const name of fs.readdirSync(entry)) {
    if (name === "node_modules" || name.startsWith(".")) continue;
    const found = newest(path.join(entry, name));
    if (found.mtimeMs > best.mtimeMs) best = found;
  }
  return best;
}

const built = newest(output).mtimeMs;
const source = sources.map(newest).reduce((a, b) => (b.mtimeMs > a.mtimeMs ? b : a));

if (built && built >= source.mtimeMs) process.exit(0);

const why = built ? `${path.relative(root, source.file)} changed after the last build` : "apps/web/dist/index.html is missing";
process.stderr.write(`ensure-web-build: ${why}; building the web app…\n`);
const npm = process.platform === "win32" ? "npm.cmd" : "npm";
const result = spawnSync(npm, ["run", "build", "-w", "@caihong/web"], { cwd: root, stdio: "inherit" });
if (result.error) throw result.error;
process.exit(result.status ?? 1);
