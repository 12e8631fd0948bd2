/**
 * The four grid levels of the model (DOMAIN.md, "Surface"): 街道/社区 → 处置网格 → 自治网格 → 微网格.
 * Code says the level's name, never its number: `GRID_LEVEL.micro`, not `4`.
 */
export const GRID_LEVEL = {
  /** 街道/社区: the sub-district itself, the root of the tree. */
  subdistrict: 1,
  /** 处置网格: a disposal grid with its 党建议事会 (4 in Xinhong). */
  disposal: 2,
  /** 自治网格: a village/residential committee, workstation or street-front area (29 in Xinhong). */
  autonomous: 3,
  /** 微网格: a block, workstation or street-front stretch; every point lies in exactly one (147 in Xinhong). */
  micro: 4,
} as const;

/** A grid level, 1 … 4. */
export type GridLevel = (typeof GRID_LEVEL)[keyof typeof GRID_LEVEL];

/** Every level, root first. */
export const GRID_LEVELS: readonly GridLevel[] = [GRID_LEVEL.subdistrict, GRID_LEVEL.disposal, GRID_LEVEL.autonomous, GRID_LEVEL.micro];

/** True for a level number 1 … 4. */
export function isGridLevel(value: number): value is GridLevel {
  return Number.isInteger(value) && value >= GRID_LEVEL.subdistrict && value <= GRID_LEVEL.micro;
}
