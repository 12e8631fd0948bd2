import { GRID_LEVEL } from "../grids/levels";
import { subtract, unite } from "../geo/clip";
import { toWgs84 } from "../geo/coords";
import { areaM2, bboxOf, centroidOf, pointInGeometry } from "../geo/polygon";
import { splitPolygon } from "../geo/tiling";
import type { GridGeometry, Position } from "../geo/types";

// The Xinhong (新虹街道) demo grid tree: 1 sub-district → 4 disposal grids → 29 autonomous grids →
// 147 micro grids, generated deterministically from the estimated outline in
// data/demo/xinhong/outline.geojson. Only level-1/2 names and the names listed as real below come
// from public sources (../shared/reference/xinhong-geo.md); every boundary is an estimate or a
// seeded split, and invented names carry "（示例）" and `isDemo: true`.

/** Level in the four-level tree: 1 街道, 2 处置网格, 3 自治网格, 4 微网格. */
export type XinhongGridLevel = 1 | 2 | 3 | 4;

/** Grid type per level: level 1 `subdistrict`, 2 `disposal`, 3 居委/村委/工作站/街面, 4 居民区/工作站/街面. */
export type XinhongGridType =
  | "subdistrict"
  | "disposal"
  | "residents_committee"
  | "village_committee"
  | "workstation"
  | "street_front"
  | "residential_block";

/** One grid of the generated tree, WGS84 geometry. */
export interface GridFeature {
  /** 12 digits (level 1), +2 (level 2, 14), +2 (level 3, 16), +3 (level 4, 19); starts with the parent's code. */
  code: string;
  /** Chinese name; invented names end with "（示例）". */
  name: string;
  level: XinhongGridLevel;
  type: XinhongGridType;
  /** Parent grid's code; null for the sub-district. */
  parentCode: string | null;
  /** True when the name is invented (then it ends with "（示例）"); boundaries are estimates at every level. */
  isDemo: boolean;
  geometry: GridGeometry;
}

/** A GeoJSON feature of the outline file: only `properties.name` and the geometry are read. */
export interface XinhongOutlineFeature {
  type: "Feature";
  properties: { name?: string; [key: string]: unknown } | null;
  geometry: GridGeometry;
}

/** The outline FeatureCollection (data/demo/xinhong/outline.geojson): the 4 disposal polygons by name. */
export interface XinhongOutline {
  type: "FeatureCollection";
  features: XinhongOutlineFeature[];
}

/** 新虹街道's 12-digit statistical division code (闵行区 310112, 街道 008). */
export const XINHONG_CODE = "310112008000";

/** Marker of an invented name. */
export const DEMO_MARK = "（示例）";

/** The fixed base seed of every split (the report's publication date). */
export const XINHONG_SEED = 20211110;

/** Total micro grids, from the 2021 report. */
export const XINHONG_MICRO_GRID_COUNT = 147;

type AutonomousType = "residents_committee" | "village_committee" | "workstation" | "street_front";

interface AutonomousSpec {
  name: string;
  type: AutonomousType;
  /** Invented name: gets DEMO_MARK and isDemo. */
  demo?: boolean;
  /** GCJ-02 point that must lie in this grid: the name goes to the cell containing it. */
  anchorGcj02?: Position;
}

/** GCJ-02 position of 虹桥火车站 (申贵路1500号), as AMap/WeChat report it. */
export const HONGQIAO_STATION_GCJ02: Position = [121.3219, 31.1944];

/**
 * The 4 disposal grids in precedence order (see refineDisposal) with their autonomous grids:
 * 8 / 6 / 8 / 7 = 29. Real names first where public sources have them; road-named street-front
 * grids use real roads at or in the sub-district.
 */
const DISPOSAL_SPECS: readonly { name: string; autonomous: readonly AutonomousSpec[] }[] = [
  {
    name: "枢纽片区",
    autonomous: [
      { name: "虹桥火车站工作站", type: "workstation", anchorGcj02: HONGQIAO_STATION_GCJ02 },
      { name: "虹桥商务区核心区工作站", type: "workstation" },
      { name: "申长路街面", type: "street_front" },
      { name: "申滨南路街面", type: "street_front" },
      { name: "申昆路街面", type: "street_front" },
      { name: "建虹路街面", type: "street_front" },
      { name: "申虹居委", type: "residents_committee", demo: true },
      { name: "扬虹居委", type: "residents_committee", demo: true },
    ],
  },
  {
    name: "爱博片区",
    autonomous: [
      { name: "申贵路居委", type: "residents_committee" },
      ...["一", "二", "三", "四", "五", "六", "七"].map((n): AutonomousSpec => ({ name: `爱博${n}村居委`, type: "residents_committee" })),
    ],
  },
  {
    name: "华美片区",
    autonomous: [
      { name: "天山西路街面", type: "street_front" },
      { name: "华翔路街面", type: "street_front" },
      { name: "华美一居委", type: "residents_committee", demo: true },
      { name: "华美二居委", type: "residents_committee", demo: true },
      { name: "华美三居委", type: "residents_committee", demo: true },
      { name: "华美工作站", type: "workstation", demo: true },
    ],
  },
  {
    name: "航华片区",
    autonomous: [
      { name: "申滨路街面", type: "street_front" },
      { name: "宁虹路街面", type: "street_front" },
      { name: "航华一居委", type: "residents_committee", demo: true },
      { name: "航华二居委", type: "residents_committee", demo: true },
      { name: "新虹村村委", type: "village_committee", demo: true },
      { name: "润虹村村委", type: "village_committee", demo: true },
      { name: "航华工作站", type: "workstation", demo: true },
    ],
  },
];

