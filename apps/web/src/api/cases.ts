// Calls of the cases domain: cases and their steps, photos, categories, the work calendar, the
// inbox, notifications and the evaluation. Type-only imports: nothing from zod reaches the bundle.
import type { TSlaStatus } from "@caihong/contracts/constants";
import type { z } from "zod";
import type {
  TCaseCategory,
  TCaseDetail,
  TCaseSummary,
  TCaseTransitionRequest,
  ZBatchTransitionRequest,
  ZBatchTransitionResult,
  ZCalendar,
  ZCalendarDay,
  ZCaseCreated,
  ZCaseMapQuery,
  ZCasePhoto,
  ZCaseReveal,
  ZCreateCaseCategoryRequest,
  ZCreateCaseRequest,
  ZDuplicateList,
  ZDuplicateQuery,
  ZEvaluation,
  ZEvaluationCasesQuery,
  ZEvaluationQuery,
  ZEvaluationRow,
  ZFindCasesQuery,
  ZHotlineImportResult,
  ZInbox,
  ZNotification,
  ZNotificationQuery,
  ZPhotoUploaded,
  ZPublicCaseCreated,
  ZPublicCaseRequest,
  ZPublicCaseView,
  ZPublicRateRequest,
  ZPublicReopenRequest,
  ZPutCalendarDayRequest,
  ZRatio,
  ZTrackQuery,
  ZUpdateCaseCategoryRequest,
} from "@caihong/contracts";
import { api, apiUrl } from "./client";
import type { Page } from "./types";

export type { TCaseCategory, TCaseDetail, TCaseSummary, TCaseTransitionRequest };
export type TCaseEvent = TCaseDetail["events"][number];
export type TCasePhoto = z.infer<typeof ZCasePhoto>;
export type TCaseCreated = z.infer<typeof ZCaseCreated>;
export type TCreateCaseRequest = z.input<typeof ZCreateCaseRequest>;
export type TCreateCaseCategoryRequest = z.input<typeof ZCreateCaseCategoryRequest>;
export type TUpdateCaseCategoryRequest = z.input<typeof ZUpdateCaseCategoryRequest>;
export type TBatchTransitionRequest = z.input<typeof ZBatchTransitionRequest>;
export type TBatchTransitionResult = z.infer<typeof ZBatchTransitionResult>;
/** Where and what a new report is, to look for open cases of its category nearby. */
export type TDuplicateQuery = Omit<z.infer<typeof ZDuplicateQuery>, "crs"> & Partial<Pick<z.infer<typeof ZDuplicateQuery>, "crs">>;
export type TDuplicateList = z.infer<typeof ZDuplicateList>;
export type THotlineImportResult = z.infer<typeof ZHotlineImportResult>;
export type TInbox = z.infer<typeof ZInbox>;
export type TInboxCounts = TInbox["counts"];
export type TNotification = z.infer<typeof ZNotification>;
export type TNotificationPage = Page<TNotification> & { unread: number };
export type TNotificationFilters = Omit<z.input<typeof ZNotificationQuery>, "limit" | "cursor">;
export type TPhotoUploaded = z.infer<typeof ZPhotoUploaded>;
export type TCalendar = z.infer<typeof ZCalendar>;
export type TCalendarDay = z.infer<typeof ZCalendarDay>;
export type TPutCalendarDayRequest = z.input<typeof ZPutCalendarDayRequest>;
export type TCaseReveal = z.infer<typeof ZCaseReveal>;
export type TPublicCaseRequest = z.input<typeof ZPublicCaseRequest>;
export type TPublicCaseCreated = z.infer<typeof ZPublicCaseCreated>;
export type TPublicCaseView = z.infer<typeof ZPublicCaseView>;
export type TPublicRateRequest = z.input<typeof ZPublicRateRequest>;
export type TPublicReopenRequest = z.input<typeof ZPublicReopenRequest>;
export type TTrackQuery = z.input<typeof ZTrackQuery>;
export type TEvaluation = z.infer<typeof ZEvaluation>;
export type TEvaluationRow = z.infer<typeof ZEvaluationRow>;
export type TRatio = z.infer<typeof ZRatio>;
type TEvaluationQueryOut = z.infer<typeof ZEvaluationQuery>;
/** Period, grouping (grid level, unit, category) and grid subtree of an evaluation. */
export type TEvaluationQuery = Omit<TEvaluationQueryOut, "groupBy" | "level"> & Partial<Pick<TEvaluationQueryOut, "groupBy" | "level">>;
type TEvaluationCasesOut = Omit<z.infer<typeof ZEvaluationCasesQuery>, "limit" | "cursor">;
/** Drill-down of one evaluation figure (without paging). */
export type TEvaluationCasesFilters = Omit<TEvaluationCasesOut, "groupBy" | "level" | "part"> & Partial<Pick<TEvaluationCasesOut, "groupBy" | "level" | "part">>;

