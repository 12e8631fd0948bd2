import type { TGridGeometry } from "@caihong/contracts";
import { fromWgs84, type Crs } from "@caihong/domain/geo/coords";
import type { Position } from "@caihong/domain/geo/types";

/** A `[lng, lat]` pair, as GeoJSON and the domain's coordinate functions take it. */
export type LngLat = Position;

/**
 * A grid boundary with every vertex converted for drawing on a basemap in `crs` (geometry is
 * stored in WGS84; the domain's `fromWgs84` does the conversion); WGS84 returns the same object.
 */
export function geometryOnBasemap(geometry: TGridGeometry, crs: Crs): TGridGeometry {
  if (crs === "wgs84") return geometry;
  const ring = (positions: number[][]) => positions.map((position) => fromWgs84(position[0]!, position[1]!, crs));
  if (geometry.type === "Polygon") return { type: "Polygon", coordinates: geometry.coordinates.map(ring) };
  return { type: "MultiPolygon", coordinates: geometry.coordinates.map((polygon) => polygon.map(ring)) };
}

/** Leaflet's `[lat, lng]` of a stored WGS84 point on a basemap in `crs`. */
export function latLngOnBasemap(lng: number, lat: number, crs: Crs): [number, number] {
  const [x, y] = fromWgs84(lng, lat, crs);
  return [y, x];
}
