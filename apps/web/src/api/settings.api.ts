// Tenant settings the pages need (/api/v1/settings). Type-only imports: nothing from zod reaches the bundle.
import type { TTimeSettings } from "@caihong/contracts";
import { api } from "./client";

export type { TTimeSettings };

/** The date pages count "as of": the tenant's reference date (a demo's last day) or today. */
export function getTimeSettings(): Promise<TTimeSettings> {
  return api("/settings/time");
}

/** Fixes the reference date, or clears it with null (cases.configure). */
export function setReferenceDate(referenceDate: string | null): Promise<TTimeSettings> {
  return api("/settings/reference-date", { method: "PUT", body: { referenceDate } });
}
