import { z } from "zod";
import { LIMITS } from "./limits";
import { zMultilineText, zTimestamp } from "./common";

/**
 * Floods of anonymous reports (ADR 0014): reported, unfiled cases grouped by where they came from
 * — a keyed hash of the client address or of the public page's device cookie, never the raw value —
 * and voided in one step.
 */
export const CASE_FLOOD_KINDS = ["address", "device"] as const;
export const ZCaseFloodKind = z.enum(CASE_FLOOD_KINDS);
export type TCaseFloodKind = z.infer<typeof ZCaseFloodKind>;

/** The most cases one flood step voids. */
export const MAX_FLOOD_VOID = 2000;

const zSourceKey = z.string().regex(/^[0-9a-f]{64}$/, "source.invalid");
const zInstant = z.iso.datetime({ offset: true });

export const ZCaseFloodQuery = z.object({
  from: zInstant,
  to: zInstant,
  /** Sources with at least this many reported cases in the range. */
  minCount: z.coerce.number().int().min(2).max(10_000).default(3),
});
export type TCaseFloodQuery = z.infer<typeof ZCaseFloodQuery>;

export const ZCaseFlood = z.object({
  kind: ZCaseFloodKind,
  /** The keyed hash of the address or device (64 hex). */
  source: z.string(),
  /** Reported (unfiled) cases from it in the range and the caller's scope. */
  count: z.number().int(),
  firstAt: zTimestamp,
  lastAt: zTimestamp,
  /** Case numbers of the first few, to recognise it. */
  sampleNumbers: z.array(z.string()),
});
export type TCaseFlood = z.infer<typeof ZCaseFlood>;
export const ZCaseFloodList = z.object({ items: z.array(ZCaseFlood) });

export const ZVoidFloodRequest = z.strictObject({
  kind: ZCaseFloodKind,
  source: zSourceKey,
  from: zInstant,
  to: zInstant,
  reason: zMultilineText(LIMITS.note.max),
  /** The count the dispatcher confirmed: more cases than this are refused (409), fewer are fine. */
  expectedCount: z.number().int().min(1).max(MAX_FLOOD_VOID),
});
export type TVoidFloodRequest = z.infer<typeof ZVoidFloodRequest>;
export const ZVoidFloodResult = z.object({ voided: z.number().int(), failed: z.number().int() });
