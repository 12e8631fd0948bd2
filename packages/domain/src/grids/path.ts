import type { GridLevel } from "./levels";

/**
 * A grid's materialised path `/<root id>/<disposal id>/<autonomous id>/<micro id>/`: the ids from
 * the root down to the grid itself. Scope checks compare prefixes of it; these helpers read it.
 */

/** The ids on a path, root first (the grid itself last). */
export function pathIds(path: string | null | undefined): string[] {
  return path ? path.split("/").filter(Boolean) : [];
}

/** The id of the grid at `level` on a path (null when the path is shorter). */
export function ancestorAt(path: string | null | undefined, level: GridLevel): string | null {
  return pathIds(path)[level - 1] ?? null;
}

/** The ids of a grid's ancestors on its path, root first, without the grid itself. */
export function ancestorIds(path: string | null | undefined): string[] {
  return pathIds(path).slice(0, -1);
}
