import Flatbush from "flatbush";
import { orient2d } from "robust-predicates";
import { intersect, partsOf, subtract } from "./clip";
import type { IndexedGrid } from "./grid-index";
import { areaM2, bboxOf, centroidOf, ringAreaM2 } from "./polygon";
import type { GridGeometry, Position, Ring } from "./types";
import { polygonsOf } from "./types";

/** What is wrong with a grid's geometry or with how children tile their parent. */
export type TopologyProblemCode =
  | "INVALID_RING"
  | "SELF_INTERSECTION"
  | "HOLE"
  | "CHILD_OVERLAP"
  | "COVERAGE_GAP"
  | "CHILD_OUTSIDE_PARENT";

/** One problem found by the topology checks. */
export interface TopologyProblem {
  /** Stable code, for 422 responses and the topology report. */
  code: TopologyProblemCode;
  /** `error` breaks the tiling and must block a change; `warning` is worth a look (a hole). */
  severity: "error" | "warning";
  /** The grids involved: the grid itself, the two overlapping children, or child then parent. */
  gridIds: string[];
  /** Chinese message for staff. */
  messageZh: string;
  /** English message. */
  messageEn: string;
  /** A WGS84 point at or inside the problem, to show on the map. */
  location?: Position;
  /** Area of the overlap, gap or protruding part in m², where there is one. */
  areaM2?: number;
}

/** Options for checkTiling. */
export interface TilingCheckOptions {
  /** Overlaps, gaps and protrusions up to this area (m², each) are ignored as slivers; default 1. */
  toleranceM2?: number;
}

function problem(
  code: TopologyProblemCode,
  gridIds: string[],
  messageZh: string,
  messageEn: string,
  extra: { location?: Position; areaM2?: number } = {},
): TopologyProblem {
  return { code, severity: code === "HOLE" ? "warning" : "error", gridIds, messageZh, messageEn, ...extra };
}

const round = (n: number) => Math.round(n * 10) / 10;

/** Whether a ring has three positions not on one line (a signed-area test would call a bow-tie empty). */
function hasArea(ring: Ring): boolean {
  const [ax, ay] = ring[0]!;
  const b = ring.find(([x, y]) => x !== ax || y !== ay);
  return !!b && ring.some(([x, y]) => orient2d(ax, ay, b[0], b[1], x, y) !== 0);
}

function ringProblem(ring: Ring): { zh: string; en: string } | null {
  if (!Array.isArray(ring) || ring.length < 4) return { zh: "少于 4 个坐标点", en: "fewer than 4 positions" };
  for (const p of ring) {
    if (!Array.isArray(p) || p.length < 2 || !Number.isFinite(p[0]) || !Number.isFinite(p[1]) || Math.abs(p[0]) > 180 || Math.abs(p[1]) > 90) {
      return { zh: "含有无效的经纬度", en: "a position is not a valid longitude/latitude" };
    }
  }
  const first = ring[0]!, last = ring[ring.length - 1]!;
  if (first[0] !== last[0] || first[1] !== last[1]) return { zh: "首尾坐标不一致(未闭合)", en: "not closed (first and last positions differ)" };
  if (!hasArea(ring)) return { zh: "所有点共线,面积为零", en: "all positions are on one line, so it has no area" };
  return null;
}

interface Segment {
  ring: number;
  index: number;
  ringSize: number;
  ax: number;
  ay: number;
  bx: number;
  by: number;
}

/** Whether q lies on segment s (q collinear with it and within its box). */
function onSegment(s: Segment, qx: number, qy: number): boolean {
  return (
    orient2d(s.ax, s.ay, s.bx, s.by, qx, qy) === 0 &&
    qx >= Math.min(s.ax, s.bx) && qx <= Math.max(s.ax, s.bx) && qy >= Math.min(s.ay, s.by) && qy <= Math.max(s.ay, s.by)
  );
}

/**
 * Where two segments meet in a way a valid geometry forbids, or null. Forbidden: a proper crossing,
 * a collinear overlap of positive length, and (within one ring, for non-adjacent segments) any
 * touch, since a ring may not pass through the same point twice. Rings of different polygons or a
 * hole may touch the shell at single points, as in OGC simple features.
 */
