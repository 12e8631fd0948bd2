import { z } from "zod";

export const ZHealth = z.object({ status: z.literal("ok") });
export const ZReadiness = z.object({
  /** ok when the database answers and every migration is applied. */
  status: z.enum(["ok", "unavailable"]),
  /** pglite or postgres. */
  database: z.string(),
  /** Number of applied migrations. */
  migrations: z.number().int(),
});
