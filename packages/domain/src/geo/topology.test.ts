import { describe, expect, it } from "vitest";
import { checkGeometry, checkTiling } from "./topology";
import type { GridGeometry, Ring } from "./types";

// Work near Xinhong so areas are in realistic m²: 0.001° ≈ 95 m east–west, 111 m north–south.
const X = 121.3, Y = 31.19, D = 0.001;
const sq = (i0: number, j0: number, i1: number, j1: number): Ring => [[X + i0 * D, Y + j0 * D], [X + i1 * D, Y + j0 * D], [X + i1 * D, Y + j1 * D], [X + i0 * D, Y + j1 * D], [X + i0 * D, Y + j0 * D]];
const poly = (...rings: Ring[]): GridGeometry => ({ type: "Polygon", coordinates: rings });
const parent = { id: "P", geometry: poly(sq(0, 0, 4, 4)) };
const codes = (problems: { code: string }[]) => problems.map((p) => p.code).sort();

describe("checkGeometry", () => {
  it("accepts a simple square", () => {
    expect(checkGeometry("a", poly(sq(0, 0, 1, 1)))).toEqual([]);
  });

  it("reports a ring with fewer than 4 positions", () => {
    const problems = checkGeometry("a", poly([[X, Y], [X + D, Y], [X, Y]]));
    expect(codes(problems)).toEqual(["INVALID_RING"]);
    expect(problems[0]!.messageEn).toMatch(/fewer than 4/);
    expect(problems[0]!.messageZh).toMatch(/少于 4/);
  });

  it("reports a ring that is not closed", () => {
    const problems = checkGeometry("a", poly([[X, Y], [X + D, Y], [X + D, Y + D], [X, Y + D]]));
    expect(codes(problems)).toEqual(["INVALID_RING"]);
    expect(problems[0]!.messageEn).toMatch(/not closed/);
  });

  it("reports a ring without area and one with invalid coordinates", () => {
    expect(codes(checkGeometry("a", poly([[X, Y], [X + D, Y], [X + 2 * D, Y], [X, Y]])))).toEqual(["INVALID_RING"]);
    expect(codes(checkGeometry("a", poly([[X, Y], [X + D, Number.NaN], [X + D, Y + D], [X, Y]])))).toEqual(["INVALID_RING"]);
    expect(codes(checkGeometry("a", { type: "MultiPolygon", coordinates: [] }))).toEqual(["INVALID_RING"]);
  });

  it("reports a bow-tie as a self-intersection at its crossing point", () => {
    const bowTie = poly([[X, Y], [X + D, Y + D], [X + D, Y], [X, Y + D], [X, Y]]);
    const problems = checkGeometry("bow", bowTie);
    expect(codes(problems)).toEqual(["SELF_INTERSECTION"]);
    expect(problems[0]!.gridIds).toEqual(["bow"]);
    expect(problems[0]!.location![0]).toBeCloseTo(X + D / 2, 9);
    expect(problems[0]!.location![1]).toBeCloseTo(Y + D / 2, 9);
  });

  it("reports a ring that passes through the same vertex twice, and a spike", () => {
    const figureEight = poly([[X, Y], [X + D, Y], [X + D, Y + D], [X + 2 * D, Y + D], [X + 2 * D, Y + 2 * D], [X + D, Y + 2 * D], [X + D, Y + D], [X, Y + D], [X, Y]]);
    expect(codes(checkGeometry("8", figureEight))).toEqual(["SELF_INTERSECTION"]);
    const spike = poly([[X, Y], [X + 2 * D, Y], [X + D, Y], [X + D, Y + D], [X, Y]]);
    expect(codes(checkGeometry("s", spike))).toContain("SELF_INTERSECTION");
  });

  it("reports a hole crossing its shell as a self-intersection", () => {
    expect(codes(checkGeometry("h", poly(sq(0, 0, 2, 2), sq(1, 1, 3, 3))))).toEqual(["HOLE", "SELF_INTERSECTION"]);
  });

  it("reports a hole as a warning with its area", () => {
    const problems = checkGeometry("h", poly(sq(0, 0, 3, 3), sq(1, 1, 2, 2)));
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ code: "HOLE", severity: "warning", gridIds: ["h"] });
    expect(problems[0]!.areaM2).toBeGreaterThan(10_000);
  });

  it("accepts a MultiPolygon of disjoint parts and ignores repeated positions", () => {
    expect(checkGeometry("m", { type: "MultiPolygon", coordinates: [[sq(0, 0, 1, 1)], [sq(2, 2, 3, 3)]] })).toEqual([]);
    expect(checkGeometry("r", poly([[X, Y], [X + D, Y], [X + D, Y], [X + D, Y + D], [X, Y]]))).toEqual([]);
  });
});

