import type { TGridMapProperties } from "../../api/grids.api";

/**
 * Grids whose name or code matches the typed text, best first: exact code, code prefix, name
 * prefix, then anything containing it; ties go to the coarser level, then to the code.
 */
export function searchGrids<T extends Pick<TGridMapProperties, "code" | "name" | "level">>(grids: readonly T[], query: string, limit = 20): T[] {
  const needle = query.trim().toLowerCase();
  if (!needle) return [];
  const ranked: { grid: T; rank: number }[] = [];
  for (const grid of grids) {
    const name = grid.name.toLowerCase();
    let rank: number;
    if (grid.code === needle) rank = 0;
    else if (grid.code.startsWith(needle)) rank = 1;
    else if (name.startsWith(needle)) rank = 2;
    else if (name.includes(needle) || grid.code.includes(needle)) rank = 3;
    else continue;
    ranked.push({ grid, rank });
  }
  ranked.sort((a, b) => a.rank - b.rank || a.grid.level - b.grid.level || a.grid.code.localeCompare(b.grid.code));
  return ranked.slice(0, limit).map((entry) => entry.grid);
}

/** `新虹街道 › 枢纽片区 › 虹桥火车站工作站 › …` */
export function chainText(chain: readonly { name: string }[]): string {
  return chain.map((grid) => grid.name).join(" › ");
}
