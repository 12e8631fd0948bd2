// Floods of anonymous reports (ADR 0014): the sources with many reported cases, and the one step
// that voids a source's cases. Type-only imports: nothing from zod reaches the bundle.
import type { z } from "zod";
import type { TCaseFlood, TVoidFloodRequest, ZCaseFloodList, ZVoidFloodResult } from "@caihong/contracts";
import { api } from "./client";

export type { TCaseFlood, TVoidFloodRequest };
export type TCaseFloodList = z.infer<typeof ZCaseFloodList>;
export type TVoidFloodResult = z.infer<typeof ZVoidFloodResult>;

/** Sources (hashed address or device) with at least `minCount` reported cases between `from` and `to`. */
export function listCaseFloods(query: { from: string; to: string; minCount?: number }): Promise<TCaseFloodList> {
  return api("/cases/floods", { query });
}

/** Voids every reported case of one source in the range; more than `expectedCount` is refused (409). */
export function voidCaseFlood(body: TVoidFloodRequest): Promise<TVoidFloodResult> {
  return api("/cases/floods/void", { method: "POST", body });
}