/**
 * Filters of the case queue (without paging). List filters (state, sla, channel) travel as
 * comma-separated strings, as the query contract parses them.
 */
export type TCaseFilters = Omit<z.input<typeof ZFindCasesQuery>, "limit" | "cursor">;
export type TCaseMapFilters = z.input<typeof ZCaseMapQuery>;

/** Properties of one point of GET /cases/map.geojson. */
export interface TCaseMapProperties {
  id: string;
  number: string;
  state: TCaseDetail["state"];
  sla: TSlaStatus;
  category: string;
  description: string;
}

export interface TCaseMapFeature {
  type: "Feature";
  id?: string;
  properties: TCaseMapProperties;
  geometry: { type: "Point"; coordinates: [number, number] };
}

export interface TCaseMapCollection {
  type: "FeatureCollection";
  features: TCaseMapFeature[];
}

// --- cases

/** One page of cases in scope matching the filters. */
export function findCases(filters: TCaseFilters, cursor?: string, limit = 20): Promise<Page<TCaseSummary>> {
  return api("/cases", { query: { ...filters, cursor, limit } });
}

/** Address of the Excel export of the filtered queue (no contact details). */
export function casesExportUrl(filters: TCaseFilters): string {
  return apiUrl("/cases/export.xlsx", { ...filters });
}

/** Open cases in scope as GeoJSON points with their SLA colour. */
export function getCaseMap(filters: TCaseMapFilters = {}): Promise<TCaseMapCollection> {
  return api("/cases/map.geojson", { query: { ...filters } });
}

/** Open cases of the category near the point: possible duplicates of a new report. */
export function findDuplicates(query: TDuplicateQuery): Promise<TDuplicateList> {
  return api("/cases/duplicates", { query: { ...query } });
}

export function getCase(id: string): Promise<TCaseDetail> {
  return api(`/cases/${id}`);
}

/** Reports a case; an Idempotency-Key (one per form) makes a retried submit create it once. */
export function createCase(body: TCreateCaseRequest, idempotencyKey?: string): Promise<TCaseCreated> {
  return api("/cases", { method: "POST", body, headers: idempotencyKey ? { "Idempotency-Key": idempotencyKey } : undefined });
}

/** Takes one workflow step; 409 VERSION_CONFLICT when the case changed since it was loaded. */
export function transitionCase(id: string, body: TCaseTransitionRequest): Promise<TCaseDetail> {
  return api(`/cases/${id}/transitions`, { method: "POST", body });
}

/** One step on many cases; each item is answered on its own. */
export function batchTransition(body: TBatchTransitionRequest): Promise<TBatchTransitionResult> {
  return api("/cases/batch-transitions", { method: "POST", body });
}

/** The reporter's unmasked contact (needs personal.unmask; the server audits this read). */
export function revealCaseReporter(id: string): Promise<TCaseReveal> {
  return api(`/cases/${id}/reporter`);
}

/**
 * Checks (dryRun) or imports a 12345 hotline Excel export: all rows or none. A file with row
 * problems answers 422 with the same body, which is returned here rather than thrown.
 */
export async function importHotlineXlsx(file: Blob, dryRun: boolean): Promise<THotlineImportResult> {
  try {
    return await api("/cases/import-12345.xlsx", {
      method: "POST",
      rawBody: file,
      contentType: "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
      query: { dryRun },
    });
  } catch (error) {
    const problem = (error as { problem?: Partial<THotlineImportResult> }).problem;
    if (problem && Array.isArray(problem.problems)) {
      return { dryRun, created: 0, skipped: 0, rows: problem.rows ?? 0, problems: problem.problems, cases: problem.cases ?? [] };
    }
    throw error;
  }
}

// --- photos

