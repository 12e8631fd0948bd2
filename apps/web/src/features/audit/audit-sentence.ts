import type { TAuditEntry, TLocale } from "@caihong/contracts";

type Text = Record<TLocale, string>;

/** Nouns of the audited records, for `<entity>.<verb>` actions without a sentence of their own. */
const ENTITIES: Record<string, Text> = {
  user: { "zh-CN": "用户", en: "user" },
  role: { "zh-CN": "角色", en: "role" },
  grid: { "zh-CN": "网格", en: "grid" },
  unit: { "zh-CN": "单位", en: "unit" },
  person: { "zh-CN": "人员", en: "person" },
  party_org: { "zh-CN": "党组织", en: "Party organisation" },
  party_membership: { "zh-CN": "党组织成员关系", en: "membership" },
  staff_assignment: { "zh-CN": "网格岗位", en: "grid post" },
  case: { "zh-CN": "案件", en: "case" },
  case_category: { "zh-CN": "案件分类", en: "case category" },
  apikey: { "zh-CN": "API 密钥", en: "API key" },
  calendar: { "zh-CN": "工作日历", en: "work calendar day" },
  tenant: { "zh-CN": "街道设置", en: "sub-district settings" },
};

/** Verbs of `<entity>.<verb>`: `{entity}` and `{subject}` are filled in. */
const VERBS: Record<string, Text> = {
  create: { "zh-CN": "新建了{entity} {subject}", en: "created {entity} {subject}" },
  update: { "zh-CN": "修改了{entity} {subject}", en: "updated {entity} {subject}" },
  delete: { "zh-CN": "删除了{entity} {subject}", en: "deleted {entity} {subject}" },
  end: { "zh-CN": "结束了{entity} {subject}", en: "ended {entity} {subject}" },
  revoke: { "zh-CN": "吊销了{entity} {subject}", en: "revoked {entity} {subject}" },
  import: { "zh-CN": "导入了{entity} {subject}", en: "imported {entity} {subject}" },
  put: { "zh-CN": "设置了{entity} {subject}", en: "set {entity} {subject}" },
  retire: { "zh-CN": "撤销了{entity} {subject}", en: "retired {entity} {subject}" },
  redraw: { "zh-CN": "重绘了{entity} {subject} 的边界", en: "redrew the boundary of {entity} {subject}" },
  unmask: { "zh-CN": "查看了{entity} {subject} 的个人信息", en: "revealed personal data of {entity} {subject}" },
};

/** Actions with a sentence of their own (case steps, sign-in, the reads of personal data …). */
const SENTENCES: Record<string, Text> = {
  "case.create": { "zh-CN": "登记了案件 {subject}", en: "registered case {subject}" },
  "case.file": { "zh-CN": "立案了案件 {subject}", en: "filed case {subject}" },
  "case.void": { "zh-CN": "注销了案件 {subject}", en: "voided case {subject}" },
  "case.flood.void": { "zh-CN": "批量注销了同一来源的匿名案件", en: "voided a flood of anonymous cases from one source" },
  "case.dispatch": { "zh-CN": "派遣了案件 {subject}", en: "dispatched case {subject}" },
  "case.acknowledge": { "zh-CN": "签收了案件 {subject}", en: "acknowledged case {subject}" },
  "case.start": { "zh-CN": "开始处置案件 {subject}", en: "started work on case {subject}" },
  "case.handle": { "zh-CN": "反馈了案件 {subject} 的处置结果", en: "reported case {subject} handled" },
  "case.request_return": { "zh-CN": "申请退回案件 {subject}", en: "asked to return case {subject}" },
  "case.approve_return": { "zh-CN": "同意退回案件 {subject}", en: "approved the return of case {subject}" },
  "case.refuse_return": { "zh-CN": "不同意退回案件 {subject}", en: "refused the return of case {subject}" },
  "case.request_extension": { "zh-CN": "为案件 {subject} 申请延期", en: "asked for more time on case {subject}" },
  "case.approve_extension": { "zh-CN": "同意案件 {subject} 延期", en: "extended the deadline of case {subject}" },
  "case.refuse_extension": { "zh-CN": "不同意案件 {subject} 延期", en: "refused more time on case {subject}" },
  "case.verify": { "zh-CN": "核查通过案件 {subject}", en: "verified case {subject}" },
  "case.rework": { "zh-CN": "将案件 {subject} 退回返工", en: "sent case {subject} back for rework" },
  "case.close": { "zh-CN": "结案了案件 {subject}", en: "closed case {subject}" },
  "case.self_resolve": { "zh-CN": "自办自结了案件 {subject}", en: "resolved case {subject} on the spot" },
  "case.follow_up": { "zh-CN": "回访了案件 {subject}", en: "made the follow-up call on case {subject}" },
  "case.rate": { "zh-CN": "评价了案件 {subject}", en: "rated case {subject}" },
  "case.reopen": { "zh-CN": "重办了案件 {subject}", en: "reopened case {subject}" },
  "case.merge": { "zh-CN": "合并了案件 {subject}", en: "merged case {subject}" },
  "case.supervise": { "zh-CN": "督办了案件 {subject}", en: "supervised case {subject}" },
  "case.comment": { "zh-CN": "为案件 {subject} 添加了备注", en: "commented on case {subject}" },
  "case.warn": { "zh-CN": "发出案件 {subject} 的临期预警", en: "warned that case {subject} is due soon" },
  "case.escalate": { "zh-CN": "将超期案件 {subject} 升级", en: "escalated overdue case {subject}" },
  "case.reporter.unmask": { "zh-CN": "查看了案件 {subject} 反映人的联系方式", en: "revealed the reporter of case {subject}" },
  "case_photo.sweep": { "zh-CN": "清理了未使用的案件照片", en: "removed unused case photos" },
  "auth.login": { "zh-CN": "登录", en: "signed in" },
  "auth.logout": { "zh-CN": "退出登录", en: "signed out" },
  "auth.login.fail": { "zh-CN": "登录失败 {subject}", en: "failed to sign in {subject}" },
  "auth.lockout": { "zh-CN": "登录失败次数过多，账号被临时锁定 {subject}", en: "was locked out after too many failed sign-ins {subject}" },
  "auth.throttle": { "zh-CN": "登录失败次数过多，该账号在该地址的登录被暂缓 {subject}", en: "failed to sign in too often; sign-ins from that address are slowed down {subject}" },
  "user.register": { "zh-CN": "注册了账号 {subject}", en: "registered the account {subject}" },
  "user.profile.update": { "zh-CN": "修改了个人资料", en: "updated their profile" },
  "user.password.change": { "zh-CN": "修改了密码", en: "changed their password" },
  "user.password.reset": { "zh-CN": "重置了用户 {subject} 的密码", en: "reset the password of user {subject}" },
  "user.phone.unmask": { "zh-CN": "查看了用户 {subject} 的手机号", en: "revealed the phone number of user {subject}" },
  "person.personal_data.unmask": { "zh-CN": "查看了人员 {subject} 的个人信息", en: "revealed personal data of person {subject}" },
  "unit.contacts.unmask": { "zh-CN": "查看了单位 {subject} 的联系人", en: "revealed the contacts of unit {subject}" },
  "tenant.update": { "zh-CN": "修改了街道设置", en: "changed the sub-district settings" },
  "demo.seed": { "zh-CN": "载入了示例数据", en: "loaded the demo data" },
};

