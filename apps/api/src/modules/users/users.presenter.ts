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

/** The header and one row per user of the CSV export, in the caller's language. */
export function userCsvLines(users: TUser[], locale: TLocale): string[][] {
  const en = locale === "en";
  const header = en
    ? ["Username", "Name", "Phone", "Status", "Grid", "Roles", "Last sign-in", "Created"]
    : ["用户名", "姓名", "手机号", "状态", "所属网格", "角色", "最近登录", "创建时间"];
  const rows = users.map((u) => [
    u.username,
    u.displayName,
    u.phoneMasked ?? "",
    u.status === "active" ? (en ? "active" : "启用") : en ? "disabled" : "停用",
    u.gridName ?? "",
    u.roles.map((r) => `${r.roleName}${r.gridName ? `(${r.gridName})` : ""}`).join("; "),
    u.lastLoginAt ?? "",
    u.createdAt,
  ]);
  return [header, ...rows];
}

/** Lines as CSV for Excel: UTF-8 with BOM, CRLF, quoted where needed, formula-looking cells defused. */
export function toCsv(lines: string[][]): string {
  const escape = (v: string) => (/[",\n\r]|^[=+\-@]/.test(v) ? `"${v.replace(/^([=+\-@])/, "'$1").replaceAll('"', '""')}"` : v);
  return "\ufeff" + lines.map((l) => l.map(escape).join(",")).join("\r\n") + "\r\n";
}
