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
  "cases.read",
  "cases.report",
  "cases.handle",
  "cases.dispatch",
  "cases.configure",
  "evaluation.read",
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
  "cases.read": { "zh-CN": "查看案件", en: "View cases" },
  "cases.report": { "zh-CN": "上报案件", en: "Report cases" },
  "cases.handle": { "zh-CN": "签收与处置案件", en: "Acknowledge and handle cases" },
  "cases.dispatch": { "zh-CN": "立案、派遣、核查与结案", en: "File, dispatch, verify and close cases" },
  "cases.configure": { "zh-CN": "管理案件分类与工作日历", en: "Manage case categories and the work calendar" },
  "evaluation.read": { "zh-CN": "查看考核评价", en: "View evaluation" },
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
    permissions: ["users.read", "grids.read", "audit.read", "party.read", "party.write", "people.read", "people.write", "units.read", "units.write", "cases.read", "evaluation.read"] as TPermission[],
  },
  dispatcher: {
    "zh-CN": "城运中心派单员",
    en: "City-operations dispatcher",
    permissions: ["users.read", "grids.read", "party.read", "people.read", "units.read", "cases.read", "cases.report", "cases.dispatch", "evaluation.read"] as TPermission[],
  },
  grid_head: {
    "zh-CN": "网格长",
    en: "Grid head",
    permissions: ["users.read", "grids.read", "party.read", "people.read", "people.write", "units.read", "units.write", "cases.read", "cases.report", "cases.handle", "cases.dispatch", "evaluation.read"] as TPermission[],
  },
  grid_worker: { "zh-CN": "网格员", en: "Grid worker", permissions: ["grids.read", "party.read", "people.read", "units.read", "cases.read", "cases.report", "cases.handle"] as TPermission[] },
  council_member: { "zh-CN": "议事会成员", en: "Council member", permissions: ["grids.read", "party.read", "units.read", "cases.read", "evaluation.read"] as TPermission[] },
  apartment_operator: { "zh-CN": "公寓运营方", en: "Apartment operator", permissions: ["cases.read", "cases.handle"] as TPermission[] },
  resident: { "zh-CN": "居民", en: "Resident", permissions: ["cases.read", "cases.report"] as TPermission[] },
} as const;
export type TSystemRoleCode = keyof typeof SYSTEM_ROLES;

/**
 * The four grid levels of the model (DOMAIN.md, "Surface"): 街道/社区 → 处置网格 → 自治网格 → 微网格.
 * Code says the level's name, never its number: `GRID_LEVEL.micro`, not `4`. Defined here, where
 * the tables below are keyed by it; `@caihong/domain` re-exports it for the rules.
 */
export const GRID_LEVEL = {
  /** 街道/社区: the sub-district itself, the root of the tree. */
  subdistrict: 1,
  /** 处置网格: a disposal grid with its 党建议事会 (4 in Xinhong). */
  disposal: 2,
  /** 自治网格: a village/residential committee, workstation or street-front area (29 in Xinhong). */
  autonomous: 3,
  /** 微网格: a block, workstation or street-front stretch; every point lies in exactly one (147 in Xinhong). */
  micro: 4,
} as const;

/** A grid level, 1 … 4. */
export type GridLevel = (typeof GRID_LEVEL)[keyof typeof GRID_LEVEL];

/** Every level, root first. */
export const GRID_LEVELS: readonly GridLevel[] = [GRID_LEVEL.subdistrict, GRID_LEVEL.disposal, GRID_LEVEL.autonomous, GRID_LEVEL.micro];

/** True for a level number 1 … 4. */
export function isGridLevel(value: number): value is GridLevel {
  return Number.isInteger(value) && value >= GRID_LEVEL.subdistrict && value <= GRID_LEVEL.micro;
}

/** Each level's name; typed by number so a stored level looks up without a cast (`undefined` for an unknown one). */
export const GRID_LEVEL_LABELS: Record<number, Label> = {
  [GRID_LEVEL.subdistrict]: { "zh-CN": "街道", en: "Sub-district" },
  [GRID_LEVEL.disposal]: { "zh-CN": "处置网格", en: "Disposal grid" },
  [GRID_LEVEL.autonomous]: { "zh-CN": "自治网格", en: "Autonomous grid" },
  [GRID_LEVEL.micro]: { "zh-CN": "微网格", en: "Micro grid" },
} satisfies Record<GridLevel, Label>;

/**
 * Coordinate systems a point may arrive in: WGS84 (GPS, OSM, Open311; what we store), GCJ-02
 * (AMap, Tencent, WeChat) and BD-09 (Baidu). CGCS2000 (天地图) is treated as WGS84. The contracts
 * (`ZCrs`), the CLI flags and the domain's conversions (`@caihong/domain/geo`) all take this list.
 */