const isRecord = (value: unknown): value is Record<string, unknown> => typeof value === "object" && value !== null && !Array.isArray(value);
const str = (value: unknown): string | null => (typeof value === "string" && value ? value : typeof value === "number" ? String(value) : null);

/** What the entry is about, as people name it: a case number, a name, a code, a date; else the id's first characters. */
export function auditSubject(entry: Pick<TAuditEntry, "before" | "after" | "entityId">): string | null {
  for (const snapshot of [entry.after, entry.before]) {
    if (!isRecord(snapshot)) continue;
    const named = str(snapshot.number) ?? str(snapshot.name) ?? str(snapshot.displayName) ?? str(snapshot.username) ?? str(snapshot.title) ?? str(snapshot.date);
    if (named) return named;
    const code = str(snapshot.code);
    if (code) return code;
  }
  return entry.entityId ? entry.entityId.slice(0, 8) : null;
}

/** One sentence, split around the subject so the page can show the subject as data. */
export interface AuditSentence {
  before: string;
  subject: string | null;
  after: string;
  /** False when the action is unknown here: the page shows its code instead. */
  isKnown: boolean;
}

function fill(template: string, entity: string, subject: string | null): AuditSentence {
  const text = template.replace("{entity}", entity);
  if (!text.includes("{subject}")) return { before: text, subject: null, after: "", isKnown: true };
  const [before = "", after = ""] = text.split("{subject}");
  if (subject) return { before, subject, after, isKnown: true };
  return { before: `${before}${after}`.replace(/\s+/g, " ").trim(), subject: null, after: "", isKnown: true };
}

/**
 * An audit entry as a sentence in `locale`: `case.dispatch` of XH-2021-000123 → 派遣了案件
 * XH-2021-000123 / dispatched case XH-2021-000123. Actions without a sentence fall back to their
 * entity and verb, and unknown ones to the code (`isKnown` false).
 */
export function auditSentence(entry: Pick<TAuditEntry, "action" | "entityType" | "before" | "after" | "entityId">, locale: TLocale): AuditSentence {
  const subject = auditSubject(entry);
  const own = SENTENCES[entry.action];
  if (own) return fill(own[locale], "", subject);
  const verb = entry.action.endsWith(".unmask") ? "unmask" : entry.action.slice(entry.action.lastIndexOf(".") + 1);
  const entity = ENTITIES[entry.entityType] ?? ENTITIES[entry.action.slice(0, entry.action.indexOf("."))];
  const template = VERBS[verb];
  if (!entity || !template) return { before: entry.action, subject: null, after: "", isKnown: false };
  return fill(template[locale], entity[locale], subject);
}
