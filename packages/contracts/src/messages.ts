import type { TLocale } from "./locale";

/**
 * Localized field messages. Contracts name a message key (`phone.invalid`); the API's error
 * handler and the web forms both translate through this table.
 */
export const FIELD_MESSAGES: Record<string, Record<TLocale, string>> = {
  "text.malformedUnicode": { "zh-CN": "包含无效的 Unicode 字符", en: "Contains malformed Unicode" },
  "text.controlCharacters": { "zh-CN": "包含不允许的控制字符", en: "Contains control characters that are not allowed" },
  "phone.invalid": { "zh-CN": "请输入 11 位手机号", en: "Enter an 11-digit mainland mobile number" },
  "username.pattern": { "zh-CN": "只能包含小写字母、数字、点、下划线和连字符，且以字母或数字开头", en: "Lower-case letters, digits, dot, dash and underscore, starting with a letter or digit" },
  "roleCode.pattern": { "zh-CN": "只能包含小写字母、数字和下划线，且以字母开头", en: "Lower-case letters, digits and underscores, starting with a letter" },
  "scope.gridMismatch": { "zh-CN": "“网格及下级”和“本网格”范围必须指定网格，其他范围不能指定网格", en: "Subtree and grid scopes need a grid; other scopes must not have one" },
  "field.taken": { "zh-CN": "已被使用", en: "Already in use" },
  "field.unknownGrid": { "zh-CN": "网格不存在", en: "No such grid" },
  "field.unknownRole": { "zh-CN": "角色不存在", en: "No such role" },
  "field.invalidCursor": { "zh-CN": "分页游标无效", en: "Invalid page cursor" },
  "field.mustBeFuture": { "zh-CN": "必须晚于当前时间", en: "Must be in the future" },
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