function conflict(s: Segment, t: Segment): Position | null {
  const sameRing = s.ring === t.ring;
  const adjacent = sameRing && (Math.abs(s.index - t.index) === 1 || Math.abs(s.index - t.index) === s.ringSize - 1);
  const o1 = orient2d(s.ax, s.ay, s.bx, s.by, t.ax, t.ay);
  const o2 = orient2d(s.ax, s.ay, s.bx, s.by, t.bx, t.by);
  const o3 = orient2d(t.ax, t.ay, t.bx, t.by, s.ax, s.ay);
  const o4 = orient2d(t.ax, t.ay, t.bx, t.by, s.bx, s.by);
  if (o1 * o2 < 0 && o3 * o4 < 0) {
    // Proper crossing: the point where the lines meet.
    const d = (s.bx - s.ax) * (t.by - t.ay) - (s.by - s.ay) * (t.bx - t.ax);
    const u = ((t.ax - s.ax) * (t.by - t.ay) - (t.ay - s.ay) * (t.bx - t.ax)) / d;
    return [s.ax + u * (s.bx - s.ax), s.ay + u * (s.by - s.ay)];
  }
  if (o1 === 0 && o2 === 0) {
    // Collinear: overlapping by more than a point?
    const onS = [[t.ax, t.ay], [t.bx, t.by]].filter(([x, y]) => onSegment(s, x!, y!)) as Position[];
    const onT = [[s.ax, s.ay], [s.bx, s.by]].filter(([x, y]) => onSegment(t, x!, y!)) as Position[];
    const shared = [...onS, ...onT];
    const distinct = new Set(shared.map(([x, y]) => `${x},${y}`));
    if (distinct.size >= 2) return shared[0]!;
    if (distinct.size === 1 && sameRing && !adjacent) return shared[0]!;
    return null;
  }
  if (!sameRing || adjacent) return null;
  // Non-adjacent segments of one ring touching at a point.
  for (const [x, y] of [[t.ax, t.ay], [t.bx, t.by]] as const) if (onSegment(s, x, y)) return [x, y];
  for (const [x, y] of [[s.ax, s.ay], [s.bx, s.by]] as const) if (onSegment(t, x, y)) return [x, y];
  return null;
}

function selfIntersections(rings: readonly Ring[]): Position[] {
  const segments: Segment[] = [];
  rings.forEach((ring, r) => {
    const ringSegments: Segment[] = [];
    for (let i = 0; i + 1 < ring.length; i++) {
      const [ax, ay] = ring[i]!, [bx, by] = ring[i + 1]!;
      if (ax === bx && ay === by) continue; // repeated position: harmless, skip the empty segment
      ringSegments.push({ ring: r, index: ringSegments.length, ringSize: 0, ax, ay, bx, by });
    }
    for (const s of ringSegments) s.ringSize = ringSegments.length;
    segments.push(...ringSegments);
  });
  if (segments.length < 2) return [];
  const tree = new Flatbush(segments.length);
  for (const s of segments) tree.add(Math.min(s.ax, s.bx), Math.min(s.ay, s.by), Math.max(s.ax, s.bx), Math.max(s.ay, s.by));
  tree.finish();
  const found: Position[] = [];
  segments.forEach((s, i) => {
    for (const j of tree.search(Math.min(s.ax, s.bx), Math.min(s.ay, s.by), Math.max(s.ax, s.bx), Math.max(s.ay, s.by))) {
      if (j <= i) continue;
      const at = conflict(s, segments[j]!);
      if (at) found.push(at);
    }
  });
  return found;
}

/**
 * Checks one grid's geometry: every ring has at least 4 positions, valid coordinates, is closed and
 * has area; no ring crosses itself or another ring of the geometry; holes are reported as warnings.
 * Not detected here: one part of a MultiPolygon lying wholly inside another, a hole outside its shell.
 */
export function checkGeometry(gridId: string, geometry: GridGeometry): TopologyProblem[] {
  const problems: TopologyProblem[] = [];
  const polygons = polygonsOf(geometry);
  if (!Array.isArray(polygons) || polygons.length === 0 || polygons.some((rings) => !Array.isArray(rings) || rings.length === 0)) {
    return [problem("INVALID_RING", [gridId], `网格 ${gridId} 的边界没有坐标环`, `Grid ${gridId} has a boundary without rings`)];
  }
  const validRings: Ring[] = [];
  polygons.forEach((rings, p) => {
    rings.forEach((ring, r) => {
      const bad = ringProblem(ring);
      const which = `${p + 1}/${r === 0 ? "外环" : `内环 ${r}`}`;
      const whichEn = `polygon ${p + 1}, ${r === 0 ? "outer ring" : `hole ${r}`}`;
      if (bad) problems.push(problem("INVALID_RING", [gridId], `网格 ${gridId} 的边界环无效(${which}):${bad.zh}`, `Grid ${gridId} has an invalid ring (${whichEn}): ${bad.en}`, ring[0] && Number.isFinite(ring[0][0]) ? { location: ring[0] } : {}));
      else validRings.push(ring);
      if (r > 0 && !bad) {
        problems.push(problem("HOLE", [gridId], `网格 ${gridId} 含有空洞(第 ${p + 1} 个多边形的内环 ${r})`, `Grid ${gridId} has a hole (polygon ${p + 1}, hole ${r})`, { location: centroidOf({ type: "Polygon", coordinates: [ring] }) ?? ring[0]!, areaM2: ringAreaM2(ring) }));
      }
    });
  });
  const crossings = selfIntersections(validRings);
  if (crossings.length > 0) {
    const at = crossings[0]!;
    problems.push(problem("SELF_INTERSECTION", [gridId], `网格 ${gridId} 的边界自相交(${crossings.length} 处,首处约在 ${at[0].toFixed(6)}, ${at[1].toFixed(6)})`, `Grid ${gridId} has a self-intersecting boundary (${crossings.length} place(s), first near ${at[0].toFixed(6)}, ${at[1].toFixed(6)})`, { location: at }));
  }
  return problems;
}