/** Uploads one photo as the raw file body with its own content type (EXIF is removed). */
export function uploadCasePhoto(file: Blob): Promise<TPhotoUploaded> {
  return api("/case-photos", { method: "POST", rawBody: file, contentType: file.type || "application/octet-stream" });
}

/** Address of a stored photo or its thumbnail. */
export function casePhotoUrl(id: string, thumb = false): string {
  return apiUrl(`/case-photos/${id}`, { thumb: thumb || undefined });
}

// --- categories and calendar

export function listCaseCategories(): Promise<{ items: TCaseCategory[] }> {
  return api("/case-categories");
}

export function createCaseCategory(body: TCreateCaseCategoryRequest): Promise<TCaseCategory> {
  return api("/case-categories", { method: "POST", body });
}

/** Edit with the loaded version; 409 VERSION_CONFLICT when someone saved first. */
export function updateCaseCategory(id: string, body: TUpdateCaseCategoryRequest): Promise<TCaseCategory> {
  return api(`/case-categories/${id}`, { method: "PATCH", body });
}

export function getWorkCalendar(year: number): Promise<TCalendar> {
  return api("/work-calendar", { query: { year } });
}

/** Marks a date (YYYY-MM-DD) as holiday or make-up working day; returns that year's calendar. */
export function putCalendarDay(date: string, body: TPutCalendarDayRequest): Promise<TCalendar> {
  return api(`/work-calendar/${date}`, { method: "PUT", body });
}

/** Returns a date to the Monday–Friday rule; returns that year's calendar. */
export function deleteCalendarDay(date: string): Promise<TCalendar> {
  return api(`/work-calendar/${date}`, { method: "DELETE" });
}

// --- inbox and notifications

/** What waits for the caller: counts per inbox tile. */
export function getInbox(): Promise<TInbox> {
  return api("/inbox");
}

export function findNotifications(filters: TNotificationFilters = {}, cursor?: string, limit = 20): Promise<TNotificationPage> {
  return api("/notifications", { query: { ...filters, cursor, limit } });
}

export function markNotificationRead(id: string): Promise<{ ok: true }> {
  return api(`/notifications/${id}/read`, { method: "POST" });
}

export function markAllNotificationsRead(): Promise<{ ok: true }> {
  return api("/notifications/read-all", { method: "POST" });
}

// --- the public page (no account)

export function listPublicCaseCategories(): Promise<{ items: TCaseCategory[] }> {
  return api("/public/case-categories", { quietAuth: true });
}

/** Uploads a photo for a public report (throttled per address). */
export function uploadPublicCasePhoto(file: Blob): Promise<Omit<TPhotoUploaded, "url" | "thumbUrl">> {
  return api("/public/case-photos", { method: "POST", rawBody: file, contentType: file.type || "application/octet-stream", quietAuth: true });
}

export function trackPublicCase(query: TTrackQuery): Promise<TPublicCaseView> {
  return api("/public/cases/track", { query: { ...query }, quietAuth: true });
}

export function ratePublicCase(body: TPublicRateRequest): Promise<TPublicCaseView> {
  return api("/public/cases/rate", { method: "POST", body, quietAuth: true });
}

export function reopenPublicCase(body: TPublicReopenRequest): Promise<TPublicCaseView> {
  return api("/public/cases/reopen", { method: "POST", body, quietAuth: true });
}

/** Address of a photo of a tracked case (number and tracking code prove access). */
export function publicCasePhotoUrl(id: string, number: string, code: string, thumb = false): string {
  return apiUrl(`/public/case-photos/${id}`, { number, code, thumb: thumb || undefined });
}

// --- evaluation

/** Indicators per group and month over the period. */
export function getEvaluation(query: TEvaluationQuery): Promise<TEvaluation> {
  return api("/evaluation", { query: { ...query } });
}

/** The cases behind one figure (a row's key, a metric and its numerator or denominator). */
export function findEvaluationCases(filters: TEvaluationCasesFilters, cursor?: string, limit = 20): Promise<Page<TCaseSummary>> {
  return api("/evaluation/cases", { query: { ...filters, cursor, limit } });
}

/** Address of the Excel export of the evaluation. */
export function evaluationExportUrl(query: TEvaluationQuery): string {
  return apiUrl("/evaluation/export.xlsx", { ...query });
}
