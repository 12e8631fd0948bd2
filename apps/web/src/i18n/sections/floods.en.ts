import type { floodsZhCN } from "./floods.zh-CN";

/** English strings of the flood view. */
export const floodsEn: Record<keyof typeof floodsZhCN, string> = {
  "cases.floods.open": "Void a flood",
  "cases.floods.title": "Many anonymous reports from one source",
  "cases.floods.hint": "Anonymous reports still awaiting filing in the range, grouped by source (a keyed hash of the address or device, never the raw IP). Once you judge it a flood, void all of a source's cases in one step; each is audited.",
  "cases.floods.range": "Range",
  "cases.floods.range.1h": "Last hour",
  "cases.floods.range.6h": "Last 6 hours",
  "cases.floods.range.24h": "Last 24 hours",
  "cases.floods.range.7d": "Last 7 days",
  "cases.floods.kind": "Source",
  "cases.floods.kind.address": "Address",
  "cases.floods.kind.device": "Device",
  "cases.floods.count": "Awaiting filing",
  "cases.floods.period": "Time",
  "cases.floods.samples": "Case numbers (first few)",
  "cases.floods.void": "Void {count}",
  "cases.floods.empty": "No source sent several anonymous reports in this range",
  "cases.floods.confirmTitle": "Void {count} cases?",
  "cases.floods.confirmBody": "This voids the {count} cases awaiting filing from source {source} between {from} and {to}. It cannot be undone.",
  "cases.floods.reason": "Reason",
  "cases.floods.reasonDefault": "Many repeated reports from one source in a short time (flood)",
  "cases.floods.done": "Voided {voided}",
  "cases.floods.doneWithFailures": "Voided {voided}; {failed} could not be voided (handled by someone else)",
};
