import { z } from "zod";

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
