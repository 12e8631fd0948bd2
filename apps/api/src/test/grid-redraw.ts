import { clipToBBox, GRID_LEVEL, pointInGeometry, subtract, unite, type GridGeometry, type Position } from "@caihong/domain";

/** A micro grid as the grids GeoJSON export and import carry it. */
export interface Feature {
  type: "Feature";
  properties: { code: string; level: number; parentCode: string | null };
  geometry: GridGeometry;
}

const outerRing = (g: GridGeometry): Position[] => (g.type === "Polygon" ? g.coordinates[0]! : g.coordinates[0]![0]!);

/**
 * A new edge between two sibling micro grids that share one: their union split at 37 % of its
 * width, and a point that lies in one grid before and in the other after.
 */
export function redrawnPair(features: Feature[]): { a: Feature; b: Feature; west: GridGeometry; east: GridGeometry; point: Position; before: string; after: string } {
  const micro = features.filter((f) => f.properties.level === GRID_LEVEL.micro).sort((x, y) => x.properties.code.localeCompare(y.properties.code));
  for (let i = 0; i < micro.length; i++) {
    for (let j = i + 1; j < micro.length; j++) {
      const [a, b] = [micro[i]!, micro[j]!];
      if (a.properties.parentCode !== b.properties.parentCode) continue;
      const union = unite([a.geometry, b.geometry]);
      if (union?.type !== "Polygon" || union.coordinates.length !== 1) continue;
      const xs = outerRing(union).map((p) => p[0]);
      const ys = outerRing(union).map((p) => p[1]);
      const [x0, x1, y0, y1] = [Math.min(...xs), Math.max(...xs), Math.min(...ys), Math.max(...ys)];
      const west = clipToBBox(union, [x0 - 1, y0 - 1, x0 + 0.37 * (x1 - x0), y1 + 1]);
      const east = west ? subtract(union, west) : null;
      if (!west || !east) continue;
      for (let u = 1; u < 40; u++) {
        for (let v = 1; v < 40; v++) {
          const p: Position = [x0 + ((x1 - x0) * u) / 40, y0 + ((y1 - y0) * v) / 40];
          if (pointInGeometry(p[0], p[1], a.geometry) && !pointInGeometry(p[0], p[1], west)) return { a, b, west, east, point: p, before: a.properties.code, after: b.properties.code };
          if (pointInGeometry(p[0], p[1], b.geometry) && !pointInGeometry(p[0], p[1], east)) return { a, b, west, east, point: p, before: b.properties.code, after: a.properties.code };
        }
      }
    }
  }
  throw new Error("no pair of adjacent micro grids to redraw");
}
