import Flatbush from "flatbush";
import { performance } from "node:perf_hooks";
import { bboxOf, buildGridIndex, createRng, latticeTiling, polygonsOf, splitPolygon, type BBox, type GridGeometry, type GridIndex, type IndexedGrid } from "../packages/domain/src/geo";
import { compareWithBruteForce, probePoints } from "../packages/domain/src/geo/grid-index.probe";
import { machine, median, parseArgs } from "./support";

// An irregular outline about the size and place of 新虹街道 (≈ 5 km × 4 km), split like the demo's micro grids.
const XINHONG_LIKE: GridGeometry = {
  type: "Polygon",
  coordinates: [[
    [121.285, 31.175], [121.335, 31.178], [121.338, 31.2], [121.318, 31.203], [121.312, 31.19],
    [121.3, 31.196], [121.33, 31.212], [121.29, 31.214], [121.283, 31.196], [121.285, 31.175],
  ]],
};
// Shanghai's extent, for a city-scale tree.
const SHANGHAI: BBox = [120.85, 30.68, 122.0, 31.88];

function randomPoints(bbox: BBox, count: number, seed: number): Float64Array {
  const rng = createRng(seed);
  const [x0, y0, x1, y1] = bbox;
  const out = new Float64Array(count * 2);
  for (let i = 0; i < count; i++) {
    out[2 * i] = x0 + rng() * (x1 - x0);
    out[2 * i + 1] = y0 + rng() * (y1 - y0);
  }
  return out;
}

/** Ray casting (pnpoly, as the point-in-polygon package does it) on a flat ring `[x0, y0, x1, y1, …]`. */
function rayCast(x: number, y: number, ring: Float64Array): boolean {
  let inside = false;
  for (let i = 0, j = ring.length - 2; i < ring.length; j = i, i += 2) {
    const xi = ring[i]!, yi = ring[i + 1]!, xj = ring[j]!, yj = ring[j + 1]!;
    if (yi > y !== yj > y && x < ((xj - xi) * (y - yi)) / (yj - yi) + xi) inside = !inside;
  }
  return inside;
}

/**
 * The anchor: the usual way to locate points in polygons in JavaScript — a flatbush R-tree over the
 * boxes (default node size), then a floating-point ray cast on each candidate (outer ring and not
 * in a hole). Rings are flat Float64Arrays and the lowest id wins among hits, like the product;
 * boundary points are not exact (no half-open rule, no robust predicate), which random points
 * almost never meet. Tried with node sizes 4, 8 and 16 and nested GeoJSON rings: none was faster.
 */
class FlatbushRayCast {
  private readonly tree: Flatbush;
  private readonly rings: Float64Array[][][];
  private readonly ids: string[];

  constructor(grids: readonly IndexedGrid[]) {
    const sorted = [...grids].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
    this.ids = sorted.map((g) => g.id);
    this.rings = sorted.map((g) => polygonsOf(g.geometry).map((polygon) => polygon.map((ring) => Float64Array.from(ring.flat()))));
    this.tree = new Flatbush(sorted.length);
    for (const g of sorted) this.tree.add(...bboxOf(g.geometry));
    this.tree.finish();
  }

  locate(x: number, y: number): string | null {
    const candidates = this.tree.search(x, y, x, y);
    let best = -1;
    for (const i of candidates) {
      if (best !== -1 && i > best) continue;
      for (const polygon of this.rings[i]!) {
        if (!rayCast(x, y, polygon[0]!)) continue;
        let inHole = false;
        for (let h = 1; h < polygon.length && !inHole; h++) inHole = rayCast(x, y, polygon[h]!);
        if (!inHole) {
          best = i;
          break;
        }
      }
    }
    return best === -1 ? null : this.ids[best]!;
  }
}

interface Rates {
  /** Lookups per second, one entry per round. */
  rates: number[];
  /** What each point was located in, for comparing two methods. */
  answers: (string | null)[];
}

// Two loops written out rather than one taking a locate function: a shared call site would see both
// methods and slow both down, which is not how either runs in a program.
function roundOfProduct(index: GridIndex, points: Float64Array, out: Rates): void {
  const n = points.length / 2;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) out.answers[i] = index.locate(points[2 * i]!, points[2 * i + 1]!);
  out.rates.push(n / ((performance.now() - t0) / 1000));
}
function roundOfAnchor(anchor: FlatbushRayCast, points: Float64Array, out: Rates): void {
  const n = points.length / 2;
  const t0 = performance.now();
  for (let i = 0; i < n; i++) out.answers[i] = anchor.locate(points[2 * i]!, points[2 * i + 1]!);
  out.rates.push(n / ((performance.now() - t0) / 1000));
}

/**
 * The product and the anchor on the same points, rounds alternating (product, anchor, product, …)
 * so both meet the same load on a shared machine; the ratio is of the two medians.
 */
