import type { TLocale, TUser } from "@caihong/contracts";
import type { PersonalData } from "../../lib/personal-data";
import type { UserRow } from "./users.repository";

/** A user as the API shows it: no password hash, no ciphertext, phone masked. */
export function presentUser(row: UserRow, pd: PersonalData, locale: TLocale): TUser {
  return {
    id: row.id,
    username: row.username,
    displayName: row.displayName,
    phoneMasked: row.phoneEnc ? pd.maskedPhone(row.phoneEnc) : null,
    isPhoneVerified: !!row.phoneVerifiedAt,
    status: row.status,
    gridId: row.gridId,
    gridName: row.gridName,
    locale: row.locale,
    roles: row.roles.map((a) => ({
        roleId: a.roleId,
        roleCode: a.roleCode,
        roleName: locale === "en" ? a.roleNameEn : a.roleNameZh,
        scope: a.scope,
        gridId: a.gridId,
        gridName: a.gridName,
      })),
    lastLoginAt: row.lastLoginAt?.toISOString() ?? null,
    createdAt: row.createdAt.toISOString(),
    version: row.version,
  };
}

/** The audit snapshot of a user: what changed, personal data masked. */
export function auditSnapshot(user: TUser) {
  return {
    username: user.username,
    displayName: user.displayName,
    phone: user.phoneMasked,
    status: user.status,
    gridId: user.gridId,
    roles: user.roles.map((r) => ({ role: r.roleCode, scope: r.scope, gridId: r.gridId })),
  };
}
