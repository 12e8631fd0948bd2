import { z } from "zod";

/** Grid levels: 1 sub-district, 2 disposal grid, 3 autonomous grid, 4 micro grid. */
export const GRID_LEVELS = [1, 2, 3, 4] as const;

export const GRID_LEVEL_LABELS: Record<number, { "zh-CN": string; en: string }> = {
  1: { "zh-CN": "街道", en: "Sub-district" },
  2: { "zh-CN": "处置网格", en: "Disposal grid" },
  3: { "zh-CN": "自治网格", en: "Autonomous grid" },
  4: { "zh-CN": "微网格", en: "Micro grid" },
};

/** A grid node as the scope pickers need it. */
export const ZGridNode = z.object({
  /** Grid id. */
  id: z.string(),
  /** Parent grid id (null for the sub-district). */
  parentId: z.string().nullable(),
  /** Level 1–4. */
  level: z.number().int(),
  /** Code. */
  code: z.string(),
  /** Name. */
  name: z.string(),
});
export type TGridNode = z.infer<typeof ZGridNode>;

export const ZGridList = z.object({ items: z.array(ZGridNode) });
