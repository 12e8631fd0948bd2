import { PERMISSIONS, type TPermission, type TRole } from "@caihong/contracts";
import type { RoleRow } from "./roles.repository";

/** A role as the API shows it. */
export function presentRole(row: RoleRow): TRole {
  return {
    id: row.id,
    code: row.code,
    nameZh: row.nameZh,
    nameEn: row.nameEn,
    // Keep catalog order; drop permissions a later version removed from the catalog.
    permissions: PERMISSIONS.filter((p) => row.permissions.includes(p)) as TPermission[],
    isSystem: row.isSystem,
    userCount: row.userCount,
    updatedAt: row.updatedAt.toISOString(),
    version: row.version,
  };
}
