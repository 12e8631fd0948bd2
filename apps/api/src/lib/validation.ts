import { FIELD_MESSAGES, formatMessage, type TLocale } from "@caihong/contracts";
import type { FastifySchemaCompiler } from "fastify";
import type { z } from "zod";

/** Carries zod's issues from the validator to the error handler. */
export class ContractValidationError extends Error {
  validationContext?: string;
  statusCode = 400;
  constructor(readonly issues: z.core.$ZodIssue[]) {
    super("contract validation failed");
  }
}

/** Fastify validator compiler for zod schemas that keeps the raw issues for localization. */
export const validatorCompiler: FastifySchemaCompiler<z.ZodType> =
  ({ schema }) =>
  (data) => {
    const result = schema.safeParse(data);
    if (result.success) return { value: result.data };
    return { error: new ContractValidationError(result.error.issues) };
  };

/** One localized message for a zod issue. */
export function localizeIssue(issue: z.core.$ZodIssue, locale: TLocale): string {
  if (issue.message && FIELD_MESSAGES[issue.message]) return formatMessage(issue.message, locale);
  switch (issue.code) {
    case "invalid_type":
      if (/received undefined/.test(issue.message)) return formatMessage("required", locale);
      return formatMessage("invalidType", locale, { expected: issue.expected });
    case "too_small": {
      const key = issue.origin === "string" ? "tooSmallString" : issue.origin === "array" ? "tooSmallArray" : "tooSmallNumber";
      return formatMessage(key, locale, { minimum: issue.minimum });
    }
    case "too_big": {
      const key = issue.origin === "string" ? "tooBigString" : issue.origin === "array" ? "tooBigArray" : "tooBigNumber";
      return formatMessage(key, locale, { maximum: issue.maximum });
    }
    case "invalid_format":
      return formatMessage("invalidFormat", locale, { format: issue.format });
    case "invalid_value":
      return formatMessage("invalidValue", locale, { values: issue.values.map(String).join(", ") });
    case "unrecognized_keys":
      return formatMessage("unrecognizedKeys", locale, { keys: issue.keys.join(", ") });
    default:
      return formatMessage("invalid", locale);
  }
}

/** Expands zod issues (including nested union errors) into field problems. */
export function issuesToFieldErrors(issues: z.core.$ZodIssue[], context: string, locale: TLocale) {
  return issues.map((issue) => ({
    path: [context, ...issue.path.map(String)].filter(Boolean).join("."),
    message: localizeIssue(issue, locale),
  }));
}
