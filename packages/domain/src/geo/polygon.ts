import { orient2d } from "robust-predicates";
import { EARTH_RADIUS_M } from "./coords";
import type { BBox, GridGeometry, Position, Ring } from "./types";
import { polygonsOf } from "./types";

/**
 * Whether the edge between `(ax, ay)` and `(bx, by)` (either way round) counts as a crossing of
 * the eastward ray from `(x, y)` under pointInRing's half-open rule: the point's height is in
 * [lower end, upper end) and the point lies strictly left of the upward edge. The edge is taken
 * lower end first, so both neighbours of a shared edge evaluate it identically. An edge wholly east
 * or wholly west of the point is decided by comparisons alone (exact: within its height range such
 * an edge lies strictly on one side); only a point between the two ends' longitudes needs the
 * orientation test, and robust-predicates' orient2d is exact there, cheap in floating point away
 * from the edge and adaptive within its error bound of it.
 */
export function crossesEastRay(ax: number, ay: number, bx: number, by: number, x: number, y: number): boolean {
  let lx: number, ly: number, ux: number, uy: number;
  if (ay < by) {
    lx = ax; ly = ay; ux = bx; uy = by;
  } else {
    lx = bx; ly = by; ux = ax; uy = ay;
  }
  // Horizontal edges (equal y) never cross the eastward ray of a point nudged north.
  if (y < ly || y >= uy) return false;
  if (x < lx && x < ux) return true;
  if (x > lx && x > ux) return false;
  // robust-predicates' orient2d is negative when (x, y) lies left of lower→upper.
  return orient2d(lx, ly, ux, uy, x, y) < 0;
}

/**
 * Whether `(x, y)` is inside a ring, by the crossing-number test with a half-open rule that makes
 * boundary points deterministic: a point is treated as if moved an infinitesimal step east and an
 * even smaller step north. So a point on a boundary belongs to the cell that lies east of it (or
 * north of it, on an east–west edge); a vertex shared by four cells of a grid belongs to the
 * north-east one; points on the east or north edge of the whole tiling are outside. Each edge is
 * tested by crossesEastRay (lower end first, exact orientation), so a shared edge gets the same
 * answer from both neighbours and every point of a tiling lands in exactly one cell.
 */
export function pointInRing(x: number, y: number, ring: readonly Position[]): boolean {
  let inside = false;
  const n = ring.length;
  for (let i = 0, j = n - 1; i < n; j = i++) {
    const pi = ring[i]!;
    const pj = ring[j]!;
    if (crossesEastRay(pi[0], pi[1], pj[0], pj[1], x, y)) inside = !inside;
  }
  return inside;
}

/** Whether `(lng, lat)` is inside one polygon (outer ring minus holes), with pointInRing's boundary rule. */
export function pointInPolygon(lng: number, lat: number, rings: readonly Ring[]): boolean {
  const outer = rings[0];
  if (!outer || !pointInRing(lng, lat, outer)) return false;
  for (let h = 1; h < rings.length; h++) if (pointInRing(lng, lat, rings[h]!)) return false;
  return true;
}

/** Whether `(lng, lat)` is inside a Polygon or MultiPolygon, with pointInRing's boundary rule. */
export function pointInGeometry(lng: number, lat: number, geometry: GridGeometry): boolean {
  for (const rings of polygonsOf(geometry)) if (pointInPolygon(lng, lat, rings)) return true;
  return false;
}

/** Bounding box `[minLng, minLat, maxLng, maxLat]` of a geometry's outer rings. */
export function bboxOf(geometry: GridGeometry): BBox {
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (const rings of polygonsOf(geometry)) {
    for (const [x, y] of rings[0] ?? []) {
      if (x < minX) minX = x;
      if (y < minY) minY = y;
      if (x > maxX) maxX = x;
      if (y > maxY) maxY = y;
    }
  }
  return [minX, minY, maxX, maxY];
}

/**
 * Area of a ring in m², unsigned, by the formula of Chamberlain & Duquette ("Some algorithms for
 * polygons on a sphere", JPL 2007; the one turf uses): the shoelace area in the Lambert
 * cylindrical equal-area projection (x = λ, y = sin φ) on a sphere of radius EARTH_RADIUS_M.
 * Edges are straight in that projection, not in lng/lat, so splitting an edge changes the sum by
 * a few parts per million at city scale: far below survey error for grids.
 */
export function ringAreaM2(ring: readonly Position[]): number {
  const n = ring.length;
  if (n < 4) return 0;
  const rad = Math.PI / 180;
  let sum = 0;
  // The ring is closed, so walk the n - 1 distinct vertices with wrap-around neighbours.
  const m = n - 1;
  for (let i = 0; i < m; i++) {
    const prev = ring[(i + m - 1) % m]!;
    const cur = ring[i]!;
    const next = ring[(i + 1) % m]!;
    sum += (next[0] - prev[0]) * rad * Math.sin(cur[1] * rad);
  }
  return Math.abs((sum * EARTH_RADIUS_M * EARTH_RADIUS_M) / 2);
}

/** Area of a Polygon or MultiPolygon in m²: outer rings minus holes (see ringAreaM2). */
export function areaM2(geometry: GridGeometry): number {
  let total = 0;
  for (const rings of polygonsOf(geometry)) {
    rings.forEach((ring, i) => (total += i === 0 ? ringAreaM2(ring) : -ringAreaM2(ring)));
  }
  return Math.max(0, total);
}

/**
 * Area-weighted centroid `[lng, lat]` of a geometry (holes subtract), computed in degrees around
 * the first vertex; the east–west scale factor cos(lat) is constant at city scale, so it cancels.
 * May fall outside a concave polygon; returns null for a geometry with no area.
 */
export function centroidOf(geometry: GridGeometry): Position | null {
  const polygons = polygonsOf(geometry);
  const origin = polygons[0]?.[0]?.[0];
  if (!origin) return null;
  const [ox, oy] = origin;
  let weight = 0, cx = 0, cy = 0;
  for (const rings of polygons) {
    rings.forEach((ring, r) => {
      let a2 = 0, sx = 0, sy = 0;
      for (let i = 0; i + 1 < ring.length; i++) {
        const x0 = ring[i]![0] - ox, y0 = ring[i]![1] - oy;
        const x1 = ring[i + 1]![0] - ox, y1 = ring[i + 1]![1] - oy;
        const cross = x0 * y1 - x1 * y0;
        a2 += cross;
        sx += (x0 + x1) * cross;
        sy += (y0 + y1) * cross;
      }
      if (a2 === 0) return;
      // Outer rings count positive and holes negative, whatever their winding.
      const w = (r === 0 ? 1 : -1) * Math.abs(a2 / 2);
      cx += w * (sx / (3 * a2));
      cy += w * (sy / (3 * a2));
      weight += w;
    });
  }
  if (weight <= 0) return null;
  return [ox + cx / weight, oy + cy / weight];
}
