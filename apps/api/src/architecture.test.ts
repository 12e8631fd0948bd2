import fs from "node:fs";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";

// The module shape of ADR 0008, read from the import statements of the source tree.

const API_SRC = path.dirname(fileURLToPath(import.meta.url));
const REPO = path.resolve(API_SRC, "../../..");
const CLI_SRC = path.join(REPO, "apps/cli/src");

/** Every .ts file below a folder. */
function sourceFiles(dir: string): string[] {
  return fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => {
    const full = path.join(dir, e.name);
    if (e.isDirectory()) return sourceFiles(full);
    return e.name.endsWith(".ts") ? [full] : [];
  });
}

const IMPORT = /(?:^|\n)\s*(?:import|export)\s[^;]*?\sfrom\s+["']([^"']+)["']|import\(\s*["']([^"']+)["']\s*\)/g;

/** The specifiers a file imports or re-exports (static and dynamic). */
function specifiers(file: string): string[] {
  const text = fs.readFileSync(file, "utf8");
  return [...text.matchAll(IMPORT)].map((m) => (m[1] ?? m[2])!);
}

/** A relative specifier resolved to the file it names. */
function resolve(from: string, spec: string): string | null {
  if (!spec.startsWith(".")) return null;
  const base = path.resolve(path.dirname(from), spec);
  for (const candidate of [base, `${base}.ts`, path.join(base, "index.ts")]) {
    if (fs.existsSync(candidate) && fs.statSync(candidate).isFile()) return candidate;
  }
  return base;
}

const rel = (file: string) => path.relative(API_SRC, file).split(path.sep).join("/");
const moduleOf = (file: string) => /^modules\/([^/]+)\//.exec(rel(file))?.[1] ?? null;
const isTest = (file: string) => file.endsWith(".test.ts") || rel(file).startsWith("test/");
const isTable = (file: string) => file.endsWith(".table.ts");
const isRepository = (file: string) => file.endsWith(".repository.ts");
const isSeed = (file: string) => rel(file).startsWith("seed/");

interface Edge {
  from: string;
  to: string;
}

const apiFiles = sourceFiles(API_SRC);
const edges: Edge[] = apiFiles.flatMap((from) =>
  specifiers(from)
    .map((spec) => resolve(from, spec))
    .filter((to): to is string => to !== null && to.startsWith(API_SRC))
    .map((to) => ({ from, to })),
);
const show = (list: Edge[]) => list.map((e) => `${rel(e.from)} → ${rel(e.to)}`);

describe("the module shape (ADR 0008)", () => {
  it("keeps each module's tables private to its repository, the table files, the migrations and the seed", () => {
    const leaks = edges.filter(({ from, to }) => {
      if (!isTable(to)) return false;
      if (isTable(from) || rel(from) === "db/schema.ts" || isSeed(from)) return false;
      const owner = moduleOf(to);
      if (owner !== null && moduleOf(from) === owner && (isRepository(from) || isTest(from))) return false;
      return true;
    });
    expect(show(leaks)).toEqual([]);
  });

  it("lets modules meet only at each other's index.ts", () => {
    const deep = edges.filter(({ from, to }) => {
      const target = moduleOf(to);
      if (target === null || moduleOf(from) === target) return false;
      if (isTable(to) && (isTable(from) || rel(from) === "db/schema.ts" || isSeed(from))) return false;
      return rel(to) !== `modules/${target}/index.ts`;
    });
    expect(show(deep)).toEqual([]);
  });

  it("keeps lib, plugins, config and db free of modules and of the seed", () => {
    const upward = edges.filter(({ from, to }) => {
      if (isTest(from) || rel(from) === "db/schema.ts") return false;
      if (!/^(lib|plugins|config|db)\//.test(rel(from))) return false;
      return moduleOf(to) !== null || isSeed(to);
    });
    expect(show(upward)).toEqual([]);
  });

  it("never lets a module import the seed", () => {
    const seeded = edges.filter(({ from, to }) => moduleOf(from) !== null && !isTest(from) && isSeed(to));
    expect(show(seeded)).toEqual([]);
  });

  it("has no cycle between modules", () => {
    const graph = new Map<string, Set<string>>();
    for (const { from, to } of edges) {
      const a = moduleOf(from);
      const b = moduleOf(to);
      if (a && b && a !== b && !isTest(from) && !(isTable(from) && isTable(to))) {
        if (!graph.has(a)) graph.set(a, new Set());
        graph.get(a)!.add(b);
      }
    }
    const cycles: string[] = [];
    const state = new Map<string, "open" | "done">();
    const walk = (node: string, trail: string[]) => {
      if (state.get(node) === "done") return;
      if (state.get(node) === "open") {
        cycles.push([...trail.slice(trail.indexOf(node)), node].join(" → "));
        return;
      }
      state.set(node, "open");
      for (const next of graph.get(node) ?? []) walk(next, [...trail, node]);
      state.set(node, "done");
    };
    for (const node of graph.keys()) walk(node, []);
    expect(cycles).toEqual([]);
  });

  it("has the CLI reach the API only through its public entry (its tests and their test-support.ts also through @caihong/api/testing)", () => {
    const isTestCode = (file: string) => file.endsWith(".test.ts") || path.basename(file) === "test-support.ts";
    const reaching = sourceFiles(CLI_SRC).flatMap((file) =>
      specifiers(file)
        .filter((spec) => spec.includes("api/src") || (spec.startsWith("@caihong/api/") && !(isTestCode(file) && spec === "@caihong/api/testing")))
        .map((spec) => `${path.relative(REPO, file)} → ${spec}`),
    );
    expect(reaching).toEqual([]);
  });
});
