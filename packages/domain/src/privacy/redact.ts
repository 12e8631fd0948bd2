/**
 * Redaction of personal data in text that leaves the building: published case descriptions and
 * notes (Open311, the tracking page) and every log line. One engine for both (DESIGN.md "One
 * engine per idea"; ADR 0009). Pure: no I/O, no locale; the same input always gives the same output.
 *
 * What it finds, written the ways people write it (ASCII or full-width digits, spaces, hyphens,
 * parentheses, a +86 / 0086 prefix):
 * - mainland mobile numbers (1[3-9] + 9 digits);
 * - landline numbers with an area code (0 + 2–3 digit code + 7–8 digits), and 8-digit local
 *   numbers written as one run (62345678);
 * - any number after a foreign + country code (8–15 digits, E.164);
 * - resident ID numbers (18 characters ending in a digit or X, or the old 15 digits);
 * - bank-card-like digit runs (16–19 digits);
 * - e-mail addresses;
 * - licence plates (沪A·12345, 沪AD12345);
 * - room numbers (502室);
 * - names the caller knows (the reporter's), given as `names`.
 * Each digit or letter found becomes `*`; separators stay, so the reader sees that something was there.
 */

/** Digits, ASCII or full-width. */
const DIGIT = "[0-9\\uFF10-\\uFF19]";
/** A separator people put inside numbers: space, hyphen (ASCII or full-width), parenthesis. */
const SEP = "[ \\u00A0\\u3000\\-\\uFF0D\\u2010-\\u2014()\\uFF08\\uFF09]";
/**
 * A candidate number: an optional + (or "(" before a country code), then digits with single
 * separators between them, optionally ending in X (ID numbers). It may not touch an ASCII letter
 * or digit on either side (a UUID or a word is not a phone), nor be part of a decimal (a log's
 * response time), but Chinese text may touch it (电话13800138000).
 */
const CANDIDATE = new RegExp(`(?<![0-9A-Za-z.\\uFF10-\\uFF19])[+\\uFF0B]?[(\\uFF08]?${DIGIT}(?:${SEP}{0,2}${DIGIT})*(?:${SEP}?[Xx])?(?![0-9A-Za-z\\uFF10-\\uFF19]|\\.\\d)`, "g");

const EMAIL = /[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}/g;
/** 省 abbreviation + letter + 5 (fuel) or 6 (new-energy) letters/digits, with an optional dot. */
const PLATE = /([京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青藏川宁琼])([A-HJ-NP-Z])[·•・.\s]?([A-HJ-NP-Z0-9]{5,6})(?![A-Za-z0-9])/g;
/** A room number: the digits before 室 (the household). */
const ROOM = new RegExp(`(${DIGIT}+)(\\s*室)`, "g");

/** Full-width digits to ASCII, so a rule reads one alphabet. */
function asciiDigits(s: string): string {
  return s.replace(/[\uFF10-\uFF19]/g, (d) => String.fromCharCode(d.charCodeAt(0) - 0xfee0));
}

/** True when a candidate's digits (and its + and X) are one of the patterns above. */
export function isPersonalNumber(candidate: string): boolean {
  const plus = /^[+\uFF0B]/.test(candidate);
  const text = asciiDigits(candidate);
  const digits = text.replace(/\D/g, "");
  const endsInX = /[Xx]$/.test(text);
  if (endsInX) return digits.length === 17 && !plus;
  if (plus) {
    // +86 then a national number without its trunk 0; any other country code: E.164 length.
    if (digits.startsWith("86")) return digits.length >= 11 && digits.length <= 13;
    return digits.length >= 8 && digits.length <= 15;
  }
  const national = digits.startsWith("0086") ? digits.slice(4) : digits.length === 13 && digits.startsWith("86") ? digits.slice(2) : digits;
  if (/^1[3-9]\d{9}$/.test(national)) return true;
  if (/^0\d{9,11}$/.test(national)) return true;
  if (digits.length === 8 && /^[2-9]/.test(digits) && digits === text) return true;
  if (digits.length === 15 || digits.length === 18) return true;
  return digits.length >= 16 && digits.length <= 19;
}

/** Replaces every letter and digit with `*`, keeping separators and the length. */
function star(s: string): string {
  return s.replace(/[0-9A-Za-z\uFF10-\uFF19]/g, "*");
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** A known name as shown in public: its first character, then one * per character (王小明 → 王**). */
function maskKnownName(name: string): string {
  const chars = Array.from(name);
  return chars[0] + "*".repeat(chars.length - 1);
}

export interface RedactOptions {
  /**
   * Names known to belong to the people of this record (the reporter's); each occurrence of one
   * of at least two characters is masked like the house's name mask.
   */
  names?: readonly (string | null | undefined)[];
}

/**
 * The text with personal data starred (see the module comment for what is found). Anything else
 * is left exactly as it was: dates, case numbers, amounts, UUIDs and timestamps survive.
 */
export function redactPersonalData(text: string, options: RedactOptions = {}): string {
  let out = text.replace(EMAIL, (m) => star(m.slice(0, m.indexOf("@"))) + "@" + m.slice(m.indexOf("@") + 1).replace(/[^.]+(?=\.)/g, (part) => star(part)));
  out = out.replace(CANDIDATE, (m) => (isPersonalNumber(m) ? star(m) : m));
  out = out.replace(PLATE, (_m, province: string, letter: string, rest: string) => `${province}${letter}${"*".repeat(rest.length)}`);
  out = out.replace(ROOM, (_m, digits: string, room: string) => "*".repeat(digits.length) + room);
  for (const name of options.names ?? []) {
    const trimmed = name?.trim();
    if (!trimmed || Array.from(trimmed).length < 2) continue;
    out = out.replace(new RegExp(escapeRegExp(trimmed), "g"), maskKnownName(trimmed));
  }
  return out;
}

/** The same for a value that may be missing. */
export function redactOptional(text: string | null | undefined, options?: RedactOptions): string | null {
  return text == null ? null : redactPersonalData(text, options);
}

/**
 * Decimal places kept in published coordinates: 3, i.e. a 0.001° grid — about 111 m north–south
 * and 95 m east–west at Shanghai's latitude (31.2° N), so a published point is within about
 * 56 m × 48 m of the true one and names a block, not a doorway.
 */
export const PUBLIC_COORDINATE_DECIMALS = 3;

/** A WGS84 coordinate snapped to the public grid (the nearest multiple of 0.001°). */
export function coarsenCoordinate(value: number | null | undefined): number | null {
  if (value == null || !Number.isFinite(value)) return null;
  const factor = 10 ** PUBLIC_COORDINATE_DECIMALS;
  return Math.round(value * factor) / factor;
}

/**
 * The first house-number token of a Chinese address: digits followed by 号 (not 号线, a metro
 * line), 弄, 栋, 幢, 座, 单元, 室, 楼 or 层, 户.
 */
const HOUSE_NUMBER = new RegExp(`${SEP}*${DIGIT}+${SEP}*(?:号(?!线)|弄|支弄|栋|幢|座|单元|室|楼|层|户)`);

/**
 * An address as published: the road or place only, as FixMyStreet shows the nearest road. The
 * text from the first house number on is dropped (申长路 988 弄 3 号 502 室 → 申长路), then the rest
 * is redacted; null when nothing is left.
 */
export function publicAddress(address: string | null | undefined, options?: RedactOptions): string | null {
  if (!address) return null;
  const match = HOUSE_NUMBER.exec(address);
  const kept = (match ? address.slice(0, match.index) : address).trim().replace(/[,，、\s]+$/u, "");
  return kept ? redactPersonalData(kept, options) : null;
}
