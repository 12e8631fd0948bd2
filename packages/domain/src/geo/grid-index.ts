import Flatbush from "flatbush";
import { bboxOf, crossesEastRay } from "./polygon";
import type { GridGeometry } from "./types";
import { polygonsOf } from "./types";

/** One grid to index: its id and boundary (WGS84). */
export interface IndexedGrid {
  /** Grid id, returned by lookups and used for the deterministic tie-break. */
  id: string;
  /** Boundary, WGS84 Polygon or MultiPolygon. */
  geometry: GridGeometry;
}

/** An immutable in-memory point-location index over grid polygons. */
export interface GridIndex {
  /** Number of grids indexed. */
  readonly size: number;
  /**
   * The grid containing WGS84 `(lng, lat)`, or null outside every grid. Boundary points follow
   * pointInRing's half-open rule; if grids overlap, the smallest id wins, so answers never vary.
   */
  locate(lng: number, lat: number): string | null;
  /** Every grid containing the point, ids ascending (more than one only where grids overlap). */
  locateAll(lng: number, lat: number): string[];
}

/**
 * A grid whose bounding box spans more buckets than this goes to a small R-tree of large grids
 * instead, so that a few big or heavily overlapping grids cannot blow up the bucket lists.
 */
const MAX_BUCKETS_PER_GRID = 16;

/**
 * Every grid's rings in one Float64Array, so a lookup reads contiguous memory instead of chasing
 * nested arrays (at 50,000 grids those pointer chases, each a cache miss, were most of the time).
 * Grid g's record starts at `start[g]`: polygon count, then per polygon its ring count, then per
 * ring its position count and the positions `x0, y0, x1, y1, …` as GeoJSON gives them.
 */
interface PackedGeometry {
  data: Float64Array;
  start: Int32Array;
}

function pack(geometries: readonly GridGeometry[]): PackedGeometry {
  let length = 0;
  for (const g of geometries) {
    const polygons = polygonsOf(g);
    length += 1;
    for (const rings of polygons) {
      length += 1;
      for (const ring of rings) length += 1 + 2 * ring.length;
    }
  }
  const data = new Float64Array(length);
  const start = new Int32Array(geometries.length);
  let o = 0;
  geometries.forEach((g, i) => {
    start[i] = o;
    const polygons = polygonsOf(g);
    data[o++] = polygons.length;
    for (const rings of polygons) {
      data[o++] = rings.length;
      for (const ring of rings) {
        data[o++] = ring.length;
        for (const [x, y] of ring) {
          data[o++] = x;
          data[o++] = y;
        }
      }
    }
  });
  return { data, start };
}

/** pointInRing (polygon.ts) on the `m` positions at `data[o…]`: the same edges, the same rule. */
function inPackedRing(data: Float64Array, o: number, m: number, x: number, y: number): boolean {
  if (m === 0) return false;
  const end = o + 2 * m;
  let inside = false;
  let jx = data[end - 2]!, jy = data[end - 1]!;
  for (let k = o; k < end; k += 2) {
    const ix = data[k]!, iy = data[k + 1]!;
    if (crossesEastRay(ix, iy, jx, jy, x, y)) inside = !inside;
    jx = ix;
    jy = iy;
  }
  return inside;
}

/** pointInGeometry (polygon.ts) on grid g's packed record: some polygon's outer ring and none of its holes. */
function inPackedGrid(packed: PackedGeometry, g: number, x: number, y: number): boolean {
  const data = packed.data;
  let o = packed.start[g]!;
  const polygons = data[o++]!;
  for (let p = 0; p < polygons; p++) {
    const rings = data[o++]!;
    let inside = false;
    for (let r = 0; r < rings; r++) {
      const m = data[o++]!;
      // The outer ring decides first; a hole can only take the point out again.
      if (r === 0) inside = inPackedRing(data, o, m, x, y);
      else if (inside && inPackedRing(data, o, m, x, y)) inside = false;
      o += 2 * m;
    }
    if (inside) return true;
  }
  return false;
}

/** The middle value of a list (the upper one of an even list); 0 for an empty one. */
function middle(values: Float64Array): number {
  if (values.length === 0) return 0;
  return values.sort()[values.length >> 1]!;
}

