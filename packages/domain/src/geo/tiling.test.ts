import { describe, expect, it } from "vitest";
import { buildGridIndex } from "./grid-index";
import { areaM2, pointInGeometry } from "./polygon";
import { createRng } from "./random";
import { latticeTiling, splitPolygon } from "./tiling";
import { checkTiling } from "./topology";
import type { GridGeometry } from "./types";

// An irregular, concave outline about the size of Xinhong (≈ 5 km × 4 km).
const OUTLINE: GridGeometry = {
  type: "Polygon",
  coordinates: [[
    [121.285, 31.175], [121.335, 31.178], [121.338, 31.2], [121.318, 31.203], [121.312, 31.19],
    [121.3, 31.196], [121.33, 31.212], [121.29, 31.214], [121.283, 31.196], [121.285, 31.175],
  ]],
};

describe("splitPolygon", () => {
  it("splits a concave polygon into 29 cells that tile it with no problem", () => {
    const cells = splitPolygon(OUTLINE, 29, { seed: 1 });
    expect(cells).toHaveLength(29);
    const problems = checkTiling({ id: "parent", geometry: OUTLINE }, cells.map((geometry, i) => ({ id: `c${i}`, geometry })));
    expect(problems.filter((p) => p.severity === "error")).toEqual([]);
    const total = cells.reduce((sum, c) => sum + areaM2(c), 0);
    // Areas are planar in an equal-area projection, so a cut vertex adds a few m² per km²: 1e-5 relative.
    expect(Math.abs(total - areaM2(OUTLINE)) / areaM2(OUTLINE)).toBeLessThan(1e-5);
  });

  it("gives cells of roughly equal area", () => {
    const areas = splitPolygon(OUTLINE, 16, { seed: 3 }).map(areaM2);
    expect(Math.max(...areas) / Math.min(...areas)).toBeLessThan(3);
  });

  it("gives the same cells for the same seed and different cells for another seed", () => {
    const a = splitPolygon(OUTLINE, 12, { seed: 42 });
    expect(splitPolygon(OUTLINE, 12, { seed: 42 })).toEqual(a);
    expect(splitPolygon(OUTLINE, 12, { seed: 43 })).not.toEqual(a);
  });

  it("returns the polygon itself for one cell and rejects a count below one", () => {
    expect(splitPolygon(OUTLINE, 1, { seed: 1 })).toEqual([OUTLINE]);
    expect(() => splitPolygon(OUTLINE, 0, { seed: 1 })).toThrow(RangeError);
  });

  it("yields cells the grid index resolves like brute force, boundary points included", () => {
    const cells = splitPolygon(OUTLINE, 40, { seed: 9 }).map((geometry, i) => ({ id: `c${String(i).padStart(2, "0")}`, geometry }));
    const index = buildGridIndex(cells);
    const rng = createRng(5);
    for (let n = 0; n < 20_000; n++) {
      const cell = cells[Math.floor(rng() * cells.length)]!;
      const ring = cell.geometry.type === "Polygon" ? cell.geometry.coordinates[0]! : cell.geometry.coordinates[0]![0]!;
      const k = Math.floor(rng() * (ring.length - 1));
      const t = n % 2 === 0 ? 0 : rng();
      const [lng, lat] = [ring[k]![0] + t * (ring[k + 1]![0] - ring[k]![0]), ring[k]![1] + t * (ring[k + 1]![1] - ring[k]![1])];
      expect(index.locate(lng, lat)).toBe(cells.find((c) => pointInGeometry(lng, lat, c.geometry))?.id ?? null);
    }
  });
});

describe("latticeTiling", () => {
  it("tiles its bounding box with no problem", () => {
    const bbox = [121.28, 31.17, 121.34, 31.22] as const;
    const cells = latticeTiling([...bbox], 8, 6, 11);
    const parent: GridGeometry = { type: "Polygon", coordinates: [[[bbox[0], bbox[1]], [bbox[2], bbox[1]], [bbox[2], bbox[3]], [bbox[0], bbox[3]], [bbox[0], bbox[1]]]] };
    expect(cells).toHaveLength(48);
    expect(checkTiling({ id: "box", geometry: parent }, cells.map((geometry, i) => ({ id: `c${i}`, geometry })))).toEqual([]);
  });

  it("is deterministic for a seed", () => {
    expect(latticeTiling([0, 0, 1, 1], 5, 5, 8)).toEqual(latticeTiling([0, 0, 1, 1], 5, 5, 8));
    expect(latticeTiling([0, 0, 1, 1], 5, 5, 8)).not.toEqual(latticeTiling([0, 0, 1, 1], 5, 5, 9));
  });
});
