import { describe, expect, it } from "vitest";
import { GRID_LEVEL, isGridLevel } from "./levels";
import { ancestorAt, ancestorIds, pathIds } from "./path";

const MICRO = "/root/disposal/autonomous/micro/";

describe("grid paths", () => {
  it("name the grid at each level of a micro grid's path", () => {
    expect(ancestorAt(MICRO, GRID_LEVEL.subdistrict)).toBe("root");
    expect(ancestorAt(MICRO, GRID_LEVEL.disposal)).toBe("disposal");
    expect(ancestorAt(MICRO, GRID_LEVEL.autonomous)).toBe("autonomous");
    expect(ancestorAt(MICRO, GRID_LEVEL.micro)).toBe("micro");
  });

  it("answer null for a level below a shorter path, and for no path", () => {
    expect(ancestorAt("/root/disposal/", GRID_LEVEL.autonomous)).toBeNull();
    expect(ancestorAt(null, GRID_LEVEL.subdistrict)).toBeNull();
  });

  it("list the ancestors root first without the grid itself", () => {
    expect(ancestorIds(MICRO)).toEqual(["root", "disposal", "autonomous"]);
    expect(pathIds(MICRO)).toHaveLength(4);
    expect(ancestorIds("/root/")).toEqual([]);
  });

  it("know the four levels and nothing else", () => {
    expect([0, 1, 2, 3, 4, 5, 2.5].map(isGridLevel)).toEqual([false, true, true, true, true, false, false]);
  });
});
