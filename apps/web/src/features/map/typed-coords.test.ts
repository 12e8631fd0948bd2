import { describe, expect, it } from "vitest";
import { formatLngLat, parseCoordinate, parseLngLatPair } from "./typed-coords";

describe("typed coordinates", () => {
  it("shows six decimals", () => {
    expect(formatLngLat(121.3219, 31.1944)).toBe("121.321900, 31.194400");
  });

  it("accepts decimal degrees in range and refuses anything else", () => {
    expect(parseCoordinate(" 121.3219 ", "lng")).toBe(121.3219);
    expect(parseCoordinate("-33.5", "lat")).toBe(-33.5);
    expect(parseCoordinate("91", "lat")).toBeNull();
    expect(parseCoordinate("181", "lng")).toBeNull();
    expect(parseCoordinate("", "lng")).toBeNull();
    expect(parseCoordinate("121,32", "lng")).toBeNull();
    expect(parseCoordinate("1e2", "lng")).toBeNull();
  });

  it("reads a pasted pair in either order, with a comma, a full-width comma or a space", () => {
    expect(parseLngLatPair("121.3219,31.1944")).toEqual([121.3219, 31.1944]);
    expect(parseLngLatPair("31.1944，121.3219")).toEqual([121.3219, 31.1944]);
    expect(parseLngLatPair(" 121.3219 31.1944 ")).toEqual([121.3219, 31.1944]);
    expect(parseLngLatPair("121.3219")).toBeNull();
    expect(parseLngLatPair("200,100")).toBeNull();
  });
});
