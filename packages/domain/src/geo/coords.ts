import type { TCrs } from "@caihong/contracts/constants";
import gcoord from "gcoord";
import type { Position } from "./types";

// The list is defined once in the contracts' constants (`ZCrs` is built from it); re-exported for the CLI flags.
export { CRS_VALUES } from "@caihong/contracts/constants";

/**
 * Coordinate systems a point may arrive in: WGS84 (GPS, OSM, Open311; what we store), GCJ-02
 * (AMap, Tencent, WeChat) and BD-09 (Baidu). CGCS2000 (天地图) is treated as WGS84.
 */
export type Crs = TCrs;

const GCOORD_CRS = { wgs84: gcoord.WGS84, gcj02: gcoord.GCJ02, bd09: gcoord.BD09 } as const;

/** Mean Earth radius in metres (IUGG), used by every distance and area formula here. */
export const EARTH_RADIUS_M = 6_371_008.8;

function assertLngLat(lng: number, lat: number): void {
  if (!Number.isFinite(lng) || !Number.isFinite(lat) || lng < -180 || lng > 180 || lat < -90 || lat > 90) {
    throw new RangeError(`not a longitude/latitude pair: (${lng}, ${lat})`);
  }
}

/**
 * Converts a point between coordinate systems; throws RangeError on a non-finite or out-of-range
 * pair. GCJ-02 → WGS84 is gcoord's iterative inverse (round trip within millimetres at Shanghai);
 * outside China GCJ-02 applies no offset, as the vendors do.
 */
export function convertPoint(lng: number, lat: number, from: Crs, to: Crs): Position {
  assertLngLat(lng, lat);
  if (from === to) return [lng, lat];
  // gcoord returns a fresh array for a position input; we still pass our own copy, never the caller's.
  const [x, y] = gcoord.transform<[number, number]>([lng, lat], GCOORD_CRS[from], GCOORD_CRS[to]);
  return [x, y];
}

/** Converts an incoming point to WGS84 for storage ("convert on the way in"). */
export function toWgs84(lng: number, lat: number, from: Crs): Position {
  return convertPoint(lng, lat, from, "wgs84");
}

/** Converts a stored WGS84 point for drawing on a basemap in another system. */
export function fromWgs84(lng: number, lat: number, to: Crs): Position {
  return convertPoint(lng, lat, "wgs84", to);
}

/** Great-circle distance in metres between two `[lng, lat]` points (haversine). */
export function haversineM(a: Position, b: Position): number {
  const rad = Math.PI / 180;
  const dLat = (b[1] - a[1]) * rad;
  const dLng = (b[0] - a[0]) * rad;
  const h = Math.sin(dLat / 2) ** 2 + Math.cos(a[1] * rad) * Math.cos(b[1] * rad) * Math.sin(dLng / 2) ** 2;
  return 2 * EARTH_RADIUS_M * Math.asin(Math.min(1, Math.sqrt(h)));
}
