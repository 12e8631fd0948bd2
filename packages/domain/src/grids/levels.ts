// The four grid levels (街道/社区 → 处置网格 → 自治网格 → 微网格) are defined once, in the contracts'
// zod-free constants entry, because the contracts key their level tables by them and must not
// depend on the domain (the domain already depends on `@caihong/contracts/constants`). Code says
// the level's name, never its number: `GRID_LEVEL.micro`, not `4`.
export { GRID_LEVEL, GRID_LEVELS, isGridLevel, type GridLevel } from "@caihong/contracts/constants";
