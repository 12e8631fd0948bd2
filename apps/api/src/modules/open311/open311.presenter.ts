import { CASE_ACTION_LABELS, CASE_STATE_LABELS, OPEN_CASE_STATES, type TCaseAction, type TCaseState, type TCategoryField, type TLocale } from "@caihong/contracts";
import { fromJsonColumn } from "../../lib/sql-fragments";
import type { CategoryRow, PublicCase, PublicStep, PublicUpdate } from "../cases";
import type { Open311Value } from "./open311.xml";

/** An instant in the W3C profile of ISO 8601 with the Asia/Shanghai offset, e.g. 2026-11-28T08:00:00+08:00. */
export function shanghaiIso(d: Date): string {
  return new Date(d.getTime() + 8 * 3_600_000).toISOString().slice(0, 19) + "+08:00";
}

const isoOrNull = (d: Date | null) => (d ? shanghaiIso(d) : null);

/**
 * Open311 knows two statuses. Everything still being worked on is open (待立案 … 待结案,
 * including a pending return); closed, merged (handled as the main case) and voided (未予立案)
 * are closed.
 */
export function open311Status(state: string): "open" | "closed" {
  return (OPEN_CASE_STATES as readonly string[]).includes(state) ? "open" : "closed";
}

/** Internal states of each Open311 status (for the `status` filter; voided never appears in lists). */
export const STATES_OF_STATUS: Record<"open" | "closed", readonly TCaseState[]> = {
  open: OPEN_CASE_STATES,
  closed: ["closed", "merged"],
};

const label = (l: { "zh-CN": string; en: string } | undefined, locale: TLocale, fallback: string) => l?.[locale] ?? fallback;

/** A 小类 as an Open311 service: code and name, the 立案标准 as description, the 大类 as group. */
export function presentService(cat: CategoryRow, group: CategoryRow | undefined, locale: TLocale): Open311Value {
  const fields = fromJsonColumn<TCategoryField[]>(cat.fields) ?? [];
  const keywords = fromJsonColumn<string[]>(cat.keywords) ?? [];
  return {
    service_code: cat.code,
    service_name: locale === "en" && cat.nameEn ? cat.nameEn : cat.name,
    description: cat.filingStandard,
    metadata: fields.length > 0,
    type: "realtime",
    // FixMyStreet's `private`: reports are taken, never published (published.repository.ts).
    keywords: (cat.isPrivate ? ["private", ...keywords] : keywords).join(","),
    group: group ? (locale === "en" && group.nameEn ? group.nameEn : group.name) : null,
  };
}

/** The category's extra fields as the attributes of its service definition. */
export function presentServiceDefinition(cat: CategoryRow, locale: TLocale): Open311Value {
  const fields = fromJsonColumn<TCategoryField[]>(cat.fields) ?? [];
  return {
    service_code: cat.code,
    attributes: fields.map((f, i) => ({
      variable: true,
      code: f.code,
      datatype: f.datatype,
      required: f.required ?? false,
      datatype_description: f.description ?? null,
      order: i + 1,
      description: locale === "en" && f.labelEn ? f.labelEn : f.label,
      ...(f.datatype === "singlevaluelist" || f.datatype === "multivaluelist" ? { values: (f.options ?? []).map((o) => ({ key: o.key, name: o.name })) } : {}),
    })),
  };
}

/**
 * FixMyStreet's extended statuses (upper case; it lower-cases them and maps them to its states)
 * for the state a step leaves a case in. 处置 reported back (handled) waits for 核查, so it is
 * still in progress; verified and closed are fixed; merged is a duplicate; voided (未予立案) is no
 * further action.
 */
export const EXTENDED_STATUS: Record<TCaseState, string> = {
  reported: "OPEN",
  filed: "OPEN",
  dispatched: "ACTION_SCHEDULED",
  acknowledged: "INVESTIGATING",
  in_progress: "IN_PROGRESS",
  return_requested: "IN_PROGRESS",
  handled: "IN_PROGRESS",
  verified: "FIXED",
  closed: "FIXED",
  merged: "DUPLICATE",
  voided: "NO_FURTHER_ACTION",
};

function statusNotes(c: PublicCase, locale: TLocale): string {
  const zh = locale === "zh-CN";
  if (c.state === "merged") return c.mergedIntoId ? (zh ? `已合并至 ${c.mergedIntoId} 办理` : `Merged into ${c.mergedIntoId}`) : zh ? "已合并办理" : "Merged with another request";
  const state = label(CASE_STATE_LABELS[c.state as TCaseState], locale, c.state);
  return c.unitName && open311Status(c.state) === "open" ? `${state}${zh ? "：" : ": "}${c.unitName}` : state;
}

/** A step as its label, and its note when staff made it public (already redacted). */
function stepText(step: PublicStep, locale: TLocale): string {
  const parts = [label(CASE_ACTION_LABELS[step.action as TCaseAction], locale, step.action)];
  if (step.note) parts.push(step.note);
  return parts.join(locale === "zh-CN" ? "：" : ": ");
}

function noteOf(step: PublicStep, locale: TLocale): Open311Value {
  return { datetime: shanghaiIso(step.at), description: stepText(step, locale), type: step.action };
}

/**
 * A published case as an Open311 request: its public id, redacted text, the road-level address
 * and the point on the 0.001° grid (use-cases/read-published in the cases module). No reporter, no
 * person handling it; the agency is the unit, else the micro grid. `extensions=true` adds the
 * channel, grid and state, and the public steps as notes. No media_url: photos are readable only
 * with the reporter's tracking code.
 */
export function presentRequest(c: PublicCase, steps: PublicStep[], locale: TLocale, extensions: boolean): Open311Value {
  const status = open311Status(c.state);
  const record: { [key: string]: Open311Value } = {
    service_request_id: c.id,
    status,
    status_notes: statusNotes(c, locale),
    service_name: locale === "en" && c.categoryNameEn ? c.categoryNameEn : c.categoryName,
    service_code: c.categoryCode,
    description: c.description,
    agency_responsible: c.unitName ?? c.gridName,
    service_notice: null,
    requested_datetime: shanghaiIso(c.reportedAt),
    updated_datetime: shanghaiIso(status === "closed" ? (c.closedAt ?? c.voidedAt ?? c.updatedAt) : c.updatedAt),
    expected_datetime: isoOrNull(c.handleDueAt),
    address: c.address,
    address_id: null,
    zipcode: null,
    lat: c.lat,
    long: c.lng,
  };
  if (extensions) {
    record.extended_attributes = { channel: c.channel, grid: c.gridName, state: c.state };
    record.notes = steps.map((step) => noteOf(step, locale));
  }
  return record;
}

/**
 * A step as a FixMyStreet request_update: the step's id, the request's public id, the extended
 * status of the state it left the case in, and a description it can show (the step's label and
 * its public note: FixMyStreet hides updates without text). The internal state is the
 * external_status_code.
 */
export function presentUpdate(u: PublicUpdate, locale: TLocale): Open311Value {
  return {
    update_id: u.id,
    service_request_id: u.caseId,
    status: EXTENDED_STATUS[u.toState as TCaseState] ?? (open311Status(u.toState) === "open" ? "OPEN" : "CLOSED"),
    updated_datetime: shanghaiIso(u.at),
    description: stepText(u, locale),
    media_url: null,
    external_status_code: u.toState,
  };
}
