import { GRID_LEVEL, type GridLevel } from "@caihong/domain/grids";
import type { PathOptions } from "leaflet";

/** A colour per level, shared by the layer strokes and the legend swatches. */
export const LEVEL_COLORS: Record<GridLevel, string> = {
  [GRID_LEVEL.subdistrict]: "#1f1f1f",
  [GRID_LEVEL.disposal]: "#c62828",
  [GRID_LEVEL.autonomous]: "#1565c0",
  [GRID_LEVEL.micro]: "#2e7d32",
};

/**
 * Stroke of each level: the sub-district outline heaviest, disposal grids red, autonomous
 * grids blue, micro grids thin green with a light fill. Only the interactive (finest visible)
 * level is filled, so the coarser outlines never swallow clicks meant for it.
 */
export function levelStyle(level: GridLevel, isInteractive: boolean): PathOptions {
  const color = LEVEL_COLORS[level];
  const base: PathOptions = { color, fill: isInteractive, fillColor: color, fillOpacity: isInteractive ? 0.08 : 0, lineJoin: "round" };
  switch (level) {
    case GRID_LEVEL.subdistrict:
      return { ...base, weight: 4, opacity: 0.9 };
    case GRID_LEVEL.disposal:
      // Solid: a shared edge is drawn by both neighbours, and two dash patterns out of phase blur.
      return { ...base, weight: 3, opacity: 0.9 };
    case GRID_LEVEL.autonomous:
      return { ...base, weight: 2, opacity: 0.85 };
    case GRID_LEVEL.micro:
      return { ...base, weight: 1, opacity: 0.8, fillOpacity: isInteractive ? 0.12 : 0 };
  }
}

/** The selected grid: orange, filled, above its neighbours. */
export const SELECTED_STYLE: PathOptions = { color: "#fa541c", weight: 3, opacity: 1, fill: true, fillColor: "#fa8c16", fillOpacity: 0.35 };

/** The finest visible level below the sub-district takes the clicks; with only the outline left, it does. */
export function interactiveLevel(visible: readonly GridLevel[]): GridLevel | null {
  const levels = [...visible].sort((a, b) => b - a);
  return levels[0] ?? null;
}
