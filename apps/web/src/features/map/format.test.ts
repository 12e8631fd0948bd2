import { GRID_LEVEL } from "@caihong/domain/grids";
import { describe, expect, it } from "vitest";
import { formatArea } from "./format";
import { interactiveLevel } from "./map-styles";

const { subdistrict, disposal, autonomous, micro } = GRID_LEVEL;

describe("map formatting", () => {
  it("shows large areas in km² and small ones in m²", () => {
    expect(formatArea(1_234_567, "zh-CN")).toBe("1.23 km²");
    expect(formatArea(45_678.4, "en")).toBe("45,678 m²");
    expect(formatArea(null, "zh-CN")).toBe("");
  });

  it("lets the finest visible level take the clicks", () => {
    expect(interactiveLevel([subdistrict, disposal, autonomous, micro])).toBe(micro);
    expect(interactiveLevel([disposal, subdistrict, autonomous])).toBe(autonomous);
    expect(interactiveLevel([subdistrict])).toBe(subdistrict);
    expect(interactiveLevel([])).toBeNull();
  });
});
