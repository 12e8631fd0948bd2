/** A GeoJSON position, WGS84 `[lng, lat]` in degrees unless a function says otherwise. */
export type Position = [number, number];

/** A linear ring: closed (first position equals last), at least 4 positions. */
export type Ring = Position[];

/** GeoJSON Polygon: an outer ring followed by zero or more holes. */
export interface PolygonGeometry {
  type: "Polygon";
  coordinates: Ring[];
}

/** GeoJSON MultiPolygon: several polygons, each an outer ring plus holes. */
export interface MultiPolygonGeometry {
  type: "MultiPolygon";
  coordinates: Ring[][];
}

/** The geometry a grid boundary may have. */
export type GridGeometry = PolygonGeometry | MultiPolygonGeometry;

/** Bounding box `[minLng, minLat, maxLng, maxLat]`. */
export type BBox = [number, number, number, number];

/** The polygons of a geometry as a list of ring lists, whatever its type. */
export function polygonsOf(geometry: GridGeometry): Ring[][] {
  return geometry.type === "Polygon" ? [geometry.coordinates] : geometry.coordinates;
}
