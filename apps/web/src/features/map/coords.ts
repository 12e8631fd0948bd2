import type { TGridGeometry } from "@caihong/contracts";

/** Coordinate systems of tiles and typed coordinates: GPS/WGS84, AMap/Tencent/WeChat GCJ-02, Baidu BD-09. */
export type Crs = "wgs84" | "gcj02" | "bd09";

/** A `[lng, lat]` pair. */
export type LngLat = [number, number];

// Krasovsky 1940 ellipsoid, as the GCJ-02 obfuscation defines it.
const SEMI_MAJOR_AXIS = 6_378_245;
const ECCENTRICITY_SQUARED = 0.006_693_421_622_965_943;
const BD_X_PI = (Math.PI * 3000) / 180;

/** GCJ-02 leaves points outside mainland China unshifted, as the vendors do (same box as gcoord). */
function isOutsideChina(lng: number, lat: number): boolean {
  return lng < 72.004 || lng > 137.8347 || lat < 0.8293 || lat > 55.8271;
}

function offsetLat(x: number, y: number): number {
  let ret = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
  ret += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  ret += ((20 * Math.sin(y * Math.PI) + 40 * Math.sin((y / 3) * Math.PI)) * 2) / 3;
  ret += ((160 * Math.sin((y / 12) * Math.PI) + 320 * Math.sin((y * Math.PI) / 30)) * 2) / 3;
  return ret;
}

function offsetLng(x: number, y: number): number {
  let ret = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
  ret += ((20 * Math.sin(6 * x * Math.PI) + 20 * Math.sin(2 * x * Math.PI)) * 2) / 3;
  ret += ((20 * Math.sin(x * Math.PI) + 40 * Math.sin((x / 3) * Math.PI)) * 2) / 3;
  ret += ((150 * Math.sin((x / 12) * Math.PI) + 300 * Math.sin((x / 30) * Math.PI)) * 2) / 3;
  return ret;
}

/** WGS84 → GCJ-02 (the forward transform is closed-form; only the inverse needs iteration). */
export function wgs84ToGcj02([lng, lat]: LngLat): LngLat {
  if (isOutsideChina(lng, lat)) return [lng, lat];
  const radLat = (lat / 180) * Math.PI;
  const magic = 1 - ECCENTRICITY_SQUARED * Math.sin(radLat) ** 2;
  const sqrtMagic = Math.sqrt(magic);
  const dLat = (offsetLat(lng - 105, lat - 35) * 180) / (((SEMI_MAJOR_AXIS * (1 - ECCENTRICITY_SQUARED)) / (magic * sqrtMagic)) * Math.PI);
  const dLng = (offsetLng(lng - 105, lat - 35) * 180) / ((SEMI_MAJOR_AXIS / sqrtMagic) * Math.cos(radLat) * Math.PI);
  return [lng + dLng, lat + dLat];
}

/** GCJ-02 → BD-09. */
export function gcj02ToBd09([lng, lat]: LngLat): LngLat {
  const z = Math.sqrt(lng * lng + lat * lat) + 0.000_02 * Math.sin(lat * BD_X_PI);
  const theta = Math.atan2(lat, lng) + 0.000_003 * Math.cos(lng * BD_X_PI);
  return [z * Math.cos(theta) + 0.0065, z * Math.sin(theta) + 0.006];
}

/**
 * Converts a stored WGS84 point into the coordinate system of the basemap it is drawn on
 * (geometry is stored in WGS84; the server converts typed or clicked points on the way in).
 */
export function fromWgs84(point: LngLat, to: Crs): LngLat {
  if (to === "wgs84") return point;
  const gcj = wgs84ToGcj02(point);
  return to === "gcj02" ? gcj : gcj02ToBd09(gcj);
}

/** A grid boundary with every vertex converted for drawing; WGS84 returns the same object. */
export function geometryFromWgs84(geometry: TGridGeometry, to: Crs): TGridGeometry {
  if (to === "wgs84") return geometry;
  const ring = (positions: number[][]) => positions.map((position) => fromWgs84([position[0]!, position[1]!], to));
  if (geometry.type === "Polygon") return { type: "Polygon", coordinates: geometry.coordinates.map(ring) };
  return { type: "MultiPolygon", coordinates: geometry.coordinates.map((polygon) => polygon.map(ring)) };
}
