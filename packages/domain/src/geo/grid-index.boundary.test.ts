import { orient2d } from "robust-predicates";
import { describe, expect, it } from "vitest";
import { buildGridIndex, type IndexedGrid } from "./grid-index";
import { crossesEastRay, pointInGeometry } from "./polygon";
import { createRng } from "./random";
import { latticeTiling, verticesOf } from "./tiling";
import type { GridGeometry, Position, Ring } from "./types";

// Boundary cases of the fast paths: crossesEastRay decides most edges by comparison alone, and the
// index finds candidates in buckets (small grids) or an R-tree (large ones). Answers must stay those
// of the exact half-open rule, with every boundary point of a tiling in exactly one grid.

/** The rule as it stood before the shortcuts: lower end first, exact orientation for every edge. */
function crossesByOrientation(ax: number, ay: number, bx: number, by: number, x: number, y: number): boolean {
  const [lx, ly, ux, uy] = ay < by ? [ax, ay, bx, by] : [bx, by, ax, ay];
  if (y < ly || y >= uy) return false;
  return orient2d(lx, ly, ux, uy, x, y) < 0;
}

const square = (x0: number, y0: number, x1: number, y1: number): Ring => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
const poly = (...rings: Ring[]): GridGeometry => ({ type: "Polygon", coordinates: rings });

const bits = new Float64Array(1);
const word = new BigInt64Array(bits.buffer);
/** The next double above a positive `v` (one unit in the last place). */
function nextUp(v: number): number {
  bits[0] = v;
  word[0]! += 1n;
  return bits[0]!;
}
/** The next double below a positive `v`. */
function nextDown(v: number): number {
  bits[0] = v;
  word[0]! -= 1n;
  return bits[0]!;
}

/** The reference answer: every grid tested, the smallest containing id. */
function bruteForce(grids: readonly IndexedGrid[], x: number, y: number): string[] {
  return grids.filter((g) => pointInGeometry(x, y, g.geometry)).map((g) => g.id).sort();
}

describe("crossesEastRay", () => {
  it("agrees with the exact orientation test for every edge and point of a small lattice, on the edge or off it", () => {
    // Vertices on integers and points on quarters: many points lie exactly on edges, at ends, or level with them.
    const vertices: Position[] = [];
    for (let i = 0; i <= 3; i++) for (let j = 0; j <= 3; j++) vertices.push([i, j]);
    let onEdge = 0;
    for (const [ax, ay] of vertices) {
      for (const [bx, by] of vertices) {
        for (let i = -2; i <= 14; i++) {
          for (let j = -2; j <= 14; j++) {
            const [x, y] = [i / 4, j / 4];
            const expected = crossesByOrientation(ax, ay, bx, by, x, y);
            expect(crossesEastRay(ax, ay, bx, by, x, y)).toBe(expected);
            // The same edge walked the other way round gives the same answer.
            expect(crossesEastRay(bx, by, ax, ay, x, y)).toBe(expected);
            if (orient2d(ax, ay, bx, by, x, y) === 0 && (ax !== bx || ay !== by)) onEdge++;
          }
        }
      }
    }
    expect(onEdge).toBeGreaterThan(1000); // the lattice really puts points on edges
  });

  it("agrees with the exact orientation test on and one unit in the last place beside sloped city-scale edges", () => {
    // Ends on a 2⁻²⁰° lattice near Xinhong and points at eighths along the edge: the interpolation is
    // exact, so the points lie exactly on the edge, where the floating-point sign cannot be trusted
    // and orient2d goes adaptive; their neighbours one ulp east, west, north or south lie just off it.
    const rng = createRng(11);
    const unit = 2 ** -20;
    const onLattice = (v: number) => Math.round(v / unit) * unit;
    let exactlyOn = 0, inErrorBand = 0;
    for (let e = 0; e < 500; e++) {
      const ax = onLattice(121.3 + rng() * 0.01), ay = onLattice(31.2 + rng() * 0.01);
      const bx = onLattice(ax + (rng() - 0.5) * 0.004), by = onLattice(ay + (rng() - 0.5) * 0.004);
      for (let k = 0; k <= 8; k++) {
        const [x, y] = [ax + (k / 8) * (bx - ax), ay + (k / 8) * (by - ay)];
        if (orient2d(ax, ay, bx, by, x, y) === 0) exactlyOn++;
        for (const [px, py] of [[x, y], [nextUp(x), y], [nextDown(x), y], [x, nextUp(y)], [x, nextDown(y)]] as const) {
          const detLeft = (ay - py) * (bx - px), detRight = (ax - px) * (by - py);
          // robust-predicates' first error bound: below it the floating-point sign is not trusted.
          if (!(Math.abs(detLeft - detRight) >= 3.3306690738754716e-16 * Math.abs(detLeft + detRight))) inErrorBand++;
          expect(crossesEastRay(ax, ay, bx, by, px, py)).toBe(crossesByOrientation(ax, ay, bx, by, px, py));
          expect(crossesEastRay(bx, by, ax, ay, px, py)).toBe(crossesByOrientation(ax, ay, bx, by, px, py));
        }
      }
    }
    expect(exactlyOn).toBe(500 * 9);
    // Every point strictly between the ends, exactly on the edge, needs the adaptive predicate (its
    // one-ulp neighbours are still resolved in floating point at this scale).
    expect(inErrorBand).toBe(500 * 7);
  });
});