/**
 * Builds a GridIndex. Grids are ranked by id (the tie-break is the lowest rank). Their bounding
 * boxes go into a uniform grid of buckets the size of a typical grid's box (a grid is listed in
 * about four, a bucket lists about six), each bucket listing the grids whose box touches it in
 * rank order, with the boxes copied beside the ranks so a bucket is one contiguous read. Grids
 * spanning more than MAX_BUCKETS_PER_GRID buckets go to a small flatbush R-tree instead. A lookup
 * finds its bucket by arithmetic, rejects candidates by box and runs the exact point-in-polygon
 * test (pointInRing's rule) on the rest. Rebuild it when grids change; it is never mutated.
 */
export function buildGridIndex(grids: readonly IndexedGrid[]): GridIndex {
  const sorted = [...grids].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (let i = 1; i < sorted.length; i++) {
    if (sorted[i]!.id === sorted[i - 1]!.id) throw new Error(`duplicate grid id in index: ${sorted[i]!.id}`);
  }
  const n = sorted.length;
  const ids = sorted.map((g) => g.id);
  const packed = pack(sorted.map((g) => g.geometry));

  // Boxes; a grid without positions (an infinite, inverted box) can contain no point and is left out.
  const boxes = new Float64Array(4 * n);
  const indexed: number[] = [];
  let minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
  for (let g = 0; g < n; g++) {
    const [x0, y0, x1, y1] = bboxOf(sorted[g]!.geometry);
    boxes.set([x0, y0, x1, y1], 4 * g);
    if (!(x0 <= x1 && y0 <= y1)) continue;
    indexed.push(g);
    if (x0 < minX) minX = x0;
    if (y0 < minY) minY = y0;
    if (x1 > maxX) maxX = x1;
    if (y1 > maxY) maxY = y1;
  }
  if (indexed.length === 0) return { size: n, locate: () => null, locateAll: () => [] };

  // Bucket size: the middle box width and height, but no more than 4 buckets per grid overall. At
  // 50,000 grids, half that size measured no faster and listed 2.2× the entries (bench/locate.ts).
  const width = maxX - minX, height = maxY - minY;
  let bucketW = middle(Float64Array.from(indexed, (g) => boxes[4 * g + 2]! - boxes[4 * g]!));
  let bucketH = middle(Float64Array.from(indexed, (g) => boxes[4 * g + 3]! - boxes[4 * g + 1]!));
  if (!(bucketW > 0)) bucketW = width || 1;
  if (!(bucketH > 0)) bucketH = height || 1;
  const maxBuckets = Math.max(16, 4 * indexed.length);
  let cols = 1, rows = 1;
  for (;;) {
    cols = Math.max(1, Math.ceil(width / bucketW));
    rows = Math.max(1, Math.ceil(height / bucketH));
    if (cols * rows <= maxBuckets) break;
    const grow = Math.sqrt((cols * rows) / maxBuckets) * 1.01;
    bucketW *= grow;
    bucketH *= grow;
  }
  // A point's column is floor((x - minX) * scaleX), clamped. Subtracting, scaling and flooring are
  // each monotone in floating point, so a point inside a box always falls in a bucket the box was
  // listed in: the same function places both.
  const scaleX = width > 0 ? cols / width : 0;
  const scaleY = height > 0 ? rows / height : 0;
  const colOf = (x: number) => Math.min(cols - 1, Math.floor((x - minX) * scaleX));
  const rowOf = (y: number) => Math.min(rows - 1, Math.floor((y - minY) * scaleY));

  // Two passes: count each bucket's entries, then fill them in rank order.
  const bucketStart = new Int32Array(cols * rows + 1);
  const large: number[] = [];
  const small: number[] = [];
  for (const g of indexed) {
    const c0 = colOf(boxes[4 * g]!), c1 = colOf(boxes[4 * g + 2]!);
    const r0 = rowOf(boxes[4 * g + 1]!), r1 = rowOf(boxes[4 * g + 3]!);
    if ((c1 - c0 + 1) * (r1 - r0 + 1) > MAX_BUCKETS_PER_GRID) {
      large.push(g);
      continue;
    }
    small.push(g);
    for (let r = r0; r <= r1; r++) for (let c = c0; c <= c1; c++) bucketStart[r * cols + c + 1]!++;
  }
  for (let b = 0; b < cols * rows; b++) bucketStart[b + 1]! += bucketStart[b]!;
  const entryGrid = new Int32Array(bucketStart[cols * rows]!);
  const entryBox = new Float64Array(4 * entryGrid.length);
  const fill = bucketStart.slice(0, cols * rows);
  for (const g of small) {
    const c0 = colOf(boxes[4 * g]!), c1 = colOf(boxes[4 * g + 2]!);
    const r0 = rowOf(boxes[4 * g + 1]!), r1 = rowOf(boxes[4 * g + 3]!);
    for (let r = r0; r <= r1; r++) {
      for (let c = c0; c <= c1; c++) {
        const k = fill[r * cols + c]!++;
        entryGrid[k] = g;
        entryBox.set(boxes.subarray(4 * g, 4 * g + 4), 4 * k);
      }
    }
  }

  // Large grids: an R-tree over their boxes (node size 4: fewer boxes scanned per level).
  const largeTree = large.length > 0 ? new Flatbush(large.length, 4) : null;
  if (largeTree) {
    for (const g of large) largeTree.add(boxes[4 * g]!, boxes[4 * g + 1]!, boxes[4 * g + 2]!, boxes[4 * g + 3]!);
    largeTree.finish();
  }
  const largeRank = Int32Array.from(large);

  /** The lowest-ranked grid of a bucket containing the point (entries are in rank order), or -1. */
  const firstInBucket = (x: number, y: number): number => {
    if (!(x >= minX && x <= maxX && y >= minY && y <= maxY)) return -1;
    const b = rowOf(y) * cols + colOf(x);
    for (let k = bucketStart[b]!, end = bucketStart[b + 1]!; k < end; k++) {
      const e = 4 * k;
      if (x < entryBox[e]! || y < entryBox[e + 1]! || x > entryBox[e + 2]! || y > entryBox[e + 3]!) continue;
      const g = entryGrid[k]!;
      if (inPackedGrid(packed, g, x, y)) return g;
    }
    return -1;
  };
  /** Every grid of the point's bucket containing it, ranks ascending. */
  const allInBucket = (x: number, y: number): number[] => {
    const out: number[] = [];
    if (!(x >= minX && x <= maxX && y >= minY && y <= maxY)) return out;
    const b = rowOf(y) * cols + colOf(x);
    for (let k = bucketStart[b]!, end = bucketStart[b + 1]!; k < end; k++) {
      const g = entryGrid[k]!;
      if (x >= boxes[4 * g]! && y >= boxes[4 * g + 1]! && x <= boxes[4 * g + 2]! && y <= boxes[4 * g + 3]! && inPackedGrid(packed, g, x, y)) out.push(g);
    }
    return out;
  };
  /** Large grids containing the point, ranks in no particular order. */
  const allLarge = (x: number, y: number): number[] =>
    largeTree ? largeTree.search(x, y, x, y).map((i) => largeRank[i]!).filter((g) => inPackedGrid(packed, g, x, y)) : [];
  // One filter for every lookup among the large grids (no closure or array per call): it keeps the
  // lowest rank containing the point and always answers false, so search returns an empty array.
  // Lookups are synchronous, so this state is never shared by two at once; the query sits in a
  // Float64Array because a captured, reassigned number would be boxed on every write.
  const query = new Float64Array(2);
  let best = -1;
  const keepLowest = (i: number): boolean => {
    const g = largeRank[i]!;
    if ((best === -1 || g < best) && inPackedGrid(packed, g, query[0]!, query[1]!)) best = g;
    return false;
  };

  return {
    size: n,
    locate(lng, lat) {
      best = firstInBucket(lng, lat);
      if (largeTree) {
        query[0] = lng;
        query[1] = lat;
        largeTree.search(lng, lat, lng, lat, keepLowest);
      }
      return best === -1 ? null : ids[best]!;
    },
    locateAll(lng, lat) {
      return [...allInBucket(lng, lat), ...allLarge(lng, lat)].sort((a, b) => a - b).map((g) => ids[g]!);
    },
  };
}
