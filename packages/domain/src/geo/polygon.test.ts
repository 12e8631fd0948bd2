import { describe, expect, it } from "vitest";
import { areaM2, bboxOf, centroidOf, pointInGeometry, pointInRing, ringAreaM2 } from "./polygon";
import type { GridGeometry, Ring } from "./types";

const square = (x0: number, y0: number, x1: number, y1: number): Ring => [[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]];
const poly = (...rings: Ring[]): GridGeometry => ({ type: "Polygon", coordinates: rings });

describe("pointInRing", () => {
  it("finds interior points inside and exterior points outside", () => {
    const ring = square(0, 0, 2, 2);
    expect(pointInRing(1, 1, ring)).toBe(true);
    expect(pointInRing(3, 1, ring)).toBe(false);
    expect(pointInRing(-0.5, 1, ring)).toBe(false);
  });

  it("gives the same answer for either winding", () => {
    const ccw = square(0, 0, 2, 2);
    const cw = [...ccw].reverse();
    for (const [x, y] of [[0, 0], [1, 0], [2, 1], [1, 2], [0, 1], [1, 1], [2, 2]] as const) {
      expect(pointInRing(x, y, cw)).toBe(pointInRing(x, y, ccw));
    }
  });

  it("includes the west and south edges and excludes the east and north edges (half-open rule)", () => {
    const ring = square(0, 0, 2, 2);
    expect(pointInRing(0, 1, ring)).toBe(true); // west
    expect(pointInRing(1, 0, ring)).toBe(true); // south
    expect(pointInRing(2, 1, ring)).toBe(false); // east
    expect(pointInRing(1, 2, ring)).toBe(false); // north
    expect(pointInRing(0, 0, ring)).toBe(true); // south-west corner
    expect(pointInRing(2, 2, ring)).toBe(false); // north-east corner
    expect(pointInRing(2, 0, ring)).toBe(false);
    expect(pointInRing(0, 2, ring)).toBe(false);
  });

  it("resolves a point on a sloped shared edge to exactly one of the two triangles", () => {
    const a: Ring = [[0, 0], [3, 1], [0, 2], [0, 0]];
    const b: Ring = [[0, 0], [3, 0], [3, 1], [0, 0]];
    const c: Ring = [[3, 1], [3, 2], [0, 2], [3, 1]];
    // (1.5, 0.5) lies exactly on the edge (0,0)–(3,1), shared by a and b.
    expect(Number(pointInRing(1.5, 0.5, a)) + Number(pointInRing(1.5, 0.5, b))).toBe(1);
    expect(Number(pointInRing(1.5, 1.5, a)) + Number(pointInRing(1.5, 1.5, c))).toBe(1);
  });
});

describe("pointInGeometry", () => {
  it("excludes points in a hole and includes points between hole and shell", () => {
    const g = poly(square(0, 0, 10, 10), square(4, 4, 6, 6));
    expect(pointInGeometry(5, 5, g)).toBe(false);
    expect(pointInGeometry(2, 2, g)).toBe(true);
  });

  it("assigns a point on a hole's boundary to exactly one of the shell and the cell filling the hole", () => {
    const shell = poly(square(0, 0, 10, 10), square(4, 4, 6, 6));
    const plug = poly(square(4, 4, 6, 6));
    for (const [x, y] of [[4, 5], [6, 5], [5, 4], [5, 6], [4, 4], [6, 6], [4, 6], [6, 4]] as const) {
      expect(Number(pointInGeometry(x, y, shell)) + Number(pointInGeometry(x, y, plug))).toBe(1);
    }
  });

  it("finds points in any part of a MultiPolygon", () => {
    const g: GridGeometry = { type: "MultiPolygon", coordinates: [[square(0, 0, 1, 1)], [square(5, 5, 6, 6)]] };
    expect(pointInGeometry(0.5, 0.5, g)).toBe(true);
    expect(pointInGeometry(5.5, 5.5, g)).toBe(true);
    expect(pointInGeometry(3, 3, g)).toBe(false);
  });

  it("puts every boundary point of a 2×2 tiling in exactly one cell, inside the tiling", () => {
    const cells = [square(0, 0, 1, 1), square(1, 0, 2, 1), square(0, 1, 1, 2), square(1, 1, 2, 2)].map((r) => poly(r));
    const points: [number, number][] = [];
    for (let i = 0; i <= 8; i++) for (let j = 0; j <= 8; j++) points.push([i / 4, j / 4]);
    for (const [x, y] of points) {
      const hits = cells.filter((c) => pointInGeometry(x, y, c)).length;
      // The east and north edges of the whole tiling are outside by the half-open rule.
      expect(hits).toBe(x < 2 && y < 2 ? 1 : 0);
    }
    // The shared vertex belongs to the north-east cell.
    expect(cells.map((c) => pointInGeometry(1, 1, c))).toEqual([false, false, false, true]);
  });
});

