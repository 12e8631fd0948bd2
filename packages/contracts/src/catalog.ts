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
  "grids.write",
  "party.read",
  "party.write",
  "people.read",
  "people.write",
  "units.read",
  "units.write",
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
  "grids.write": { "zh-CN": "管理网格（含边界导入）", en: "Manage grids (incl. boundary import)" },
  "party.read": { "zh-CN": "查看党组织", en: "View party organisations" },
  "party.write": { "zh-CN": "管理党组织与党员关系", en: "Manage party organisations and memberships" },
  "people.read": { "zh-CN": "查看党员与工作人员", en: "View members and staff" },
  "people.write": { "zh-CN": "管理党员与工作人员", en: "Manage members and staff" },
  "units.read": { "zh-CN": "查看驻区单位", en: "View units in the area" },
  "units.write": { "zh-CN": "管理驻区单位", en: "Manage units in the area" },
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
    permissions: ["users.read", "grids.read", "audit.read", "party.read", "party.write", "people.read", "people.write", "units.read", "units.write"] as TPermission[],
  },
  dispatcher: { "zh-CN": "城运中心派单员", en: "City-operations dispatcher", permissions: ["users.read", "grids.read", "party.read", "people.read", "units.read"] as TPermission[] },
  grid_head: { "zh-CN": "网格长", en: "Grid head", permissions: ["users.read", "grids.read", "party.read", "people.read", "people.write", "units.read", "units.write"] as TPermission[] },
  grid_worker: { "zh-CN": "网格员", en: "Grid worker", permissions: ["grids.read", "party.read", "people.read", "units.read"] as TPermission[] },
  council_member: { "zh-CN": "议事会成员", en: "Council member", permissions: ["grids.read", "party.read", "units.read"] as TPermission[] },
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

type Label = { "zh-CN": string; en: string };

/** Grid types: level 1 subdistrict, 2 disposal, 3 居委/村委/工作站/街面, 4 居民区/工作站/街面. */
export const GRID_TYPES = ["subdistrict", "disposal", "residents_committee", "village_committee", "workstation", "street_front", "residential_block"] as const;
export type TGridType = (typeof GRID_TYPES)[number];

export const GRID_TYPE_LABELS: Record<TGridType, Label> = {
  subdistrict: { "zh-CN": "街道", en: "Sub-district" },
  disposal: { "zh-CN": "处置网格", en: "Disposal grid" },
  residents_committee: { "zh-CN": "居委", en: "Residents' committee" },
  village_committee: { "zh-CN": "村委", en: "Village committee" },
  workstation: { "zh-CN": "工作站", en: "Workstation" },
  street_front: { "zh-CN": "街面", en: "Street front" },
  residential_block: { "zh-CN": "居民区", en: "Residential block" },
};

/** Which grid types each level allows. */
export const GRID_TYPES_BY_LEVEL: Record<1 | 2 | 3 | 4, readonly TGridType[]> = {
  1: ["subdistrict"],
  2: ["disposal"],
  3: ["residents_committee", "village_committee", "workstation", "street_front"],
  4: ["residential_block", "workstation", "street_front"],
};

/**
 * Kinds of party organisation, one per grid level: 社区党委 ↔ sub-district, 处置网格党建议事会 ↔
 * disposal grid, 居/村/工作站党组织 or 街面/拓展区域党组织 ↔ autonomous grid, 党员责任区 ↔ micro grid.
 */
export const PARTY_ORG_KINDS = ["community_committee", "disposal_council", "community_branch", "street_branch", "responsibility_zone"] as const;
export type TPartyOrgKind = (typeof PARTY_ORG_KINDS)[number];

