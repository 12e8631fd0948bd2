import type { TCaseAction, TCaseCategory, TCaseDetail, TCaseEvent, TCaseState, TCaseSummary, TCategoryField, TLocale, TSatisfaction, TUnitKind } from "@caihong/contracts";
import { slaStatus, type TimeLimit } from "@caihong/domain";
import { maskName, type PersonalData } from "../../lib/personal-data";
import { fromJsonColumn } from "../../lib/sql-fragments";
import type { CategoryRow } from "./categories.repository";
import type { CaseEventRow, CaseListRow, CaseRow } from "./cases.repository";
import type { PhotoRow } from "./photos.repository";

const iso = (d: Date | null) => (d ? d.toISOString() : null);

/** The handler as the queue shows it: unit · person. */
export function assigneeOf(row: Pick<CaseListRow, "c" | "assigneeUnitName" | "assigneeUserName">): TCaseSummary["assignee"] {
  const c = row.c;
  if (!c.assigneeUserId && !c.assigneeUnitId) return null;
  const label = [row.assigneeUnitName, row.assigneeUserName].filter(Boolean).join(" · ");
  return { userId: c.assigneeUserId, unitId: c.assigneeUnitId, label };
}

/** A case in a list. */
export function presentCaseSummary(row: CaseListRow, now: Date, locale: TLocale): TCaseSummary {
  const c = row.c;
  return {
    id: c.id,
    number: c.number,
    state: c.state as TCaseState,
    channel: c.channel as TCaseSummary["channel"],
    priority: c.priority as TCaseSummary["priority"],
    categoryId: c.categoryId,
    categoryCode: row.categoryCode,
    categoryName: locale === "en" && row.categoryNameEn ? row.categoryNameEn : row.categoryName,
    description: c.description,
    address: c.address,
    location: c.lng !== null && c.lat !== null ? { lng: c.lng, lat: c.lat } : null,
    gridId: c.gridId,
    gridName: row.gridName,
    assignee: assigneeOf(row),
    reportedAt: c.reportedAt.toISOString(),
    dispatchedAt: iso(c.dispatchedAt),
    handleDueAt: iso(c.handleDueAt),
    closedAt: iso(c.closedAt),
    sla: slaStatus(c, now),
    escalation: c.escalation as TCaseSummary["escalation"],
    reworkCount: c.reworkCount,
    returnCount: c.returnCount,
    extensionCount: c.extensionCount,
    reopenCount: c.reopenCount,
    satisfaction: c.satisfaction as TSatisfaction | null,
    selfResolved: c.selfResolved,
    photoCount: c.photoCount,
    mergedInto: c.mergedIntoId && row.mergedIntoNumber ? { id: c.mergedIntoId, number: row.mergedIntoNumber } : null,
    anonymous: c.anonymous,
    isDemo: c.isDemo,
    version: c.version,
    updatedAt: c.updatedAt.toISOString(),
  };
}

/** A photo's links; `query` carries the tracking code on the public page. */
export function presentPhoto(p: PhotoRow, query = "") {
  const base = `/api/v1/case-photos/${p.id}`;
  return { id: p.id, kind: p.kind as "report" | "evidence", url: `${base}${query ? `?${query}` : ""}`, thumbUrl: `${base}?thumb=true${query ? `&${query}` : ""}`, width: p.width, height: p.height };
}

export function presentEvent(e: CaseEventRow): TCaseEvent {
  return {
    id: e.id,
    action: e.action,
    fromState: e.fromState as TCaseState | null,
    toState: e.toState as TCaseState,
    at: e.at.toISOString(),
    actorLabel: e.actorLabel,
    note: e.note,
    reason: e.reason,
    isPublic: fromJsonColumn<{ public?: boolean }>(e.data)?.public === true,
    data: fromJsonColumn<Record<string, unknown>>(e.data) ?? {},
    photoIds: fromJsonColumn<string[]>(e.photoIds) ?? [],
  };
}

/** What the detail adds to the row. */
export interface DetailParts {
  events: CaseEventRow[];
  photos: PhotoRow[];
  duplicates: { id: string; number: string }[];
  allowedActions: TCaseAction[];
  /** The caller reported it (sees their own name). */
  own: boolean;
}

/** A case with its timeline, photos and the steps the caller may take; the reporter masked unless it is the caller. */
export function presentCaseDetail(row: CaseRow, parts: DetailParts, pd: PersonalData, now: Date, locale: TLocale): TCaseDetail {
  const c = row.c;
  const name = row.reporterUserName ?? (c.reporterNameEnc ? pd.decrypt(c.reporterNameEnc) : null);
  return {
    ...presentCaseSummary(row, now, locale),
    reporter: {
      name: c.anonymous && !parts.own ? null : parts.own ? name : maskName(name),
      phoneMasked: c.reporterPhoneEnc ? pd.maskedPhone(c.reporterPhoneEnc) : null,
      userId: c.anonymous && !parts.own ? null : c.reporterUserId,
    },
    attributes: fromJsonColumn<TCaseDetail["attributes"]>(c.attributes) ?? {},
    gridOverrideReason: c.gridOverrideReason,
    hotlineOrderNo: c.hotlineOrderNo,
    filedAt: iso(c.filedAt),
    ackDueAt: iso(c.ackDueAt),
    closeDueAt: iso(c.closeDueAt),
    acknowledgedAt: iso(c.acknowledgedAt),
    handledAt: iso(c.handledAt),
    verifiedAt: iso(c.verifiedAt),
    extensionRequest: c.extensionDueAt ? { dueAt: c.extensionDueAt.toISOString(), reason: c.extensionReason ?? "" } : null,
    photos: parts.photos.map((p) => presentPhoto(p)),
    events: parts.events.map(presentEvent),
    duplicates: parts.duplicates,
    allowedActions: parts.allowedActions,
  };
}

/** What the audit log keeps of a case (no personal data). */
export function caseSnapshot(c: CaseRow["c"]) {
  return {
    number: c.number,
    state: c.state,
    channel: c.channel,
    categoryId: c.categoryId,
    gridId: c.gridId,
    assigneeUserId: c.assigneeUserId,
    assigneeUnitId: c.assigneeUnitId,
    handleDueAt: iso(c.handleDueAt),
    satisfaction: c.satisfaction,
    version: c.version,
  };
}

/** A category of the dictionary. */
export function presentCategory(r: CategoryRow): TCaseCategory {
  return {
    id: r.id,
    code: r.code,
    parentId: r.parentId,
    level: r.level,
    name: r.name,
    nameEn: r.nameEn,
    description: r.description,
    filingStandard: r.filingStandard,
    closingStandard: r.closingStandard,
    filingStandardEn: r.filingStandardEn,
    closingStandardEn: r.closingStandardEn,
    ackLimit: fromJsonColumn<TimeLimit | null>(r.ackLimit),
    handleLimit: fromJsonColumn<TimeLimit | null>(r.handleLimit),
    closeLimit: fromJsonColumn<TimeLimit | null>(r.closeLimit),
    defaultUnitKind: r.defaultUnitKind as TUnitKind | null,
    dedupeRadiusM: r.dedupeRadiusM,
    fields: fromJsonColumn<TCategoryField[]>(r.fields) ?? [],
    keywords: fromJsonColumn<string[]>(r.keywords) ?? [],
    active: r.active,
    isPrivate: r.isPrivate,
    position: r.position,
    version: r.version,
  };
}