function compare(index: GridIndex, anchor: FlatbushRayCast, points: Float64Array, rounds: number) {
  const n = points.length / 2;
  const product: Rates = { rates: [], answers: new Array<string | null>(n) };
  const other: Rates = { rates: [], answers: new Array<string | null>(n) };
  for (let r = 0; r < rounds; r++) {
    roundOfProduct(index, points, product);
    roundOfAnchor(anchor, points, other);
  }
  let hits = 0, agree = 0;
  for (let i = 0; i < n; i++) {
    if (product.answers[i] !== null) hits++;
    if (product.answers[i] === other.answers[i]) agree++;
  }
  return {
    product: { median: median(product.rates), best: Math.max(...product.rates) },
    anchor: { median: median(other.rates), best: Math.max(...other.rates) },
    ratio: median(product.rates) / median(other.rates),
    hitRate: hits / n,
    agree,
  };
}

function report(label: string, r: ReturnType<typeof compare>, pointCount: number, target: string): void {
  console.log(`${label}: ${fmt(r.product.median)} lookups/s median, ${fmt(r.product.best)} best (${(r.hitRate * 100).toFixed(0)}% of points in a grid; target ${target})`);
  console.log(`${label}: anchor (flatbush + ray casting) ${fmt(r.anchor.median)} lookups/s median, ${fmt(r.anchor.best)} best; same answer for ${fmt(r.agree)} of ${fmt(pointCount)} points`);
  console.log(`${label}: ratio ${r.ratio.toFixed(2)}× the anchor (product median / anchor median)`);
}

const fmt = (n: number) => Math.round(n).toLocaleString("en-US");

/**
 * Point lookup on the in-memory grid index, on one core (the main thread), beside the anchor
 * (flatbush + ray casting) on the same grids and points:
 *
 *   npm run bench -- locate [--points 1000000] [--rounds 5] [--agree 100000]
 *
 * and the index's answers against brute force on `--agree` seeded probes (the unit test checks 5,000).
 */
export async function main(args: string[]): Promise<void> {
  const opts = parseArgs(args);
  const pointCount = Number(opts.points ?? 1_000_000);
  const rounds = Number(opts.rounds ?? 5);
  const agreeCount = Number(opts.agree ?? 100_000);
  console.log(`# Grid lookup — ${fmt(pointCount)} random points × ${rounds} rounds, one core; ${machine()}`);

  const t147 = performance.now();
  const micro: IndexedGrid[] = splitPolygon(XINHONG_LIKE, 147, { seed: 2021 }).map((geometry, i) => ({ id: `m${String(i).padStart(3, "0")}`, geometry }));
  console.log(`147 grids: generated by splitPolygon in ${(performance.now() - t147).toFixed(0)} ms`);
  const small = buildGridIndex(micro);
  const smallBox: BBox = [121.283, 31.175, 121.338, 31.214];
  const r147 = compare(small, new FlatbushRayCast(micro), randomPoints(smallBox, pointCount, 1), rounds);
  report("147 grids", r147, pointCount, "≥ 1,000,000/s");

  // Same answers as brute force, on a 20 × 15 lattice like the unit test's but with `--agree` probes.
  const lattice: IndexedGrid[] = latticeTiling([121.28, 31.17, 121.34, 31.22], 20, 15, 7).map((geometry, i) => ({ id: `g${String(i).padStart(4, "0")}`, geometry }));
  const latticeIndex = buildGridIndex(lattice);
  const agreement = compareWithBruteForce(lattice, (lng, lat) => latticeIndex.locate(lng, lat), probePoints(lattice, agreeCount, 2026));
  console.log(`agreement with brute force: ${fmt(agreeCount - agreement.mismatches)} of ${fmt(agreeCount)} probes (${fmt(agreement.located)} inside a grid, a quarter on vertices, a quarter on edges)`);
  if (agreement.mismatches > 0) process.exitCode = 1;

  const cells: IndexedGrid[] = latticeTiling(SHANGHAI, 250, 200, 2021).map((geometry, i) => ({ id: `c${String(i).padStart(5, "0")}`, geometry }));
  const builds: number[] = [];
  let big = buildGridIndex(cells);
  for (let i = 0; i < 5; i++) {
    const t0 = performance.now();
    big = buildGridIndex(cells);
    builds.push(performance.now() - t0);
  }
  console.log(`50,000 grids: index build ${median(builds).toFixed(0)} ms median of 5 (target < 2,000 ms)`);
  const r50k = compare(big, new FlatbushRayCast(cells), randomPoints(SHANGHAI, pointCount, 2), rounds);
  report("50,000 grids", r50k, pointCount, "≥ 200,000/s and ≥ 0.95× the anchor");
}
