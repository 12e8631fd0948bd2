import type { TCaseCategory, TCategoryField, TLocale } from "@caihong/contracts";
import { formatDateTime } from "../../i18n/format";

// The seeded dictionaries in the reader's language: categories, their standards and extra fields,
// and the actors of a case's timeline. English falls back to Chinese only where a tenant's own
// entry has no English yet (an admin adds it on the categories page).

const isEn = (locale: TLocale) => locale === "en";

/** The category's name in `locale`. */
export function categoryName(category: Pick<TCaseCategory, "name" | "nameEn">, locale: TLocale): string {
  return isEn(locale) && category.nameEn ? category.nameEn : category.name;
}

/** 立案标准 and 结案标准 in `locale` (null when the category has none). */
export function categoryStandards(category: Pick<TCaseCategory, "filingStandard" | "closingStandard" | "filingStandardEn" | "closingStandardEn">, locale: TLocale) {
  return {
    filing: (isEn(locale) ? category.filingStandardEn : null) ?? category.filingStandard,
    closing: (isEn(locale) ? category.closingStandardEn : null) ?? category.closingStandard,
  };
}

/** An extra field's label in `locale`. */
export function fieldLabel(field: Pick<TCategoryField, "label" | "labelEn">, locale: TLocale): string {
  return isEn(locale) && field.labelEn ? field.labelEn : field.label;
}

/** An extra field's help text in `locale` (undefined when it has none). */
export function fieldDescription(field: Pick<TCategoryField, "description" | "descriptionEn">, locale: TLocale): string | undefined {
  return (isEn(locale) && field.descriptionEn ? field.descriptionEn : field.description) ?? undefined;
}

/** A list choice's name in `locale`. */
export function optionName(option: NonNullable<TCategoryField["options"]>[number], locale: TLocale): string {
  return isEn(locale) && option.nameEn ? option.nameEn : option.name;
}

/**
 * What a case's extra field holds, as people read it: a list choice by its name (`hellobike` →
 * 哈啰 / Hellobike), several joined, a time in Shanghai time; `isData` when the value is what
 * someone typed (shown as entered in every language).
 */
export function attributeText(field: TCategoryField | undefined, value: string | number | string[], locale: TLocale): { text: string; isData: boolean } {
  const separator = isEn(locale) ? ", " : "、";
  const values = Array.isArray(value) ? value : [value];
  if (field?.options?.length && (field.datatype === "singlevaluelist" || field.datatype === "multivaluelist")) {
    const names = values.map((item) => {
      const option = field.options!.find((candidate) => candidate.key === item);
      return option ? optionName(option, locale) : String(item);
    });
    return { text: names.join(separator), isData: false };
  }
  if (field?.datatype === "datetime" && typeof value === "string") return { text: formatDateTime(value) || value, isData: false };
  if (field?.datatype === "number") return { text: values.join(separator), isData: false };
  return { text: values.join(separator), isData: true };
}

/** Words the product and the demo put in front of a person's name on a timeline, in both languages. */
const ACTOR_ROLES: readonly (readonly [string, Record<TLocale, string>])[] = [
  ["城运中心·12345 热线受理", { "zh-CN": "城运中心·12345 热线受理", en: "City operations centre · 12345 hotline desk" }],
  ["城运中心·代为登记", { "zh-CN": "城运中心·代为登记", en: "City operations centre · entered by" }],
  ["城运中心·派单员", { "zh-CN": "城运中心·派单员", en: "City operations centre · dispatcher" }],
  ["城运中心·值班长", { "zh-CN": "城运中心·值班长", en: "City operations centre · duty manager" }],
  ["城运中心·回访员", { "zh-CN": "城运中心·回访员", en: "City operations centre · follow-up caller" }],
  ["反映人（查询码）", { "zh-CN": "反映人（查询码）", en: "Reporter (tracking code)" }],
  ["Open311 接入", { "zh-CN": "Open311 接入", en: "Open311 client" }],
  ["网格员", { "zh-CN": "网格员", en: "Grid worker" }],
  ["派单员", { "zh-CN": "派单员", en: "Dispatcher" }],
  ["处置人", { "zh-CN": "处置人", en: "Handler" }],
  ["回访员", { "zh-CN": "回访员", en: "Follow-up caller" }],
  ["居民", { "zh-CN": "居民", en: "Resident" }],
  ["anonymous", { "zh-CN": "匿名", en: "Anonymous" }],
  ["system", { "zh-CN": "系统", en: "System" }],
  ["cli", { "zh-CN": "命令行", en: "Command line" }],
];
const DEMO_SUFFIX = "（示例）";

/** Who took a step, split into the role the product names (translated) and the person's name (data, shown as recorded). */
export interface ActorText {
  role: string | null;
  name: string | null;
  /** A person of the demo data set (示例 / demo). */
  isDemo: boolean;
}

/**
 * Reads a timeline's actor label — `system`, `居民`, `城运中心·派单员 陈*（示例）`, `王芳 (wang.fang)` —
 * into the role the product wrote (in `locale`) and the name of the person (left as recorded).
 */
export function actorText(label: string, locale: TLocale): ActorText {
  let rest = label.trim();
  const isDemo = rest.endsWith(DEMO_SUFFIX);
  if (isDemo) rest = rest.slice(0, -DEMO_SUFFIX.length).trim();
  const match = ACTOR_ROLES.find(([word]) => rest === word || rest.startsWith(`${word} `) || (rest.startsWith(word) && /[^\x20-\x7e]/.test(word)));
  if (!match) return { role: null, name: rest || null, isDemo };
  const name = rest.slice(match[0].length).trim();
  return { role: match[1][locale], name: name || null, isDemo };
}
