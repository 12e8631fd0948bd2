import { randomBytes } from "node:crypto";
import fs from "node:fs";
import path from "node:path";
import { performance } from "node:perf_hooks";
import { bboxOf, createRng, GRID_LEVEL, pointInGeometry, type GridGeometry } from "@caihong/domain";
import { build } from "../apps/api/src/app";
import { loadConfig } from "../apps/api/src/config/env";
import { REPO_ROOT } from "../apps/api/src/test/server-process";
import { backendsFrom, freshStore, machine, median, parseArgs, type Backend } from "./support";

interface DemoFeature {
  properties: { level: number };
  geometry: GridGeometry;
}

/** `count` deterministic points: inside the demo's micro grids (`inside`), or in its outline's box but outside every grid. */
function demoPoints(count: number, seed: number): { inside: [number, number][]; outside: [number, number][] } {
  const map = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, "data/demo/xinhong/grids.geojson"), "utf8")) as { features: DemoFeature[] };
  const micro = map.features.filter((f) => f.properties.level === GRID_LEVEL.micro);
  const root = map.features.find((f) => f.properties.level === GRID_LEVEL.subdistrict)!;
  const rng = createRng(seed);
  const inside: [number, number][] = [];
  while (inside.length < count) {
    const f = micro[Math.floor(rng() * micro.length)]!;
    const [x0, y0, x1, y1] = bboxOf(f.geometry);
    const lng = x0 + rng() * (x1 - x0);
    const lat = y0 + rng() * (y1 - y0);
    if (pointInGeometry(lng, lat, f.geometry)) inside.push([lng, lat]);
  }
  // Just east of the outline: inside no grid.
  const [, y0, x1, y1] = bboxOf(root.geometry);
  const outside = Array.from({ length: count }, (): [number, number] => [x1 + 0.001 + rng() * 0.01, y0 + rng() * (y1 - y0)]);
  return { inside, outside };
}

const us = (ms: number) => `${(ms * 1000).toFixed(1)}`;

/**
 * The app's point → micro grid lookup (`deps.locator.locate`, what intake, units and 12345
 * imports call) over the 147 demo micro grids, one call after another, on PGlite and PostgreSQL:
 * microseconds per lookup for points inside a grid and outside every grid, and the index build.
 * This is the locator with whatever freshness check it makes per answer, not the bare index
 * (`npm run bench -- locate`). Prints figures; never asserts.
 *
 *   npm run bench -- locator [--db pglite|postgres|both] [--lookups 5000] [--rounds 5]
 */
export async function main(args: string[]): Promise<void> {
  const opts = parseArgs(args);
  const lookups = Number(opts.lookups ?? 5000);
  const rounds = Number(opts.rounds ?? 5);
  console.log(`# Locator — deps.locator.locate over the demo's micro grids, ${lookups} sequential lookups × ${rounds} rounds; ${machine()}`);
  const { inside, outside } = demoPoints(lookups, 2021);
  const rows: string[] = [];
  for (const backend of backendsFrom(opts.db)) rows.push(await runBackend(backend, inside, outside, rounds));
  console.log("\n| database | first lookup (index build) ms | inside a grid µs/lookup (median of rounds) | outside every grid µs/lookup | lookups/s inside |");
  console.log("|---|---:|---:|---:|---:|");
  for (const r of rows) console.log(r);
}

async function runBackend(backend: Backend, inside: [number, number][], outside: [number, number][], rounds: number): Promise<string> {
  const store = await freshStore(backend);
  const config = loadConfig(
    { CAIHONG_TENANT: "xinhong", LOG_LEVEL: "silent" },
    {
      databaseUrl: store.databaseUrl || undefined,
      inMemory: !store.databaseUrl,
      dataDir: store.dataDir,
      photoDir: path.join(store.dataDir, "photos"),
      clockIntervalSeconds: 0,
      seedDemoCases: false,
      adminPassword: "bench-admin-password",
      dataKey: randomBytes(32).toString("base64"),
    },
  );
  const app = await build({ config, logger: false });
  try {
    const locator = app.deps.locator;
    const t0 = performance.now();
    const first = await locator.locate(inside[0]![0], inside[0]![1]);
    const buildMs = performance.now() - t0;
    if (!first) throw new Error("the first point is in no grid: is the demo seeded?");
    const time = async (points: [number, number][], expectFound: boolean) => {
      const perLookup: number[] = [];
      for (let r = 0; r < rounds; r++) {
        const start = performance.now();
        for (const [lng, lat] of points) {
          const found = await locator.locate(lng, lat);
          if ((found !== null) !== expectFound) throw new Error(`(${lng}, ${lat}) ${expectFound ? "found no grid" : "found a grid"}`);
        }
        perLookup.push((performance.now() - start) / points.length);
      }
      return median(perLookup);
    };
    const insideMs = await time(inside, true);
    const outsideMs = await time(outside, false);
    const line = `| ${backend} | ${buildMs.toFixed(1)} | ${us(insideMs)} | ${us(outsideMs)} | ${Math.round(1000 / insideMs).toLocaleString("en-US")} |`;
    console.log(line);
    return line;
  } finally {
    await app.close();
    await store.drop();
  }
}
