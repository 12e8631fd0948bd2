import { fromWgs84, haversineM, toWgs84 } from "@caihong/domain/geo/coords";
import { describe, expect, it } from "vitest";
import { geometryOnBasemap, latLngOnBasemap, type LngLat } from "./basemap";

// Reference values from gcoord 1.0.7 (what the API converts with).
const HONGQIAO_STATION_WGS84: LngLat = [121.31738415830571, 31.196363800782283];
const HONGQIAO_STATION_GCJ02: LngLat = [121.32190002303066, 31.19440002245173];
const HONGQIAO_STATION_BD09: LngLat = [121.32830130350827, 31.200760748854716];

describe("drawing WGS84 grids on a Chinese basemap", () => {
  it("shifts the API's WGS84 point of Hongqiao station back onto the GCJ-02 coordinate that was typed", () => {
    expect(haversineM(fromWgs84(...HONGQIAO_STATION_WGS84, "gcj02"), HONGQIAO_STATION_GCJ02)).toBeLessThan(0.01);
    expect(haversineM(fromWgs84(...HONGQIAO_STATION_WGS84, "gcj02"), [121.3219, 31.1944])).toBeLessThan(0.1);
  });

  it("converts to BD-09 as gcoord does", () => {
    expect(haversineM(fromWgs84(...HONGQIAO_STATION_WGS84, "bd09"), HONGQIAO_STATION_BD09)).toBeLessThan(0.01);
  });

  it("leaves WGS84 untouched and points outside China unshifted by GCJ-02", () => {
    expect(fromWgs84(...HONGQIAO_STATION_WGS84, "wgs84")).toEqual(HONGQIAO_STATION_WGS84);
    expect(fromWgs84(2.35, 48.85, "gcj02")).toEqual([2.35, 48.85]);
  });

  it("gives Leaflet latitude first", () => {
    const [lat, lng] = latLngOnBasemap(...HONGQIAO_STATION_WGS84, "gcj02");
    expect(haversineM([lng, lat], HONGQIAO_STATION_GCJ02)).toBeLessThan(0.01);
    expect(latLngOnBasemap(121.3, 31.2, "wgs84")).toEqual([31.2, 121.3]);
  });

  it("puts a point tapped on a GCJ-02 or BD-09 basemap back where it was drawn from", () => {
    for (const crs of ["gcj02", "bd09"] as const) {
      const drawn = fromWgs84(...HONGQIAO_STATION_WGS84, crs);
      expect(haversineM(toWgs84(...drawn, crs), HONGQIAO_STATION_WGS84)).toBeLessThan(0.1);
    }
  });

  it("converts every vertex of polygons and multipolygons, keeping their nesting", () => {
    const ring = [HONGQIAO_STATION_WGS84, [121.32, 31.196], [121.32, 31.2], HONGQIAO_STATION_WGS84] as LngLat[];
    const polygon = geometryOnBasemap({ type: "Polygon", coordinates: [ring] }, "gcj02");
    expect(polygon.type).toBe("Polygon");
    expect(polygon.coordinates).toHaveLength(1);
    const first = (polygon.coordinates as number[][][])[0]![0]!;
    expect(haversineM([first[0]!, first[1]!], HONGQIAO_STATION_GCJ02)).toBeLessThan(0.01);

    const multi = geometryOnBasemap({ type: "MultiPolygon", coordinates: [[ring], [ring, ring]] }, "bd09");
    expect((multi.coordinates as number[][][][]).map((p) => p.length)).toEqual([1, 2]);
    const vertex = (multi.coordinates as number[][][][])[1]![1]![0]!;
    expect(haversineM([vertex[0]!, vertex[1]!], HONGQIAO_STATION_BD09)).toBeLessThan(0.01);
  });

  it("returns a WGS84 boundary as it is", () => {
    const ring = [HONGQIAO_STATION_WGS84, [121.32, 31.196], [121.32, 31.2], HONGQIAO_STATION_WGS84] as LngLat[];
    const geometry = { type: "Polygon" as const, coordinates: [ring] };
    expect(geometryOnBasemap(geometry, "wgs84")).toBe(geometry);
  });
});
