import { describe, expect, it } from "vitest";
import { buildGridIndex } from "./grid-index";
import { compareWithBruteForce, probePoints } from "./grid-index.probe";
import { latticeTiling, verticesOf } from "./tiling";
import type { BBox, Position } from "./types";

const XINHONG_BBOX: BBox = [121.28, 31.17, 121.34, 31.22];

describe("buildGridIndex", () => {
  // The same check on 100,000 points and more: `npm run bench -- locate`.
  it("agrees with brute-force point-in-polygon on every vertex of the tiling and 5,000 seeded points, a quarter on vertices and a quarter on edges", () => {
    const grids = latticeTiling(XINHONG_BBOX, 20, 15, 7).map((geometry, i) => ({ id: `g${String(i).padStart(4, "0")}`, geometry }));
    const index = buildGridIndex(grids);
    const vertices = grids.flatMap((g) => verticesOf(g.geometry));
    const points = probePoints(grids, 5_000, 2026);
    expect(compareWithBruteForce(grids, (lng, lat) => index.locate(lng, lat), vertices).mismatches).toBe(0);
    const { mismatches, located } = compareWithBruteForce(grids, (lng, lat) => index.locate(lng, lat), points);
    expect(mismatches).toBe(0);
    expect(located).toBeGreaterThan(4_000); // the probe really hits the tiling, not just the outside
  });

  it("puts every vertex and edge point of an axis-aligned tiling in exactly one grid, or none on its north/east border", () => {
    const grids = latticeTiling([0, 0, 10, 10], 10, 10, 1, 0).map((geometry, i) => ({ id: `c${i}`, geometry }));
    const index = buildGridIndex(grids);
    for (let i = 0; i <= 40; i++) {
      for (let j = 0; j <= 40; j++) {
        const [x, y] = [i / 4, j / 4];
        const all = index.locateAll(x, y);
        expect(all.length).toBe(x < 10 && y < 10 ? 1 : 0);
        expect(index.locate(x, y)).toBe(all[0] ?? null);
      }
    }
  });

  it("resolves a shared vertex of a jittered tiling to the same single grid every time", () => {
    const grids = latticeTiling(XINHONG_BBOX, 6, 6, 3).map((geometry, i) => ({ id: `g${i}`, geometry }));
    const index = buildGridIndex(grids);
    const shared = grids[14]!.geometry.coordinates[0]![2]!; // an interior lattice point, on four cells
    const first = index.locate(...shared);
    expect(index.locateAll(...shared)).toHaveLength(1);
    for (let i = 0; i < 10; i++) expect(index.locate(...shared)).toBe(first);
    expect(buildGridIndex([...grids].reverse()).locate(...shared)).toBe(first);
  });

  it("returns null outside every grid", () => {
    const index = buildGridIndex(latticeTiling([0, 0, 1, 1], 2, 2, 1).map((geometry, i) => ({ id: String(i), geometry })));
    expect(index.locate(5, 5)).toBeNull();
    expect(index.locate(-0.0001, 0.5)).toBeNull();
  });

  it("breaks ties between overlapping grids by the smallest id, whatever the input order", () => {
    const sq = (x0: number, x1: number) => ({ type: "Polygon" as const, coordinates: [[[x0, 0], [x1, 0], [x1, 1], [x0, 1], [x0, 0]] as Position[]] });
    const grids = [{ id: "b", geometry: sq(0, 2) }, { id: "a", geometry: sq(1, 3) }, { id: "c", geometry: sq(0, 3) }];
    expect(buildGridIndex(grids).locate(1.5, 0.5)).toBe("a");
    expect(buildGridIndex([...grids].reverse()).locate(1.5, 0.5)).toBe("a");
    expect(buildGridIndex(grids).locateAll(1.5, 0.5)).toEqual(["a", "b", "c"]);
  });

  it("finds points in any part of a MultiPolygon grid and not in its hole", () => {
    const index = buildGridIndex([
      {
        id: "m",
        geometry: {
          type: "MultiPolygon",
          coordinates: [
            [[[0, 0], [4, 0], [4, 4], [0, 4], [0, 0]], [[1, 1], [2, 1], [2, 2], [1, 2], [1, 1]]],
            [[[10, 10], [11, 10], [11, 11], [10, 11], [10, 10]]],
          ],
        },
      },
    ]);
    expect(index.locate(3, 3)).toBe("m");
    expect(index.locate(10.5, 10.5)).toBe("m");
    expect(index.locate(1.5, 1.5)).toBeNull();
    expect(index.locate(7, 7)).toBeNull();
  });

  it("answers null for an empty index and rejects duplicate ids", () => {
    expect(buildGridIndex([]).locate(0, 0)).toBeNull();
    const g = latticeTiling([0, 0, 1, 1], 1, 1, 1)[0]!;
    expect(() => buildGridIndex([{ id: "x", geometry: g }, { id: "x", geometry: g }])).toThrow(/duplicate/);
  });
});
