import type { TPermission } from "@caihong/contracts";
import type { ApiKeyRow } from "../auth";

/** An API key as the API shows it: never its secret or hash. */
export function presentApiKey(row: ApiKeyRow) {
  return {
    id: row.id,
    name: row.name,
    prefix: row.prefix,
    permissions: row.permissions as TPermission[],
    scope: row.scope,
    gridId: row.gridId,
    createdAt: row.createdAt.toISOString(),
    lastUsedAt: row.lastUsedAt?.toISOString() ?? null,
    expiresAt: row.expiresAt?.toISOString() ?? null,
    revokedAt: row.revokedAt?.toISOString() ?? null,
  };
}
