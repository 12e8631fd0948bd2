import type { IndexedGrid } from "./grid-index";
import { bboxOf, pointInGeometry } from "./polygon";
import { createRng } from "./random";
import { verticesOf } from "./tiling";
import type { Position } from "./types";

/**
 * Checks of the grid index against brute force, shared by its test (a few thousand points) and
 * `npm run bench -- locate` (100,000 points and more). Not exported from the package index.
 */

/** The reference answer: test every grid in id order (`sorted`), first hit wins. */
export function bruteForceLocate(sorted: readonly IndexedGrid[], lng: number, lat: number): string | null {
  for (const g of sorted) if (pointInGeometry(lng, lat, g.geometry)) return g.id;
  return null;
}

/** Seeded probe points: half uniform over a slightly enlarged bbox, a quarter exact vertices, a quarter on edges. */
export function probePoints(grids: readonly IndexedGrid[], count: number, seed: number): Position[] {
  const rng = createRng(seed);
  const [x0, y0, x1, y1] = bboxOf({ type: "MultiPolygon", coordinates: grids.map((g) => (g.geometry.type === "Polygon" ? g.geometry.coordinates : g.geometry.coordinates[0]!)) });
  const w = x1 - x0, h = y1 - y0;
  const points: Position[] = [];
  while (points.length < count) {
    const kind = rng();
    const grid = grids[Math.floor(rng() * grids.length)]!;
    const vertices = verticesOf(grid.geometry);
    const k = Math.floor(rng() * (vertices.length - 1));
    if (kind < 0.5) points.push([x0 - 0.05 * w + rng() * 1.1 * w, y0 - 0.05 * h + rng() * 1.1 * h]);
    else if (kind < 0.75) points.push(vertices[k]!);
    else {
      const [ax, ay] = vertices[k]!, [bx, by] = vertices[k + 1]!;
      const t = rng();
      points.push([ax + t * (bx - ax), ay + t * (by - ay)]);
    }
  }
  return points;
}

/** Locates every point with `locate` and by brute force: how many answers differ, and how many found a grid. */
export function compareWithBruteForce(grids: readonly IndexedGrid[], locate: (lng: number, lat: number) => string | null, points: readonly Position[]): { mismatches: number; located: number } {
  const sorted = [...grids].sort((a, b) => (a.id < b.id ? -1 : 1));
  let mismatches = 0;
  let located = 0;
  for (const [lng, lat] of points) {
    const got = locate(lng, lat);
    if (got !== bruteForceLocate(sorted, lng, lat)) mismatches++;
    if (got !== null) located++;
  }
  return { mismatches, located };
}