/** A point to show for a clipped area: the centroid of its largest part. */
function markerOf(geometry: GridGeometry): Position | undefined {
  const parts = partsOf(geometry);
  let best = parts[0]!, bestArea = -1;
  for (const part of parts) {
    const a = areaM2(part);
    if (a > bestArea) [best, bestArea] = [part, a];
  }
  return centroidOf(best) ?? undefined;
}

function boxesOverlap(a: number[], b: number[]): boolean {
  return a[0]! <= b[2]! && b[0]! <= a[2]! && a[1]! <= b[3]! && b[1]! <= a[3]!;
}

/**
 * Checks that children tile their parent, as the grid standard requires ("children tile their
 * parent with no overlap and no gap beyond a tolerance"): each geometry on its own (checkGeometry),
 * then, by polygon clipping, children overlapping each other, children sticking out of the parent
 * and parts of the parent no child covers. Children whose geometry has errors are left out of the
 * clipping checks, and the gap check is skipped while any child has errors (it would only repeat
 * them); if the parent itself has errors only the per-geometry problems are returned. A parent
 * with no children is a leaf and has nothing to tile.
 */
export function checkTiling(parent: IndexedGrid, children: readonly IndexedGrid[], options: TilingCheckOptions = {}): TopologyProblem[] {
  const tolerance = options.toleranceM2 ?? 1;
  const problems = checkGeometry(parent.id, parent.geometry);
  const parentValid = !problems.some((p) => p.severity === "error");
  const valid: IndexedGrid[] = [];
  for (const child of children) {
    const own = checkGeometry(child.id, child.geometry);
    problems.push(...own);
    if (!own.some((p) => p.severity === "error")) valid.push(child);
  }
  if (!parentValid || children.length === 0) return problems;

  const boxes = valid.map((c) => bboxOf(c.geometry));
  for (let i = 0; i < valid.length; i++) {
    for (let j = i + 1; j < valid.length; j++) {
      if (!boxesOverlap(boxes[i]!, boxes[j]!)) continue;
      const overlap = intersect(valid[i]!.geometry, valid[j]!.geometry);
      const area = overlap ? areaM2(overlap) : 0;
      if (overlap && area > tolerance) {
        const [a, b] = [valid[i]!.id, valid[j]!.id];
        problems.push(problem("CHILD_OVERLAP", [a, b], `网格 ${a} 与 ${b} 重叠约 ${round(area)} 平方米`, `Grids ${a} and ${b} overlap by about ${round(area)} m²`, { location: markerOf(overlap), areaM2: area }));
      }
    }
  }

  for (const child of valid) {
    const outside = subtract(child.geometry, parent.geometry);
    const area = outside ? areaM2(outside) : 0;
    if (outside && area > tolerance) {
      problems.push(problem("CHILD_OUTSIDE_PARENT", [child.id, parent.id], `网格 ${child.id} 超出上级网格 ${parent.id} 约 ${round(area)} 平方米`, `Grid ${child.id} sticks out of its parent ${parent.id} by about ${round(area)} m²`, { location: markerOf(outside), areaM2: area }));
    }
  }

  if (valid.length === children.length) {
    const uncovered = subtract(parent.geometry, ...valid.map((c) => c.geometry));
    for (const gap of uncovered ? partsOf(uncovered) : []) {
      const area = areaM2(gap);
      if (area <= tolerance) continue;
      problems.push(problem("COVERAGE_GAP", [parent.id], `上级网格 ${parent.id} 有约 ${round(area)} 平方米未被下级网格覆盖`, `About ${round(area)} m² of grid ${parent.id} is covered by none of its children`, { location: markerOf(gap), areaM2: area }));
    }
  }
  return problems;
}
