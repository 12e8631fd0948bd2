import polygonClipping from "polygon-clipping";
import type { Geom, MultiPolygon as ClipMultiPolygon } from "polygon-clipping";
import type { BBox, GridGeometry } from "./types";

// Thin typed wrappers over polygon-clipping (Martinez-style sweep line). It never mutates its
// input; it throws on some invalid input (e.g. non-finite coordinates), so callers check rings first.

function toClip(geometry: GridGeometry): Geom {
  return geometry.coordinates as Geom;
}

function fromClip(result: ClipMultiPolygon): GridGeometry | null {
  if (result.length === 0) return null;
  return result.length === 1 ? { type: "Polygon", coordinates: result[0]! } : { type: "MultiPolygon", coordinates: result };
}

/** The part two geometries share, or null if they share no area. */
export function intersect(a: GridGeometry, b: GridGeometry): GridGeometry | null {
  return fromClip(polygonClipping.intersection(toClip(a), toClip(b)));
}

/** The part of `a` outside all of `others`, or null if nothing is left. */
export function subtract(a: GridGeometry, ...others: GridGeometry[]): GridGeometry | null {
  return fromClip(polygonClipping.difference(toClip(a), ...others.map(toClip)));
}

/** The union of geometries, or null for none. */
export function unite(geometries: readonly GridGeometry[]): GridGeometry | null {
  const [first, ...rest] = geometries;
  if (!first) return null;
  return fromClip(polygonClipping.union(toClip(first), ...rest.map(toClip)));
}

/** The part of a geometry inside a bounding box, or null. */
export function clipToBBox(geometry: GridGeometry, [x0, y0, x1, y1]: BBox): GridGeometry | null {
  return intersect(geometry, { type: "Polygon", coordinates: [[[x0, y0], [x1, y0], [x1, y1], [x0, y1], [x0, y0]]] });
}

/** Splits a geometry into its polygons, each as a Polygon geometry. */
export function partsOf(geometry: GridGeometry): GridGeometry[] {
  return geometry.type === "Polygon" ? [geometry] : geometry.coordinates.map((coordinates) => ({ type: "Polygon", coordinates }));
}
