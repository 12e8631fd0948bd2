import { clipToBBox, GRID_LEVEL, pointInGeometry, subtract, unite, type GridGeometry, type Position } from "@caihong/domain";
import type { Session, TestApp } from "../../test/harness";

// Helpers for the grid tests: the exported tree as features, and geometries crafted from it.

/** One feature of the grid GeoJSON as the tests handle it. */
export interface GridFeatureJson {
  type: "Feature";
  id?: string;
  properties: { code: string; name: string; level: number; type: string; parentCode: string | null; retired?: boolean; [key: string]: unknown };
  geometry: GridGeometry;
}

export interface GridCollectionJson {
  type: "FeatureCollection";
  features: GridFeatureJson[];
}

/** GET /grids/export.geojson as parsed JSON. */
export async function exportFeatures(session: Session): Promise<GridCollectionJson> {
  const res = await session.request("GET", "/api/v1/grids/export.geojson");
  if (res.statusCode !== 200) throw new Error(`export: ${res.statusCode} ${res.body}`);
  return res.json() as GridCollectionJson;
}

/** A deep copy, so a test can change features without touching another test's collection. */
export const clone = <T>(value: T): T => structuredClone(value);

/** The feature with this code (throws when absent). */
export function featureOf(fc: GridCollectionJson, code: string): GridFeatureJson {
  const feature = fc.features.find((f) => f.properties.code === code);
  if (!feature) throw new Error(`no feature ${code}`);
  return feature;
}

/**
 * Everything an import could change, as one string: grid rows, boundary history and the audit log
 * size. Equal before and after means nothing was written.
 */
export async function databaseState(t: TestApp): Promise<string> {
  const q = (text: string) => t.app.deps.database.query(text);
  return JSON.stringify({
    grids: await q("select * from grids order by id"),
    history: await q("select * from grid_boundary_history order by id"),
    audit: await q("select count(*)::int as n, max(seq) as seq from audit_log"),
  });
}

/**
 * Two current micro grids of one parent whose union is a single polygon without holes (they share
 * an edge), the first such pair in code order.
 */
export function adjacentMicroPair(fc: GridCollectionJson): { a: GridFeatureJson; b: GridFeatureJson; union: GridGeometry } {
  const micro = fc.features.filter((f) => f.properties.level === GRID_LEVEL.micro).sort((x, y) => x.properties.code.localeCompare(y.properties.code));
  for (let i = 0; i < micro.length; i++) {
    for (let j = i + 1; j < micro.length; j++) {
      const [a, b] = [micro[i]!, micro[j]!];
      if (a.properties.parentCode !== b.properties.parentCode) continue;
      const union = unite([a.geometry, b.geometry]);
      if (union?.type === "Polygon" && union.coordinates.length === 1) return { a, b, union };
    }
  }
  throw new Error("no adjacent micro grids");
}

/** Splits a polygon by the vertical line at `share` of its width: [west part, the rest]. */
export function splitWestEast(geometry: GridGeometry, share: number): [GridGeometry, GridGeometry] {
  const ring = geometry.type === "Polygon" ? geometry.coordinates[0]! : geometry.coordinates[0]![0]!;
  const xs = ring.map((p) => p[0]);
  const ys = ring.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  const west = clipToBBox(geometry, [x0 - 1, y0 - 1, x0 + share * (x1 - x0), y1 + 1]);
  const east = west ? subtract(geometry, west) : null;
  if (!west || !east) throw new Error("split left nothing on one side");
  return [west, east];
}

/** A point of a lattice over `within` that `before` contains and `after` does not: it changed grid. */
export function pointThatMoved(within: GridGeometry, before: GridGeometry, after: GridGeometry): Position {
  const ring = within.type === "Polygon" ? within.coordinates[0]! : within.coordinates[0]![0]!;
  const xs = ring.map((p) => p[0]);
  const ys = ring.map((p) => p[1]);
  const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
  for (let i = 1; i < 40; i++) {
    for (let j = 1; j < 40; j++) {
      const p: Position = [x0 + ((x1 - x0) * i) / 40, y0 + ((y1 - y0) * j) / 40];
      if (pointInGeometry(p[0], p[1], before) && !pointInGeometry(p[0], p[1], after)) return p;
    }
  }
  throw new Error("no point changed grid");
}

/** The geometry moved by (dx, dy) degrees. */
export function translate(geometry: GridGeometry, dx: number, dy: number): GridGeometry {
  const move = (ring: Position[]) => ring.map(([x, y]) => [x + dx, y + dy] as Position);
  return geometry.type === "Polygon" ? { type: "Polygon", coordinates: geometry.coordinates.map(move) } : { type: "MultiPolygon", coordinates: geometry.coordinates.map((p) => p.map(move)) };
}

/** A small square (side `d` degrees) centred on a point. */
export function squareAround([x, y]: Position, d: number): GridGeometry {
  const h = d / 2;
  return { type: "Polygon", coordinates: [[[x - h, y - h], [x + h, y - h], [x + h, y + h], [x - h, y + h], [x - h, y - h]]] };
}
