// Constant tables with no zod: the web bundle imports them through `@caihong/contracts/constants`.

/**
 * The permission catalog. A role is a set of these; a role assignment adds a data scope.
 * Later modules extend the catalog with their own permissions.
 */
export const PERMISSIONS = [
  "users.read",
  "users.write",
  "roles.read",
  "roles.write",
  "audit.read",
  "apikeys.manage",
  "personal.unmask",
  "grids.read",
] as const;
export type TPermission = (typeof PERMISSIONS)[number];

export const PERMISSION_LABELS: Record<TPermission, { "zh-CN": string; en: string }> = {
  "users.read": { "zh-CN": "查看用户", en: "View users" },
  "users.write": { "zh-CN": "管理用户", en: "Manage users" },
  "roles.read": { "zh-CN": "查看角色", en: "View roles" },
  "roles.write": { "zh-CN": "管理角色", en: "Manage roles" },
  "audit.read": { "zh-CN": "查看审计日志", en: "View audit log" },
  "apikeys.manage": { "zh-CN": "管理 API 密钥", en: "Manage API keys" },
  "personal.unmask": { "zh-CN": "查看完整个人信息", en: "Reveal personal data" },
  "grids.read": { "zh-CN": "查看网格", en: "View grids" },
};

/**
 * Data scope of a role assignment, most to least permissive: the whole tenant, a grid and
 * everything under it, exactly one grid, or only the holder's own records.
 */
export const SCOPE_KINDS = ["all", "subtree", "grid", "own"] as const;
export type TScopeKind = (typeof SCOPE_KINDS)[number];

export const SCOPE_LABELS: Record<TScopeKind, { "zh-CN": string; en: string }> = {
  all: { "zh-CN": "全部", en: "All" },
  subtree: { "zh-CN": "网格及下级", en: "Grid and below" },
  grid: { "zh-CN": "本网格", en: "Own grid" },
  own: { "zh-CN": "本人", en: "Own records" },
};

/** Codes of the roles seeded into every tenant (admins may edit their permissions). */
export const SYSTEM_ROLES = {
  subdistrict_admin: {
    "zh-CN": "街道管理员",
    en: "Sub-district admin",
    permissions: [...PERMISSIONS] as TPermission[],
  },
  party_office: {
    "zh-CN": "党建办",
    en: "Party office",
    permissions: ["users.read", "grids.read", "audit.read"] as TPermission[],
  },
  dispatcher: { "zh-CN": "城运中心派单员", en: "City-operations dispatcher", permissions: ["users.read", "grids.read"] as TPermission[] },
  grid_head: { "zh-CN": "网格长", en: "Grid head", permissions: ["users.read", "grids.read"] as TPermission[] },
  grid_worker: { "zh-CN": "网格员", en: "Grid worker", permissions: ["grids.read"] as TPermission[] },
  council_member: { "zh-CN": "议事会成员", en: "Council member", permissions: ["grids.read"] as TPermission[] },
  apartment_operator: { "zh-CN": "公寓运营方", en: "Apartment operator", permissions: [] as TPermission[] },
  resident: { "zh-CN": "居民", en: "Resident", permissions: [] as TPermission[] },
} as const;
export type TSystemRoleCode = keyof typeof SYSTEM_ROLES;

/** Grid levels: 1 sub-district, 2 disposal grid, 3 autonomous grid, 4 micro grid. */
export const GRID_LEVELS = [1, 2, 3, 4] as const;

export const GRID_LEVEL_LABELS: Record<number, { "zh-CN": string; en: string }> = {
  1: { "zh-CN": "街道", en: "Sub-district" },
  2: { "zh-CN": "处置网格", en: "Disposal grid" },
  3: { "zh-CN": "自治网格", en: "Autonomous grid" },
  4: { "zh-CN": "微网格", en: "Micro grid" },
};

/** Account statuses. */
export const USER_STATUSES = ["active", "disabled"] as const;
