import { clipToBBox } from "./clip";
import { createRng } from "./random";
import { areaM2, bboxOf } from "./polygon";
import type { BBox, GridGeometry, PolygonGeometry, Position } from "./types";
import { polygonsOf } from "./types";

function areaOrZero(geometry: GridGeometry | null): number {
  return geometry ? areaM2(geometry) : 0;
}

/** Options for splitPolygon. */
export interface SplitOptions {
  /** Seed of the jitter applied to each cut; the same seed gives the same cells. */
  seed: number;
  /** How far each cut may stray from an equal-area split, as a fraction of the piece (default 0.15). */
  jitter?: number;
}

/**
 * Splits a polygon into `n` cells that tile it exactly, by recursive straight cuts across the
 * longer side of the bounding box (in metres), each placed by bisection so the two sides get areas
 * in proportion to the number of cells they will hold (± a seeded jitter). Every cut is an
 * axis-parallel line clipped against the piece, so both sides of a cut get the same vertices
 * (checkTiling finds no gap or overlap above 1 m²).
 * A cut through a concave piece may leave a cell in several parts: such cells are MultiPolygons.
 */
export function splitPolygon(parent: GridGeometry, n: number, options: SplitOptions): GridGeometry[] {
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`cell count must be a positive integer: ${n}`);
  const rng = createRng(options.seed);
  const jitter = options.jitter ?? 0.15;
  const out: GridGeometry[] = [];
  const split = (piece: GridGeometry, count: number): void => {
    if (count === 1) {
      out.push(piece);
      return;
    }
    const left = Math.floor(count / 2);
    const share = Math.min(0.95, Math.max(0.05, (left / count) * (1 + (rng() * 2 - 1) * jitter)));
    const [minX, minY, maxX, maxY] = bboxOf(piece);
    const cosLat = Math.cos((((minY + maxY) / 2) * Math.PI) / 180);
    const alongX = (maxX - minX) * cosLat >= maxY - minY;
    const total = areaM2(piece);
    const sideBox = (c: number): BBox => (alongX ? [minX - 1, minY - 1, c, maxY + 1] : [minX - 1, minY - 1, maxX + 1, c]);
    let lo = alongX ? minX : minY;
    let hi = alongX ? maxX : maxY;
    for (let i = 0; i < 40; i++) {
      const mid = (lo + hi) / 2;
      if (areaOrZero(clipToBBox(piece, sideBox(mid))) < share * total) lo = mid;
      else hi = mid;
    }
    const cut = (lo + hi) / 2;
    const a = clipToBBox(piece, sideBox(cut));
    const b = clipToBBox(piece, alongX ? [cut, minY - 1, maxX + 1, maxY + 1] : [minX - 1, cut, maxX + 1, maxY + 1]);
    if (!a || !b) throw new Error("split produced an empty piece; is the polygon degenerate?");
    split(a, left);
    split(b, count - left);
  };
  split(parent, n);
  return out;
}

/**
 * A city-scale test tiling: `cols × rows` quadrilaterals over a bounding box whose interior
 * lattice points are moved by a seeded jitter (up to `jitter` of a cell), so edges are sloped yet
 * shared exactly by neighbours. Cell `r * cols + c` is row r (south to north), column c.
 */
export function latticeTiling(bbox: BBox, cols: number, rows: number, seed: number, jitter = 0.3): PolygonGeometry[] {
  const rng = createRng(seed);
  const [x0, y0, x1, y1] = bbox;
  const dx = (x1 - x0) / cols;
  const dy = (y1 - y0) / rows;
  const lattice: Position[][] = [];
  for (let j = 0; j <= rows; j++) {
    const row: Position[] = [];
    for (let i = 0; i <= cols; i++) {
      const interiorX = i > 0 && i < cols;
      const interiorY = j > 0 && j < rows;
      const x = i === cols ? x1 : x0 + i * dx;
      const y = j === rows ? y1 : y0 + j * dy;
      row.push([interiorX ? x + (rng() * 2 - 1) * jitter * dx : x, interiorY ? y + (rng() * 2 - 1) * jitter * dy : y]);
    }
    lattice.push(row);
  }
  const cells: PolygonGeometry[] = [];
  for (let j = 0; j < rows; j++) {
    for (let i = 0; i < cols; i++) {
      const sw = lattice[j]![i]!, se = lattice[j]![i + 1]!, ne = lattice[j + 1]![i + 1]!, nw = lattice[j + 1]![i]!;
      cells.push({ type: "Polygon", coordinates: [[sw, se, ne, nw, sw]] });
    }
  }
  return cells;
}

/** Every vertex of a geometry's rings (closing positions included), for tests that probe boundaries. */
export function verticesOf(geometry: GridGeometry): Position[] {
  return polygonsOf(geometry).flatMap((rings) => rings.flat());
}
