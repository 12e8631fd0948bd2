import { z } from "zod";
import { LIMITS } from "./limits";
import { normalizeMobile, normalizePhone } from "./phone";

// C0/C1 controls other than tab/newline, Unicode non-characters and bidi overrides: never
// legitimate in names or notes and a classic spoofing vector. Emoji and CJK are welcome.
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN_SINGLE_LINE = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufffe\uffff]/;
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const FORBIDDEN_MULTI_LINE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069\ufffe\uffff]/;

/** A single-line human text field: trimmed, NFC-normalized, well-formed, no control characters. */
export function zText(min: number, max: number) {
  return z
    .string()
    .trim()
    .normalize("NFC")
    .min(min)
    .max(max)
    .refine((s) => s.isWellFormed(), { message: "text.malformedUnicode" })
    .refine((s) => !FORBIDDEN_SINGLE_LINE.test(s), { message: "text.controlCharacters" });
}

/** A multi-line text field (notes, descriptions): like zText but keeps newlines and tabs. */
export function zMultilineText(max: number) {
  return z
    .string()
    .trim()
    .normalize("NFC")
    .max(max)
    .refine((s) => s.isWellFormed(), { message: "text.malformedUnicode" })
    .refine((s) => !FORBIDDEN_MULTI_LINE.test(s), { message: "text.controlCharacters" });
}

/**
 * A mainland mobile number, typed any common way (`138 0013 8000`, `+86-138-0013-8000`,
 * full-width digits) and stored as its 11 digits (`normalizeMobile`).
 */
export const zPhone = z
  .string()
  .max(LIMITS.phone.typedMax, { message: "phone.invalid" })
  .transform((s, ctx) => {
    const mobile = normalizeMobile(s);
    if (mobile === null) ctx.addIssue({ code: "custom", message: "phone.invalid" });
    return mobile ?? s;
  });

/**
 * A contact number of someone reporting a problem: a mobile, a landline with its area code, a
 * 400/800 number or a number after a country code, typed any common way and stored canonical
 * (`normalizePhone`). Only what cannot be a phone number is refused.
 */
export const zContactPhone = z
  .string()
  .max(LIMITS.contactPhone.max, { message: "contactPhone.invalid" })
  .transform((s, ctx) => {
    const canonical = normalizePhone(s);
    if (canonical === null) ctx.addIssue({ code: "custom", message: "contactPhone.invalid" });
    return canonical ?? s;
  });

/**
 * A national identifier with a check character (resident ID number, USCC): trimmed and
 * upper-cased, then checked by the same pure function the web forms use.
 */
export function zCheckedId(isValid: (value: string) => boolean, message: string) {
  return z
    .string()
    .trim()
    .toUpperCase()
    .refine((v) => isValid(v), { message });
}

/** A `true`/`false` query-string flag, as a boolean. */
export const zBoolString = z.enum(["true", "false"]).transform((v) => v === "true");

/** A UUID path parameter. */
export const ZIdParams = z.strictObject({ id: z.uuid() });

/** Cursor pagination query shared by every list route. */
export const ZPageQuery = z.object({
  /** Page size, default 20. */
  limit: z.coerce.number().int().min(1).max(LIMITS.pageSize.max).default(LIMITS.pageSize.default),
  /** Opaque cursor from the previous page's `nextCursor`. */
  cursor: z.string().max(200).optional(),
});

/** Wraps an item schema into a page: items plus the cursor of the next page (null at the end). */
export function zPage<T extends z.ZodType>(item: T) {
  return z.object({
    items: z.array(item),
    /** Cursor for the next page, null when this is the last page. */
    nextCursor: z.string().nullable(),
  });
}

/** Optimistic concurrency: every update carries the version it was based on. */
export const zVersion = z.number().int().min(1);

/** Timestamp as ISO 8601 string in responses. */
export const zTimestamp = z.string();

export const ZOk = z.object({ ok: z.literal(true) });