/** The 4 disposal grid names in the precedence order used to resolve overlaps of the estimate. */
export const XINHONG_DISPOSAL_NAMES: readonly string[] = DISPOSAL_SPECS.map((d) => d.name);

const MICRO_TYPE: Record<AutonomousType, XinhongGridType> = {
  residents_committee: "residential_block",
  village_committee: "residential_block",
  workstation: "workstation",
  street_front: "street_front",
};

/** FNV-1a of a string mixed with the base seed: a fixed per-parent seed. */
function seedFor(code: string): number {
  let h = 0x811c9dc5 ^ XINHONG_SEED;
  for (let i = 0; i < code.length; i++) {
    h ^= code.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return h >>> 0;
}

/**
 * Numbering order of children within a parent (after CJ/T 213: north→south rows, west→east in a
 * row), by centroid: with nominal row height H = parent bbox height / round(√n), walk centroids
 * from north to south and start a new row when a centroid lies more than H/2 south of the current
 * row's first centroid; rows are numbered north→south, cells within a row by longitude ascending
 * (ties: latitude descending, then input order).
 */
export function numberingOrder(parent: GridGeometry, children: readonly GridGeometry[]): number[] {
  const [, minY, , maxY] = bboxOf(parent);
  const half = (maxY - minY) / Math.max(1, Math.round(Math.sqrt(children.length))) / 2;
  const cs = children.map((g, i) => {
    const c = centroidOf(g);
    if (!c) throw new Error(`child ${i} has no area`);
    return { i, x: c[0], y: c[1] };
  });
  const byLat = [...cs].sort((a, b) => b.y - a.y || a.i - b.i);
  const rows: (typeof cs)[] = [];
  for (const c of byLat) {
    const row = rows[rows.length - 1];
    if (row && row[0]!.y - c.y <= half) row.push(c);
    else rows.push([c]);
  }
  return rows.flatMap((row) => row.sort((a, b) => a.x - b.x || b.y - a.y || a.i - b.i).map((c) => c.i));
}

/**
 * Shares `total` among weights (areas) by largest remainder, each at least `min`; deterministic
 * (ties broken by index).
 */
export function apportion(weights: readonly number[], total: number, min: number): number[] {
  if (weights.length * min > total) throw new RangeError(`cannot give ${weights.length} parts at least ${min} of ${total}`);
  const sum = weights.reduce((s, w) => s + w, 0);
  const quotas = weights.map((w) => (w / sum) * total);
  const counts = quotas.map((q) => Math.max(min, Math.floor(q)));
  let left = total - counts.reduce((s, c) => s + c, 0);
  const order = quotas.map((q, i) => ({ i, r: q - counts[i]! })).sort((a, b) => b.r - a.r || a.i - b.i);
  while (left > 0) {
    for (const { i } of order) {
      if (left === 0) break;
      counts[i]!++;
      left--;
    }
  }
  while (left < 0) {
    let took = false;
    for (const { i } of [...order].reverse()) {
      if (left === 0) break;
      if (counts[i]! > min) {
        counts[i]!--;
        left++;
        took = true;
      }
    }
    if (!took) throw new Error("apportion: cannot reduce further");
  }
  return counts;
}

/**
 * The estimated disposal polygons overlap by slivers of ~100 m² where their hand-drawn edges
 * disagree by ~0.1 m; each polygon loses what the ones before it in precedence order
 * (XINHONG_DISPOSAL_NAMES) already cover, so the four tile their union exactly.
 */
function refineDisposal(geometries: readonly GridGeometry[]): GridGeometry[] {
  return geometries.map((g, i) => {
    if (i === 0) return g;
    const refined = subtract(g, ...geometries.slice(0, i));
    if (!refined) throw new Error(`disposal polygon ${i} is covered by the others`);
    return refined;
  });
}

function microStem(autonomousName: string): string {
  // 爱博一村居委 → 爱博一村; a 居委 named after a road keeps "居委" (申贵路居委 → 申贵路居委).
  const stem = autonomousName.replace(/(居委|村委)$/, "");
  return stem.endsWith("路") ? autonomousName : stem;
}

/**
 * Generates the Xinhong demo grid tree from the outline FeatureCollection: parents before children,
 * each level's children in code order. Pure and deterministic: the same outline gives the same
 * features. Throws if a disposal polygon is missing.
 */
export function generateXinhongGrids(outline: XinhongOutline): GridFeature[] {
  const byName = new Map<string, GridGeometry>();
  for (const f of outline.features) {
    const name = f.properties?.name;
    if (typeof name === "string") byName.set(name, f.geometry);
  }
  const raw = DISPOSAL_SPECS.map((d) => {
    const g = byName.get(d.name);
    if (!g) throw new Error(`outline has no disposal polygon named ${d.name}`);
    return g;
  });
  const disposalGeometries = refineDisposal(raw);
  const root = unite(disposalGeometries);
  if (!root) throw new Error("the disposal polygons have no area");

  const out: GridFeature[] = [
    { code: XINHONG_CODE, name: "新虹街道", level: GRID_LEVEL.subdistrict, type: "subdistrict", parentCode: null, isDemo: false, geometry: root },
  ];

  // Level 2: numbered by position in the sub-district.
  const disposal = numberingOrder(root, disposalGeometries).map((i, k) => ({
    spec: DISPOSAL_SPECS[i]!,
    feature: {
      code: XINHONG_CODE + String(k + 1).padStart(2, "0"),
      name: DISPOSAL_SPECS[i]!.name,
      level: GRID_LEVEL.disposal,
      type: "disposal",
      parentCode: XINHONG_CODE,
      isDemo: false,
      geometry: disposalGeometries[i]!,
    } satisfies GridFeature,
  }));
  out.push(...disposal.map((d) => d.feature));

  // Level 3: split each disposal grid, number the cells, then give names: anchored names first to
  // the cell containing their point, the rest in list order to the remaining cells in code order.
  const autonomous: { feature: GridFeature; type: AutonomousType }[] = [];
  for (const { spec, feature: parent } of disposal) {
    const cells = splitPolygon(parent.geometry, spec.autonomous.length, { seed: seedFor(parent.code) });
    const ordered = numberingOrder(parent.geometry, cells).map((i) => cells[i]!);
    const names: (AutonomousSpec | undefined)[] = ordered.map(() => undefined);
    for (const s of spec.autonomous) {
      if (!s.anchorGcj02) continue;
      const [lng, lat] = toWgs84(s.anchorGcj02[0], s.anchorGcj02[1], "gcj02");
      const k = ordered.findIndex((g, j) => !names[j] && pointInGeometry(lng, lat, g));
      if (k === -1) throw new Error(`${s.name}: its point (${lng}, ${lat}) is not in ${parent.name}`);
      names[k] = s;
    }
    const rest = spec.autonomous.filter((s) => !s.anchorGcj02);
    for (let j = 0; j < names.length; j++) names[j] ??= rest.shift();
    ordered.forEach((geometry, j) => {
      const s = names[j]!;
      autonomous.push({
        type: s.type,
        feature: {
          code: parent.code + String(j + 1).padStart(2, "0"),
          name: s.demo ? s.name + DEMO_MARK : s.name,
          level: GRID_LEVEL.autonomous,
          type: s.type,
          parentCode: parent.code,
          isDemo: !!s.demo,
          geometry,
        },
      });
    });
  }
  out.push(...autonomous.map((a) => a.feature));

  // Level 4: 147 micro grids shared among the autonomous grids by area (at least 2 each).
  const counts = apportion(autonomous.map((a) => areaM2(a.feature.geometry)), XINHONG_MICRO_GRID_COUNT, 2);
  autonomous.forEach(({ feature: parent, type }, a) => {
    const cells = splitPolygon(parent.geometry, counts[a]!, { seed: seedFor(parent.code) });
    const stem = microStem(parent.name.replace(DEMO_MARK, ""));
    numberingOrder(parent.geometry, cells).forEach((i, k) => {
      out.push({
        code: parent.code + String(k + 1).padStart(3, "0"),
        name: `${stem}第${k + 1}微网格${parent.isDemo ? DEMO_MARK : ""}`,
        level: GRID_LEVEL.micro,
        type: MICRO_TYPE[type],
        parentCode: parent.code,
        isDemo: parent.isDemo,
        geometry: cells[i]!,
      });
    });
  });
  return out;
}
