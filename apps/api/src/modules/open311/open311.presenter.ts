import { CASE_ACTION_LABELS, CASE_STATE_LABELS, OPEN_CASE_STATES, type TCaseAction, type TCaseState, type TCategoryField, type TLocale } from "@caihong/contracts";
import { fromJsonColumn } from "../../lib/sql-fragments";
import type { CategoryRow, PublicEventRow, PublishedCaseRow } from "../cases";
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
    keywords: keywords.join(","),
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

/** Steps whose note the public sees (what was done, written by staff); other notes stay internal. */
const NOTE_TEXT_ACTIONS = new Set(["handle", "self_resolve", "close", "void", "merge"]);
/** Steps never shown publicly (internal remarks and supervision), as on the tracking page. */
const HIDDEN_ACTIONS = new Set(["comment", "supervise"]);

/** Why a voided case was not filed: the reason of its void step. */
export function voidReasonOf(events: PublicEventRow[]): string | null {
  const step = events.findLast((e) => e.action === "void");
  return step ? (step.reason ?? step.note) : null;
}

function statusNotes(row: PublishedCaseRow, events: PublicEventRow[], locale: TLocale): string {
  const zh = locale === "zh-CN";
  if (row.state === "merged") return row.mergedIntoNumber ? (zh ? `已合并至 ${row.mergedIntoNumber} 办理` : `Merged into ${row.mergedIntoNumber}`) : label(CASE_STATE_LABELS.merged, locale, row.state);
  if (row.state === "voided") {
    const reason = voidReasonOf(events);
    return zh ? `未予立案${reason ? `：${reason}` : ""}` : `Not filed${reason ? `: ${reason}` : ""}`;
  }
  const state = label(CASE_STATE_LABELS[row.state as TCaseState], locale, row.state);
  return row.unitName && open311Status(row.state) === "open" ? `${state}${zh ? "：" : ": "}${row.unitName}` : state;
}

function noteOf(e: PublicEventRow, locale: TLocale): Open311Value {
  const zh = locale === "zh-CN";
  const parts = [label(CASE_ACTION_LABELS[e.action as TCaseAction], locale, e.action)];
  if (e.action === "merge") {
    const data = fromJsonColumn<{ mainCase?: { number?: string }; duplicate?: { number?: string } } | null>(e.data) ?? {};
    if (data.mainCase?.number) parts.push(zh ? `并入 ${data.mainCase.number}` : `into ${data.mainCase.number}`);
    else if (data.duplicate?.number) parts.push(zh ? `${data.duplicate.number} 并入本案` : `${data.duplicate.number} merged into this request`);
  }
  const text = NOTE_TEXT_ACTIONS.has(e.action) ? (e.note ?? e.reason) : null;
  if (text) parts.push(text);
  return { datetime: shanghaiIso(e.at), description: parts.join(zh ? "：" : ": "), type: e.action };
}

/**
 * A case as an Open311 request: public facts only (no reporter, no person handling it; the
 * agency is the unit, else the micro grid). `extensions=true` adds the channel, grid and
 * internal state, and the public steps as notes. No media_url: report photos are readable only
 * with the reporter's tracking code.
 */
export function presentRequest(row: PublishedCaseRow, events: PublicEventRow[], locale: TLocale, extensions: boolean): Open311Value {
  const status = open311Status(row.state);
  const record: { [key: string]: Open311Value } = {
    service_request_id: row.number,
    status,
    status_notes: statusNotes(row, events, locale),
    service_name: locale === "en" && row.categoryNameEn ? row.categoryNameEn : row.categoryName,
    service_code: row.categoryCode,
    description: row.description,
    agency_responsible: row.unitName ?? row.gridName,
    service_notice: null,
    requested_datetime: shanghaiIso(row.reportedAt),
    updated_datetime: shanghaiIso(status === "closed" ? (row.closedAt ?? row.voidedAt ?? row.updatedAt) : row.updatedAt),
    expected_datetime: isoOrNull(row.handleDueAt),
    address: row.address,
    address_id: null,
    zipcode: null,
    lat: row.lat,
    long: row.lng,
  };
  if (extensions) {
    record.extended_attributes = { channel: row.channel, grid: row.gridName, state: row.state };
    record.notes = events.filter((e) => !HIDDEN_ACTIONS.has(e.action)).map((e) => noteOf(e, locale));
  }
  return record;
}
