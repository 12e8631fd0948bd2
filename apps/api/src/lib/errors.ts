import { ERROR_CODES, type TErrorCode } from "@caihong/contracts";

/** A field-level problem carried by VALIDATION_FAILED. */
export interface FieldProblem {
  path: string;
  message: string;
}

/**
 * The only error services throw on purpose. The error handler turns it into problem+json with
 * the status of its code; `detail` is already localized or left to the code's title.
 */
export class AppError extends Error {
  readonly status: number;
  constructor(
    readonly code: TErrorCode,
    readonly detail?: { "zh-CN": string; en: string },
    readonly extra: {
      errors?: FieldProblem[];
      headers?: Record<string, string>;
      /** Extension members of the problem (RFC 9457 §3.2), e.g. an import's `problems`; never override the standard ones. */
      extensions?: Record<string, unknown>;
    } = {},
  ) {
    super(detail?.en ?? code);
    this.status = ERROR_CODES[code];
  }
}

/** Shorthand for a localized detail. */
export const msg = (zh: string, en: string) => ({ "zh-CN": zh, en });