describe("checkTiling", () => {
  it("finds no problem in a clean tiling", () => {
    const children = [sq(0, 0, 2, 2), sq(2, 0, 4, 2), sq(0, 2, 4, 4)].map((r, i) => ({ id: `c${i}`, geometry: poly(r) }));
    expect(checkTiling(parent, children)).toEqual([]);
  });

  it("accepts a MultiPolygon child that wraps around another child", () => {
    const children = [
      { id: "multi", geometry: { type: "MultiPolygon", coordinates: [[sq(0, 0, 4, 1)], [sq(0, 3, 4, 4)]] } as GridGeometry },
      { id: "middle", geometry: poly(sq(0, 1, 4, 3)) },
    ];
    expect(checkTiling(parent, children)).toEqual([]);
  });

  it("checks every part of a MultiPolygon child: one part over a sibling, another outside the parent", () => {
    const children = [
      { id: "multi", geometry: { type: "MultiPolygon", coordinates: [[sq(0, 0, 2, 4)], [sq(5, 0, 6, 1)]] } as GridGeometry },
      { id: "east", geometry: poly(sq(1, 0, 4, 4)) },
    ];
    const problems = checkTiling(parent, children);
    expect(codes(problems)).toEqual(["CHILD_OUTSIDE_PARENT", "CHILD_OVERLAP"]);
    expect(problems.find((p) => p.code === "CHILD_OVERLAP")!.gridIds).toEqual(["multi", "east"]);
    expect(problems.find((p) => p.code === "CHILD_OUTSIDE_PARENT")!.location![0]).toBeCloseTo(X + 5.5 * D, 9);
  });

  it("accepts a child with a hole filled by another child, warning about the hole only", () => {
    const children = [{ id: "ring", geometry: poly(sq(0, 0, 4, 4), sq(1, 1, 3, 3)) }, { id: "core", geometry: poly(sq(1, 1, 3, 3)) }];
    expect(codes(checkTiling(parent, children))).toEqual(["HOLE"]);
  });

  it("reports a gap with its area and location", () => {
    const children = [sq(0, 0, 2, 4), sq(3, 0, 4, 4)].map((r, i) => ({ id: `c${i}`, geometry: poly(r) }));
    const problems = checkTiling(parent, children);
    expect(codes(problems)).toEqual(["COVERAGE_GAP"]);
    expect(problems[0]!.gridIds).toEqual(["P"]);
    expect(problems[0]!.location![0]).toBeCloseTo(X + 2.5 * D, 9);
    expect(problems[0]!.areaM2! / 42_300).toBeCloseTo(1, 1); // 1 × 4 cells of ≈ 95 m × 111 m
  });

  it("reports two overlapping children by name", () => {
    const children = [{ id: "a", geometry: poly(sq(0, 0, 3, 4)) }, { id: "b", geometry: poly(sq(2, 0, 4, 4)) }];
    const problems = checkTiling(parent, children);
    expect(codes(problems)).toEqual(["CHILD_OVERLAP"]);
    expect(problems[0]!.gridIds).toEqual(["a", "b"]);
    expect(problems[0]!.messageZh).toContain("重叠");
    expect(problems[0]!.location![0]).toBeCloseTo(X + 2.5 * D, 9);
  });

  it("reports a child sticking out of its parent", () => {
    const children = [{ id: "a", geometry: poly(sq(0, 0, 2, 4)) }, { id: "b", geometry: poly(sq(2, 0, 5, 4)) }];
    const problems = checkTiling(parent, children);
    expect(codes(problems)).toEqual(["CHILD_OUTSIDE_PARENT"]);
    expect(problems[0]!.gridIds).toEqual(["b", "P"]);
  });

  it("ignores slivers below the tolerance and reports them above it", () => {
    const sliver = 0.01; // in units of D: ≈ 1 m wide, ≈ 444 m long, ≈ 420 m²
    const children = [{ id: "a", geometry: poly(sq(0, 0, 2 - sliver, 4)) }, { id: "b", geometry: poly(sq(2, 0, 4, 4)) }];
    expect(checkTiling(parent, children, { toleranceM2: 1_000 })).toEqual([]);
    expect(codes(checkTiling(parent, children, { toleranceM2: 100 }))).toEqual(["COVERAGE_GAP"]);
  });

  it("reports a self-intersecting child and skips the gap check it would distort", () => {
    const bowTie = poly([[X + 2 * D, Y], [X + 4 * D, Y + 4 * D], [X + 4 * D, Y], [X + 2 * D, Y + 4 * D], [X + 2 * D, Y]]);
    const children = [{ id: "a", geometry: poly(sq(0, 0, 2, 4)) }, { id: "bow", geometry: bowTie }];
    const problems = checkTiling(parent, children);
    expect(codes(problems)).toEqual(["SELF_INTERSECTION"]);
    expect(problems[0]!.severity).toBe("error");
  });

  it("returns only the parent's own problems when the parent is invalid", () => {
    const bad = { id: "P", geometry: poly([[X, Y], [X + D, Y], [X, Y]]) };
    expect(codes(checkTiling(bad, [{ id: "a", geometry: poly(sq(0, 0, 1, 1)) }]))).toEqual(["INVALID_RING"]);
  });

  it("has nothing to check for a leaf grid", () => {
    expect(checkTiling(parent, [])).toEqual([]);
  });
});