export const CRS_VALUES = ["wgs84", "gcj02", "bd09"] as const;
export type TCrs = (typeof CRS_VALUES)[number];

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
export const GRID_TYPES_BY_LEVEL: Record<GridLevel, readonly TGridType[]> = {
  [GRID_LEVEL.subdistrict]: ["subdistrict"],
  [GRID_LEVEL.disposal]: ["disposal"],
  [GRID_LEVEL.autonomous]: ["residents_committee", "village_committee", "workstation", "street_front"],
  [GRID_LEVEL.micro]: ["residential_block", "workstation", "street_front"],
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
  switch (level) {
    case GRID_LEVEL.subdistrict:
      return "community_committee";
    case GRID_LEVEL.disposal:
      return "disposal_council";
    case GRID_LEVEL.autonomous:
      return type === "street_front" ? "street_branch" : "community_branch";
    case GRID_LEVEL.micro:
      return "responsibility_zone";
    default:
      return null;
  }
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

/** The case workflow's states (see packages/domain/src/cases/workflow.ts). */
export const CASE_STATES = ["reported", "filed", "dispatched", "acknowledged", "in_progress", "return_requested", "handled", "verified", "closed", "voided", "merged"] as const;
export type TCaseState = (typeof CASE_STATES)[number];

export const CASE_STATE_LABELS: Record<TCaseState, Label> = {
  reported: { "zh-CN": "待立案", en: "Reported" },
  filed: { "zh-CN": "待派遣", en: "Filed" },
  dispatched: { "zh-CN": "待签收", en: "Dispatched" },
  acknowledged: { "zh-CN": "已签收", en: "Acknowledged" },
  in_progress: { "zh-CN": "处置中", en: "In progress" },
  return_requested: { "zh-CN": "退回待审", en: "Return requested" },
  handled: { "zh-CN": "待核查", en: "Handled" },
  verified: { "zh-CN": "待结案", en: "Verified" },
  closed: { "zh-CN": "已结案", en: "Closed" },
  voided: { "zh-CN": "已注销", en: "Voided" },
  merged: { "zh-CN": "已合并", en: "Merged" },
};

/** States in which a case is still being worked on (not closed, voided or merged). */
export const OPEN_CASE_STATES = ["reported", "filed", "dispatched", "acknowledged", "in_progress", "return_requested", "handled", "verified"] as const satisfies readonly TCaseState[];

/** States a case never leaves (结案, 注销, 合并): its clock has stopped for good. Every state is open or finished. */
export const FINISHED_STATES = ["closed", "voided", "merged"] as const satisfies readonly TCaseState[];

export const CASE_ACTIONS = [
  "file",
  "void",
  "dispatch",
  "acknowledge",
  "start",
  "handle",
  "request_return",
  "approve_return",
  "refuse_return",
  "request_extension",
  "approve_extension",
  "refuse_extension",
  "verify",
  "rework",
  "close",
  "self_resolve",
  "follow_up",
  "rate",
  "reopen",
  "merge",
  "supervise",
  "comment",
] as const;
export type TCaseAction = (typeof CASE_ACTIONS)[number];

export const CASE_ACTION_LABELS: Record<TCaseAction | "report" | "escalate" | "warn", Label> = {
  report: { "zh-CN": "上报", en: "Report" },
  file: { "zh-CN": "立案", en: "File" },
  void: { "zh-CN": "注销", en: "Void" },
  dispatch: { "zh-CN": "派遣", en: "Dispatch" },
  acknowledge: { "zh-CN": "签收", en: "Acknowledge" },
  start: { "zh-CN": "开始处置", en: "Start work" },
  handle: { "zh-CN": "处置反馈", en: "Report handled" },
  request_return: { "zh-CN": "申请退回", en: "Request return" },
  approve_return: { "zh-CN": "同意退回", en: "Approve return" },
  refuse_return: { "zh-CN": "不同意退回", en: "Refuse return" },
  request_extension: { "zh-CN": "申请延期", en: "Request extension" },
  approve_extension: { "zh-CN": "同意延期", en: "Approve extension" },
  refuse_extension: { "zh-CN": "不同意延期", en: "Refuse extension" },
  verify: { "zh-CN": "核查通过", en: "Verify" },
  rework: { "zh-CN": "返工", en: "Send back for rework" },
  close: { "zh-CN": "结案", en: "Close" },
  self_resolve: { "zh-CN": "自办自结", en: "Resolve on the spot" },
  follow_up: { "zh-CN": "回访", en: "Follow-up call" },
  rate: { "zh-CN": "评价", en: "Rate" },
  reopen: { "zh-CN": "重办", en: "Reopen" },
  merge: { "zh-CN": "合并", en: "Merge" },
  supervise: { "zh-CN": "督办", en: "Supervise" },
  comment: { "zh-CN": "备注", en: "Comment" },
  warn: { "zh-CN": "临期预警", en: "Due-soon warning" },
  escalate: { "zh-CN": "超期升级", en: "Escalated" },
};

/** Intake channels. */
export const CASE_CHANNELS = ["resident_app", "patrol", "hotline", "open311", "staff_proxy"] as const;
export type TCaseChannel = (typeof CASE_CHANNELS)[number];
export const CASE_CHANNEL_LABELS: Record<TCaseChannel, Label> = {
  resident_app: { "zh-CN": "居民随手拍", en: "Resident app" },
  patrol: { "zh-CN": "网格巡查", en: "Grid patrol" },
  hotline: { "zh-CN": "12345 热线", en: "12345 hotline" },
  open311: { "zh-CN": "Open311 接口", en: "Open311 client" },
  staff_proxy: { "zh-CN": "代为登记", en: "Entered by staff" },
};

export const CASE_PRIORITIES = ["normal", "urgent"] as const;
export type TCasePriority = (typeof CASE_PRIORITIES)[number];
export const CASE_PRIORITY_LABELS: Record<TCasePriority, Label> = {
  normal: { "zh-CN": "一般", en: "Normal" },
  urgent: { "zh-CN": "紧急", en: "Urgent" },
};

export const SATISFACTION = ["satisfied", "basically_satisfied", "dissatisfied"] as const;
export type TSatisfaction = (typeof SATISFACTION)[number];
export const SATISFACTION_LABELS: Record<TSatisfaction, Label> = {
  satisfied: { "zh-CN": "满意", en: "Satisfied" },
  basically_satisfied: { "zh-CN": "基本满意", en: "Basically satisfied" },
  dissatisfied: { "zh-CN": "不满意", en: "Dissatisfied" },
};

/** SLA colour of an open case: no clock, running, past 80 % of the limit, past the limit. */
export const SLA_STATUSES = ["none", "normal", "warning", "overdue"] as const;
export type TSlaStatus = (typeof SLA_STATUSES)[number];
export const SLA_STATUS_LABELS: Record<TSlaStatus, Label> = {
  none: { "zh-CN": "未计时", en: "No clock" },
  normal: { "zh-CN": "正常", en: "On time" },
  warning: { "zh-CN": "临期", en: "Due soon" },
  overdue: { "zh-CN": "超期", en: "Overdue" },
};

/** Escalation stages of the clock: 80 % warning, overdue (level 3), council (level 2), sub-district (level 1). */
export const ESCALATION_STAGE_LABELS: Record<"warning" | "overdue" | "council" | "subdistrict", Label> = {
  warning: { "zh-CN": "临期预警", en: "Due soon" },
  overdue: { "zh-CN": "超期（督办自治网格）", en: "Overdue (autonomous grid notified)" },
  council: { "zh-CN": "升级至处置网格议事会", en: "Escalated to the disposal-grid council" },
  subdistrict: { "zh-CN": "升级至街道", en: "Escalated to the sub-district" },
};

/** Units of a category time limit: working hours (工作时) or working days (工作日). */
export const TIME_LIMIT_UNITS = ["hours", "days"] as const;
export const TIME_LIMIT_UNIT_LABELS: Record<(typeof TIME_LIMIT_UNITS)[number], Label> = {
  hours: { "zh-CN": "工作时", en: "working hours" },
  days: { "zh-CN": "工作日", en: "working days" },
};

/** Open311 attribute datatypes a category's extra fields may use. */
export const CATEGORY_FIELD_TYPES = ["string", "number", "datetime", "text", "singlevaluelist", "multivaluelist"] as const;

/** Evaluation indicators (formulas in docs/evaluation.md). */
export const EVALUATION_METRICS = ["reported", "filingRate", "onTimeHandlingRate", "closingRate", "onTimeClosingRate", "reworkRate", "extensionRate", "satisfactionRate", "avgHandlingHours"] as const;
export type TEvaluationMetric = (typeof EVALUATION_METRICS)[number];
export const EVALUATION_METRIC_LABELS: Record<TEvaluationMetric, Label> = {
  reported: { "zh-CN": "上报数", en: "Reported" },
  filingRate: { "zh-CN": "立案率", en: "Filing rate" },
  onTimeHandlingRate: { "zh-CN": "按期处置率", en: "On-time handling rate" },
  closingRate: { "zh-CN": "结案率", en: "Closing rate" },
  onTimeClosingRate: { "zh-CN": "按期结案率", en: "On-time closing rate" },
  reworkRate: { "zh-CN": "返工率", en: "Rework rate" },
  extensionRate: { "zh-CN": "延期率", en: "Extension rate" },
  satisfactionRate: { "zh-CN": "满意率", en: "Satisfaction rate" },
  avgHandlingHours: { "zh-CN": "平均处置时长（工作时）", en: "Average handling time (working hours)" },
};