describe("bboxOf", () => {
  it("spans all parts of a MultiPolygon", () => {
    const g: GridGeometry = { type: "MultiPolygon", coordinates: [[square(0, 0, 1, 1)], [square(5, -2, 6, 6)]] };
    expect(bboxOf(g)).toEqual([0, -2, 6, 6]);
  });
});

describe("areaM2", () => {
  it("measures a 0.01° square at Shanghai as about 1.11 km × 0.95 km", () => {
    const lat = 31.2;
    const expected = (0.01 * Math.PI / 180) ** 2 * 6_371_008.8 ** 2 * Math.cos((lat * Math.PI) / 180);
    const area = areaM2(poly(square(121.3, lat - 0.005, 121.31, lat + 0.005)));
    expect(Math.abs(area - expected) / expected).toBeLessThan(1e-4);
  });

  it("does not depend on winding", () => {
    const ring = square(121.3, 31.1, 121.31, 31.11);
    expect(ringAreaM2([...ring].reverse())).toBeCloseTo(ringAreaM2(ring), 6);
  });

  it("subtracts holes and adds MultiPolygon parts", () => {
    const outer = ringAreaM2(square(121, 31, 121.1, 31.1));
    const hole = ringAreaM2(square(121.02, 31.02, 121.04, 31.04));
    expect(areaM2(poly(square(121, 31, 121.1, 31.1), square(121.02, 31.02, 121.04, 31.04)))).toBeCloseTo(outer - hole, 3);
    const multi: GridGeometry = { type: "MultiPolygon", coordinates: [[square(121, 31, 121.1, 31.1)], [square(122, 31, 122.1, 31.1)]] };
    expect(areaM2(multi)).toBeCloseTo(outer + ringAreaM2(square(122, 31, 122.1, 31.1)), 3);
  });

  it("is zero for a degenerate ring", () => {
    expect(ringAreaM2([[0, 0], [1, 1], [0, 0]])).toBe(0);
  });
});

describe("centroidOf", () => {
  it("is the middle of a rectangle", () => {
    const [x, y] = centroidOf(poly(square(121.3, 31.1, 121.32, 31.14)))!;
    expect(x).toBeCloseTo(121.31, 10);
    expect(y).toBeCloseTo(31.12, 10);
  });

  it("moves away from a hole", () => {
    const [x] = centroidOf(poly(square(0, 0, 4, 2), square(0.5, 0.5, 1.5, 1.5)))!;
    expect(x).toBeGreaterThan(2);
  });

  it("weights MultiPolygon parts by area", () => {
    const g: GridGeometry = { type: "MultiPolygon", coordinates: [[square(0, 0, 2, 2)], [square(10, 0, 11, 1)]] };
    const [x] = centroidOf(g)!;
    expect(x).toBeCloseTo((4 * 1 + 1 * 10.5) / 5, 10);
  });

  it("is null for a geometry without area", () => {
    expect(centroidOf({ type: "Polygon", coordinates: [] })).toBeNull();
  });
});