describe("buildGridIndex on boundaries", () => {
  it("puts every vertex and many points along every edge of a jittered city tiling in exactly one grid", () => {
    const grids = latticeTiling([121.28, 31.17, 121.34, 31.22], 24, 20, 5).map((geometry, i) => ({ id: `g${String(i).padStart(3, "0")}`, geometry }));
    const index = buildGridIndex(grids);
    const [west, south, east, north] = [121.28, 31.17, 121.34, 31.22];
    const rng = createRng(3);
    let checked = 0;
    for (const g of grids) {
      const ring = g.geometry.coordinates[0]!;
      for (let k = 0; k + 1 < ring.length; k++) {
        const [ax, ay] = ring[k]!, [bx, by] = ring[k + 1]!;
        for (const t of [0, rng(), rng(), 0.5]) {
          const [x, y] = [ax + t * (bx - ax), ay + t * (by - ay)];
          const all = index.locateAll(x, y);
          expect(all).toEqual(bruteForce(grids, x, y));
          expect(index.locate(x, y)).toBe(all[0] ?? null);
          // Inside the tiling (not on its east or north border) a point is in exactly one grid.
          if (x > west && x < east && y > south && y < north) expect(all).toHaveLength(1);
          checked++;
        }
      }
    }
    expect(checked).toBe(24 * 20 * 4 * 4);
  });

  it("assigns a point on a hole's edge or corner to exactly one of the grid with the hole and the grid filling it", () => {
    const index = buildGridIndex([
      { id: "shell", geometry: poly(square(0, 0, 10, 10), square(4, 4, 6, 6)) },
      { id: "plug", geometry: poly(square(4, 4, 6, 6)) },
    ]);
    for (const [x, y] of [[4, 5], [6, 5], [5, 4], [5, 6], [4, 4], [6, 6], [4, 6], [6, 4]] as const) {
      expect(index.locateAll(x, y)).toHaveLength(1);
    }
    expect(index.locate(4, 5)).toBe("plug"); // west edge of the hole: the plug lies east of it
    expect(index.locate(6, 5)).toBe("shell"); // east edge of the hole: the shell lies east of it
    expect(index.locate(5, 5)).toBe("plug");
    expect(index.locate(2, 2)).toBe("shell");
  });

  it("finds each part of a MultiPolygon with a hole, and nothing in the hole or between the parts", () => {
    const index = buildGridIndex([
      { id: "m", geometry: { type: "MultiPolygon", coordinates: [[square(0, 0, 1, 1), square(0.25, 0.25, 0.5, 0.5)], [square(3, 3, 4, 4)]] } },
      { id: "n", geometry: poly(square(1, 0, 3, 1)) },
    ]);
    expect(index.locate(0.75, 0.75)).toBe("m");
    expect(index.locate(3.5, 3.5)).toBe("m");
    expect(index.locate(0.3, 0.3)).toBeNull(); // in the hole
    expect(index.locate(2, 2)).toBeNull(); // between the parts
    expect(index.locate(1, 0.5)).toBe("n"); // the shared edge belongs to the grid east of it
    expect(index.locate(3, 0.5)).toBeNull(); // the east edge of n is outside
    expect(index.locate(3, 3)).toBe("m"); // south-west corner of the second part
    expect(index.locate(4, 4)).toBeNull(); // its north-east corner
  });

  it("keeps the smallest id and finds every grid where large grids overlap a fine tiling", () => {
    // 400 small cells, plus large squares (with a hole) that span far more buckets than a cell and
    // so are looked up in the index's R-tree of large grids; ids put some before the cells, some after.
    const grids: IndexedGrid[] = latticeTiling([0, 0, 10, 10], 20, 20, 9).map((geometry, i) => ({ id: `m${String(i).padStart(3, "0")}`, geometry }));
    grids.push({ id: "a-large", geometry: poly(square(1, 1, 7, 7), square(2, 2, 3, 3)) });
    grids.push({ id: "z-large", geometry: poly(square(4, 4, 10, 10)) });
    grids.push({ id: "a-multi", geometry: { type: "MultiPolygon", coordinates: [[square(-5, -5, -4, -4)], [square(8, 0, 9, 9)]] } });
    const index = buildGridIndex(grids);
    expect(index.locate(1.5, 1.5)).toBe("a-large");
    expect(index.locate(2.5, 2.5)).toMatch(/^m/); // the large grid's hole: only a cell
    expect(index.locateAll(5, 5)).toEqual(["a-large", expect.stringMatching(/^m/), "z-large"]);
    expect(index.locate(8.5, 5)).toBe("a-multi");
    expect(index.locate(-4.5, -4.5)).toBe("a-multi");
    expect(index.locate(-4.5, 3)).toBeNull();
    // And everywhere, on vertices and edges too, the same answers as testing every grid.
    const rng = createRng(21);
    const probes: Position[] = grids.flatMap((g) => verticesOf(g.geometry));
    for (let i = 0; i < 3000; i++) probes.push([-6 + rng() * 17, -6 + rng() * 17]);
    for (const [x, y] of probes) {
      const expected = bruteForce(grids, x, y);
      expect(index.locateAll(x, y)).toEqual(expected);
      expect(index.locate(x, y)).toBe(expected[0] ?? null);
    }
  });

  it("answers null for points outside every box, infinite or not a number, and skips a grid without positions", () => {
    const index = buildGridIndex([
      { id: "empty", geometry: { type: "Polygon", coordinates: [] } },
      { id: "cell", geometry: poly(square(0, 0, 1, 1)) },
    ]);
    expect(index.size).toBe(2);
    expect(index.locate(0.5, 0.5)).toBe("cell");
    for (const [x, y] of [[2, 0.5], [0.5, -1], [NaN, 0.5], [0.5, NaN], [Infinity, 0.5], [-Infinity, -Infinity]] as const) {
      expect(index.locate(x, y)).toBeNull();
      expect(index.locateAll(x, y)).toEqual([]);
    }
    expect(buildGridIndex([{ id: "empty", geometry: { type: "MultiPolygon", coordinates: [] } }]).locate(0, 0)).toBeNull();
  });

  it("indexes grids that are all the same size, all in one row, or a single grid", () => {
    const row = [0, 1, 2, 3].map((i) => ({ id: `r${i}`, geometry: poly(square(i, 0, i + 1, 1)) }));
    const rowIndex = buildGridIndex(row);
    for (let i = 0; i <= 16; i++) {
      for (let j = 0; j <= 4; j++) {
        const [x, y] = [i / 4, j / 4];
        expect(rowIndex.locateAll(x, y)).toEqual(bruteForce(row, x, y));
      }
    }
    const single = buildGridIndex([{ id: "s", geometry: poly([[0, 0], [2, 1], [0, 2], [0, 0]]) }]);
    expect(single.locate(0.5, 1)).toBe("s");
    expect(single.locate(2, 1)).toBeNull(); // the eastern tip
    expect(single.locate(0, 1)).toBe("s"); // on the west edge
    expect(single.locate(1, 0.5)).toBeNull(); // on the sloped south-east edge: the inside lies west of it
    expect(single.locate(1, 1.5)).toBeNull(); // on the north-east edge likewise
  });
});
