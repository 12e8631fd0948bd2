import type { TAuditEntry } from "@caihong/contracts";
import { api } from "./client";
import type { Page, TAuditFilters } from "./types";

/** One page of audit entries, newest first. */
export function findAudit(filters: TAuditFilters, cursor?: string, limit = 50): Promise<Page<TAuditEntry>> {
  return api("/audit", { query: { ...filters, cursor, limit } });
}
