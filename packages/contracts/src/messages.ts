import type { TLocale } from "./locale";

/**
 * Localized field messages. Contracts name a message key (`phone.invalid`); the API's error
 * handler and the web forms both translate through this table.
 */
export const FIELD_MESSAGES: Record<string, Record<TLocale, string>> = {
  "text.malformedUnicode": { "zh-CN": "包含无效的 Unicode 字符", en: "Contains malformed Unicode" },
  "text.controlCharacters": { "zh-CN": "包含不允许的控制字符", en: "Contains control characters that are not allowed" },
  "phone.invalid": { "zh-CN": "请输入 11 位手机号", en: "Enter an 11-digit mainland mobile number" },
  "contactPhone.invalid": { "zh-CN": "请输入电话号码：手机号、带区号的座机或带国家代码的号码", en: "Enter a phone number: a mobile, a landline with its area code, or a number with its country code" },
  "username.pattern": { "zh-CN": "只能包含小写字母、数字、点、下划线和连字符，且以字母或数字开头", en: "Lower-case letters, digits, dot, dash and underscore, starting with a letter or digit" },
  "roleCode.pattern": { "zh-CN": "只能包含小写字母、数字和下划线，且以字母开头", en: "Lower-case letters, digits and underscores, starting with a letter" },
  "scope.gridMismatch": { "zh-CN": "“网格及下级”和“本网格”范围必须指定网格，其他范围不能指定网格", en: "Subtree and grid scopes need a grid; other scopes must not have one" },
  "field.taken": { "zh-CN": "已被使用", en: "Already in use" },
  "field.unknownGrid": { "zh-CN": "网格不存在", en: "No such grid" },
  "field.unknownRole": { "zh-CN": "角色不存在", en: "No such role" },
  "field.invalidCursor": { "zh-CN": "分页游标无效", en: "Invalid page cursor" },
  "field.mustBeFuture": { "zh-CN": "必须晚于当前时间", en: "Must be in the future" },
  "date.invalid": { "zh-CN": "请输入有效日期（YYYY-MM-DD）", en: "Enter a valid date (YYYY-MM-DD)" },
  "idNumber.invalid": { "zh-CN": "身份证号无效（18 位，校验位不符或出生日期不存在）", en: "Invalid ID number (18 characters, check digit or birth date wrong)" },
  "uscc.invalid": { "zh-CN": "统一社会信用代码无效（18 位，校验位不符）", en: "Invalid unified social credit code (18 characters, check character wrong)" },
  "grid.codePattern": { "zh-CN": "网格编码应为 12、14、16 或 19 位数字", en: "Grid codes have 12, 14, 16 or 19 digits" },
  "person.floatingNotMember": { "zh-CN": "流动党员必须是党员", en: "A floating member must be a party member" },
  "field.unknownPerson": { "zh-CN": "人员不存在", en: "No such person" },
  "field.unknownUser": { "zh-CN": "账号不存在", en: "No such account" },
  "field.outOfScope": { "zh-CN": "不在您的数据范围内", en: "Outside your data scope" },
  "field.gridRetired": { "zh-CN": "该网格已撤销", en: "This grid has been retired" },
  "field.gridHasOrg": { "zh-CN": "该网格已有党组织（一网格一组织）", en: "This grid already has an organisation (one per grid)" },
  "field.kindMismatch": { "zh-CN": "组织类型与网格层级不符", en: "Organisation kind does not match the grid level" },
  "field.typeMismatch": { "zh-CN": "网格类型与层级不符", en: "Grid type does not match its level" },
  "field.endBeforeStart": { "zh-CN": "结束日期不能早于开始日期", en: "End date cannot be before the start date" },
  "field.outsideArea": { "zh-CN": "该位置不在本街道范围内", en: "This location is outside the sub-district" },
  "field.required": { "zh-CN": "必填", en: "Required" },
  "field.invalid": { "zh-CN": "取值无效", en: "Invalid value" },
  "field.unknown": { "zh-CN": "该分类没有这一项", en: "This category has no such field" },
  "field.notAllowed": { "zh-CN": "此处不能填写", en: "Not allowed here" },
  "field.tooEarly": { "zh-CN": "须晚于当前期限", en: "Must be later than the current due time" },
  "text.required": { "zh-CN": "不能为空", en: "Cannot be empty" },
  "text.noHtml": { "zh-CN": "请使用纯文本，不能包含 HTML 标签", en: "Plain text only: no HTML tags" },
  "category.invalid": { "zh-CN": "请选择一个有效的问题小类", en: "Pick an active subcategory" },
  "category.parent": { "zh-CN": "上级分类不正确", en: "Wrong parent category" },
  "category.level": { "zh-CN": "不能改变分类层级", en: "The category level cannot change" },
  "category.code": { "zh-CN": "编码为 2 位（大类）或 4 位（小类）数字", en: "2 digits for a class, 4 for a subcategory" },
  "photo.unavailable": { "zh-CN": "照片不存在或已被使用，请重新上传", en: "Photo missing or already used: upload it again" },
  "assignee.invalid": { "zh-CN": "该处置人或单位不可用", en: "This handler or unit cannot take cases" },
  "channel.forbidden": { "zh-CN": "您不能通过该渠道登记", en: "You cannot report through this channel" },
  "case.invalid": { "zh-CN": "请选择一个有效的主案件", en: "Pick a valid main case" },
  required: { "zh-CN": "必填", en: "Required" },
  invalidType: { "zh-CN": "类型不正确，应为 {expected}", en: "Wrong type, expected {expected}" },
  tooSmallString: { "zh-CN": "至少 {minimum} 个字符", en: "At least {minimum} characters" },
  tooBigString: { "zh-CN": "最多 {maximum} 个字符", en: "At most {maximum} characters" },
  tooSmallNumber: { "zh-CN": "不能小于 {minimum}", en: "Must be at least {minimum}" },
  tooBigNumber: { "zh-CN": "不能大于 {maximum}", en: "Must be at most {maximum}" },
  tooSmallArray: { "zh-CN": "至少 {minimum} 项", en: "At least {minimum} items" },
  tooBigArray: { "zh-CN": "最多 {maximum} 项", en: "At most {maximum} items" },
  invalidFormat: { "zh-CN": "格式不正确（{format}）", en: "Invalid format ({format})" },
  invalidValue: { "zh-CN": "取值不在允许范围内：{values}", en: "Must be one of: {values}" },
  unrecognizedKeys: { "zh-CN": "不允许的字段：{keys}", en: "Unknown fields: {keys}" },
  invalid: { "zh-CN": "取值无效", en: "Invalid value" },
};

/** Fills `{name}` placeholders. */
export function formatMessage(key: string, locale: TLocale, params: Record<string, unknown> = {}): string {
  const template = FIELD_MESSAGES[key]?.[locale];
  if (!template) return key;
  return template.replace(/\{(\w+)\}/g, (_, name: string) => String(params[name] ?? ""));
}
