import { GRID_TYPES_BY_LEVEL, type TGridType } from "@caihong/contracts";
import { GRID_LEVEL, isGridLevel, isInScope, type DataScope, type RecordLocation } from "@caihong/domain";
import { AppError, msg } from "../../lib/errors";

/**
 * Digits of a grid code per level (docs/grid-codes.md): the 12-digit statistical division code of
 * the sub-district (e.g. 310112008000), + 2 digits per disposal grid, + 2 per autonomous grid,
 * + 3 per micro grid; every code starts with its parent's code.
 */
export const GRID_CODE_DIGITS: Record<number, number> = {
  [GRID_LEVEL.subdistrict]: 12,
  [GRID_LEVEL.disposal]: 14,
  [GRID_LEVEL.autonomous]: 16,
  [GRID_LEVEL.micro]: 19,
};

/** The types a grid of this level may have (none for a level outside the tree). */
export const typesOfLevel = (level: number): readonly TGridType[] => (isGridLevel(level) ? GRID_TYPES_BY_LEVEL[level] : []);

/** Whether a type is one of its level's. */
export const fitsLevel = (type: string, level: number) => typesOfLevel(level).includes(type as TGridType);

/** A grid as a record of data scope: it lies in its own subtree. */
export const gridLocation = (grid: { id: string; path: string }): RecordLocation => ({ gridPath: grid.path, gridId: grid.id, ownerId: null });

/**
 * FORBIDDEN unless the scope covers every grid a change touches (for a new grid, its nearest
 * ancestor that already exists — `null` when there is none), naming the first ten that it does not.
 */
export function assertChangesInScope(scope: DataScope, changed: { code: string; anchor: { id: string; path: string } | null }[]): void {
  if (scope.kind === "all") return;
  const outside = changed.filter((c) => !c.anchor || !isInScope(scope, gridLocation(c.anchor))).map((c) => c.code);
  if (outside.length > 0) {
    const list = outside.slice(0, 10).join(", ") + (outside.length > 10 ? ", …" : "");
    throw new AppError("FORBIDDEN", msg(`导入涉及您数据范围以外的网格：${list}`, `The import changes grids outside your data scope: ${list}`));
  }
}

/** Boundaries change only by import, and a retired grid not at all. */
export function assertEditable(grid: { validTo: Date | null }): void {
  if (grid.validTo) throw new AppError("INVALID_STATE", msg("该网格已撤销，不能修改", "This grid has been retired and cannot be edited"));
}
