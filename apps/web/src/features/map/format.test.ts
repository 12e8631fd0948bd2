import { describe, expect, it } from "vitest";
import { formatArea } from "./format";
import { interactiveLevel } from "./map-styles";

describe("map formatting", () => {
  it("shows large areas in km² and small ones in m²", () => {
    expect(formatArea(1_234_567, "zh-CN")).toBe("1.23 km²");
    expect(formatArea(45_678.4, "en")).toBe("45,678 m²");
    expect(formatArea(null, "zh-CN")).toBe("");
  });

  it("lets the finest visible level take the clicks", () => {
    expect(interactiveLevel([1, 2, 3, 4])).toBe(4);
    expect(interactiveLevel([2, 1, 3])).toBe(3);
    expect(interactiveLevel([1])).toBe(1);
    expect(interactiveLevel([])).toBeNull();
  });
});
