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

