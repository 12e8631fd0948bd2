/**
 * Phone numbers as people and clients type them. One function for every phone input (ADR 0009):
 * FixMyStreet sends `+86 138 0013 8000`, residents type `138-0013-8000` or full-width digits,
 * 12345 exports carry landlines. Each is reduced to one canonical form, so the keyed hash
 * finds the same person whichever way the number was written.
 */

/** What a typed number may contain besides digits: spaces, hyphens, dots, slashes, parentheses. */
const SEPARATORS = /[\s\u3000\-\u2010-\u2014\uFF0D.()\uFF08\uFF09/]/g;

/** The kind of number a canonical form is. */
export type PhoneKind = "mobile" | "landline" | "service" | "international";

/**
 * The canonical form of a typed phone number, or null when it cannot be a phone number:
 * - a mainland mobile → 11 digits (`13800138000`), with or without +86 / 0086 / 86;
 * - a mainland landline with its area code → `0` + code + number (`02161234567`); after +86 the
 *   trunk 0 is put back (`+86 21 6123 4567` → `02161234567`);
 * - a 400/800 service number → 10 digits;
 * - a number after another country code → `+` and 8–15 digits (E.164), e.g. `+442079460958`.
 * Local numbers without an area code are refused: they cannot be dialled from elsewhere.
 */
export function normalizePhone(typed: string): string | null {
  const text = typed.normalize("NFKC").trim().replace(SEPARATORS, "");
  if (!/^\+?\d+$/.test(text)) return null;
  let national: string;
  if (text.startsWith("+")) {
    const digits = text.slice(1);
    if (!digits.startsWith("86")) return digits.length >= 8 && digits.length <= 15 ? `+${digits}` : null;
    national = digits.slice(2);
  } else if (text.startsWith("0086")) national = text.slice(4);
  else if (text.length === 13 && /^861[3-9]/.test(text)) national = text.slice(2);
  else national = text;
  if (/^1[3-9]\d{9}$/.test(national)) return national;
  if (/^[48]00\d{7}$/.test(national)) return national;
  if (/^0[1-9]\d{8,10}$/.test(national)) return national;
  // After +86 a landline is written without its trunk 0.
  if (national !== text && /^[1-9]\d{8,10}$/.test(national) && !national.startsWith("1")) return `0${national}`;
  if (national !== text && /^10\d{8}$/.test(national)) return `0${national}`;
  return null;
}

/** The kind of a canonical number (the result of `normalizePhone`). */
export function phoneKind(canonical: string): PhoneKind {
  if (canonical.startsWith("+")) return "international";
  if (canonical.startsWith("0")) return "landline";
  if (/^[48]00/.test(canonical)) return "service";
  return "mobile";
}

/** A mainland mobile in canonical form (11 digits), or null: accounts and SMS need a mobile. */
export function normalizeMobile(typed: string): string | null {
  const canonical = normalizePhone(typed);
  return canonical && phoneKind(canonical) === "mobile" ? canonical : null;
}
