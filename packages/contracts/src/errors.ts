import { z } from "zod";

/** One field-level problem inside a VALIDATION_FAILED response. */
export const ZFieldError = z.object({
  /** Dotted path of the offending field, e.g. `body.roles.0.gridId`. */
  path: z.string(),
  /** Localized message for that field. */
  message: z.string(),
});

/** RFC 9457 problem details, the shape of every error response under /api. */
export const ZProblem = z.object({
  /** URI naming the problem type (`urn:caihong:error:<code>`). */
  type: z.string(),
  /** Localized short summary, stable for a code. */
  title: z.string(),
  /** HTTP status code. */
  status: z.number().int(),
  /** Localized explanation for this occurrence. */
  detail: z.string(),
  /** Stable machine-readable code. */
  code: z.string(),
  /** Request id, also in the X-Request-Id header and the log line. */
  requestId: z.string().optional(),
  /** Field errors for VALIDATION_FAILED. */
  errors: z.array(ZFieldError).optional(),
});
export type TProblem = z.infer<typeof ZProblem>;


/** One problem of an all-or-nothing import (Excel or GeoJSON), found before anything was written. */
export const ZImportProblem = z.object({
  /** 1-based sheet row (the header row is 1) or 0-based feature index; null for the file as a whole. */
  row: z.number().int().nullable(),
  /** The header as written in the file, or a feature's property path; null for the whole row. */
  column: z.string().nullable(),
  /** Stable code: missing_column, invalid_value, duplicate_key, or one of the import's own. */
  code: z.string(),
  /** Localized explanation. */
  message: z.string(),
});
export type TImportProblem = z.infer<typeof ZImportProblem>;

/** The 422 of an import: problem+json with every problem of the file; nothing was written. */
export const ZImportRejection = ZProblem.extend({
  /** Rows (or features) read from the file. */
  rows: z.number().int().optional(),
  /** Every problem, file-level first, then in row order. */
  problems: z.array(ZImportProblem),
});
