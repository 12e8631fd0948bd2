import { describe, expect, it } from "vitest";
import { fromWgs84, gcj02ToBd09, geometryFromWgs84, wgs84ToGcj02 } from "./coords";

// Reference values from gcoord 1.0.7 (what the API converts with).
const HONGQIAO_STATION_WGS84: [number, number] = [121.31738415830571, 31.196363800782283];
const HONGQIAO_STATION_GCJ02: [number, number] = [121.32190002303066, 31.19440002245173];
const HONGQIAO_STATION_BD09: [number, number] = [121.32830130350827, 31.200760748854716];

/** Metres between two nearby points (equirectangular; exact enough below a kilometre). */
function metres(a: [number, number], b: [number, number]): number {
  const rad = Math.PI / 180;
  const x = (b[0] - a[0]) * rad * Math.cos(((a[1] + b[1]) / 2) * rad);
  const y = (b[1] - a[1]) * rad;
  return Math.hypot(x, y) * 6_371_008.8;
}

describe("drawing WGS84 grids on a Chinese basemap", () => {
  it("shifts the API's WGS84 point of Hongqiao station back onto the GCJ-02 coordinate that was typed", () => {
    expect(metres(wgs84ToGcj02(HONGQIAO_STATION_WGS84), HONGQIAO_STATION_GCJ02)).toBeLessThan(0.01);
    expect(metres(fromWgs84(HONGQIAO_STATION_WGS84, "gcj02"), [121.3219, 31.1944])).toBeLessThan(0.1);
  });

  it("converts to BD-09 through GCJ-02 as gcoord does", () => {
    expect(metres(gcj02ToBd09(HONGQIAO_STATION_GCJ02), HONGQIAO_STATION_BD09)).toBeLessThan(0.01);
    expect(metres(fromWgs84(HONGQIAO_STATION_WGS84, "bd09"), HONGQIAO_STATION_BD09)).toBeLessThan(0.01);
  });

  it("leaves WGS84 untouched and points outside China unshifted by GCJ-02", () => {
    expect(fromWgs84(HONGQIAO_STATION_WGS84, "wgs84")).toBe(HONGQIAO_STATION_WGS84);
    expect(wgs84ToGcj02([2.35, 48.85])).toEqual([2.35, 48.85]);
  });

  it("converts every vertex of polygons and multipolygons, keeping their nesting", () => {
    const ring = [HONGQIAO_STATION_WGS84, [121.32, 31.196], [121.32, 31.2], HONGQIAO_STATION_WGS84] as [number, number][];
    const polygon = geometryFromWgs84({ type: "Polygon", coordinates: [ring] }, "gcj02");
    expect(polygon.type).toBe("Polygon");
    expect(polygon.coordinates).toHaveLength(1);
    const first = (polygon.coordinates as number[][][])[0]![0]!;
    expect(metres([first[0]!, first[1]!], HONGQIAO_STATION_GCJ02)).toBeLessThan(0.01);

    const multi = geometryFromWgs84({ type: "MultiPolygon", coordinates: [[ring], [ring, ring]] }, "bd09");
    expect((multi.coordinates as number[][][][]).map((p) => p.length)).toEqual([1, 2]);
    const vertex = (multi.coordinates as number[][][][])[1]![1]![0]!;
    expect(metres([vertex[0]!, vertex[1]!], HONGQIAO_STATION_BD09)).toBeLessThan(0.01);
  });
});
