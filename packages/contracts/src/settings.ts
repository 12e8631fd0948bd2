import { z } from "zod";

/**
 * The tenant's clock for pages (docs/adr/0012-reference-date-and-languages.md): the date pages count "as of"
 * and the end of their default period. A demo data set fixes it at its last day (Xinhong:
 * 2021-10-31) so pages open on periods that hold data; a real tenant has none and uses today.
 * Clocks that act (SLA, escalation, reminders) always run on real time.
 */
export const ZTimeSettings = z.object({
  /** The default "as of" date of pages, YYYY-MM-DD in Asia/Shanghai: the tenant's reference date, else today. */
  referenceDate: z.iso.date(),
  /** True when the tenant fixes the reference date (a demo data set); false when it is simply today. */
  isFixed: z.boolean(),
  /** Today in Asia/Shanghai, for pages that say how far the reference date lies behind. */
  today: z.iso.date(),
});
export type TTimeSettings = z.infer<typeof ZTimeSettings>;

/** Sets the tenant's reference date, or clears it (null: pages use today). */
export const ZPutReferenceDateRequest = z.strictObject({
  /** YYYY-MM-DD (Asia/Shanghai), or null to follow today. */
  referenceDate: z.iso.date().nullable(),
});