export const PARTY_ORG_KIND_LABELS: Record<TPartyOrgKind, Label> = {
  community_committee: { "zh-CN": "社区党委", en: "Community Party committee" },
  disposal_council: { "zh-CN": "处置网格党建议事会", en: "Disposal-grid Party council" },
  community_branch: { "zh-CN": "居/村/工作站党组织", en: "Neighbourhood Party organisation" },
  street_branch: { "zh-CN": "街面/拓展区域党组织", en: "Street-front Party organisation" },
  responsibility_zone: { "zh-CN": "党员责任区", en: "Party-member responsibility zone" },
};

/** The organisation kind a grid must carry (by level and, at level 3, by type). */
export function expectedOrgKind(level: number, type: string): TPartyOrgKind | null {
  if (level === 1) return "community_committee";
  if (level === 2) return "disposal_council";
  if (level === 3) return type === "street_front" ? "street_branch" : "community_branch";
  if (level === 4) return "responsibility_zone";
  return null;
}

/** Roles a person holds in a party organisation. `responsible` = 党员责任区 responsible member. */
export const MEMBERSHIP_ROLES = ["secretary", "deputy_secretary", "committee_member", "member", "responsible"] as const;
export type TMembershipRole = (typeof MEMBERSHIP_ROLES)[number];

export const MEMBERSHIP_ROLE_LABELS: Record<TMembershipRole, Label> = {
  secretary: { "zh-CN": "书记", en: "Secretary" },
  deputy_secretary: { "zh-CN": "副书记", en: "Deputy secretary" },
  committee_member: { "zh-CN": "委员", en: "Committee member" },
  member: { "zh-CN": "党员", en: "Member" },
  responsible: { "zh-CN": "责任区负责党员", en: "Responsible member" },
};

/** Grid staff posts. Each grants its holder's account a role with a scope on the grid. */
export const STAFF_POSTS = ["grid_head", "grid_worker", "city_ops", "community_police", "council_member"] as const;
export type TStaffPost = (typeof STAFF_POSTS)[number];

export const STAFF_POST_LABELS: Record<TStaffPost, Label> = {
  grid_head: { "zh-CN": "网格长", en: "Grid head" },
  grid_worker: { "zh-CN": "网格员", en: "Grid worker" },
  city_ops: { "zh-CN": "城运专员", en: "City-operations officer" },
  community_police: { "zh-CN": "社区民警", en: "Community police officer" },
  council_member: { "zh-CN": "议事会成员", en: "Council member" },
};

/** The system role and scope an account receives while it holds a post on a grid. */
export const STAFF_POST_GRANTS: Record<TStaffPost, { role: TSystemRoleCode; scope: "subtree" | "grid" }> = {
  grid_head: { role: "grid_head", scope: "subtree" },
  grid_worker: { role: "grid_worker", scope: "subtree" },
  city_ops: { role: "dispatcher", scope: "subtree" },
  community_police: { role: "grid_worker", scope: "subtree" },
  council_member: { role: "council_member", scope: "subtree" },
};

/** Kinds of unit in the area (驻区单位). */
export const UNIT_KINDS = ["enterprise", "office_project", "apartment_operator", "bike_operator", "association", "school", "government"] as const;
export type TUnitKind = (typeof UNIT_KINDS)[number];

export const UNIT_KIND_LABELS: Record<TUnitKind, Label> = {
  enterprise: { "zh-CN": "企业", en: "Enterprise" },
  office_project: { "zh-CN": "楼宇项目", en: "Office-building project" },
  apartment_operator: { "zh-CN": "公寓运营方", en: "Apartment operator" },
  bike_operator: { "zh-CN": "共享单车运营方", en: "Shared-bike operator" },
  association: { "zh-CN": "社会组织/协会", en: "Association" },
  school: { "zh-CN": "学校", en: "School" },
  government: { "zh-CN": "政府部门", en: "Government department" },
};

/** Genders as recorded on ID cards. */
export const GENDERS = ["male", "female"] as const;
export const GENDER_LABELS: Record<(typeof GENDERS)[number], Label> = {
  male: { "zh-CN": "男", en: "Male" },
  female: { "zh-CN": "女", en: "Female" },
};
