import { z } from "zod";
import {
  CASE_ACTIONS,
  CASE_CHANNELS,
  CASE_PRIORITIES,
  CASE_STATES,
  CATEGORY_FIELD_TYPES,
  EVALUATION_METRICS,
  GRID_LEVEL,
  SATISFACTION,
  SLA_STATUSES,
  TIME_LIMIT_UNITS,
  UNIT_KINDS,
} from "./catalog";
import { zBoolString, zContactPhone, zMultilineText, zPage, ZPageQuery, zText, zTimestamp, zVersion } from "./common";
import { ZLocateQuery, ZLocationInput } from "./grids";
import { INBOX_BUCKET_KEYS, type TInboxBucketKey } from "./inbox";
import { LIMITS } from "./limits";

export const ZCaseState = z.enum(CASE_STATES);
export const ZCaseAction = z.enum(CASE_ACTIONS);
export const ZCaseChannel = z.enum(CASE_CHANNELS);
export const ZCasePriority = z.enum(CASE_PRIORITIES);
export const ZSatisfaction = z.enum(SATISFACTION);
export const ZSlaStatus = z.enum(SLA_STATUSES);

/** Description of a problem: plain text up to 4,000 characters (the Open311 limit), no HTML. */
export const zCaseDescription = zMultilineText(LIMITS.caseDescription.max)
  .refine((s) => s.length > 0, { message: "text.required" })
  .refine((s) => !/<\s*\/?\s*[a-zA-Z][^>]*>/.test(s), { message: "text.noHtml" });

// ---------------------------------------------------------------------------------------------
// Categories (大类 → 小类)

export const ZTimeLimit = z.strictObject({ value: z.number().gt(LIMITS.categoryTimeLimit.exclusiveMin).max(LIMITS.categoryTimeLimit.max), unit: z.enum(TIME_LIMIT_UNITS) });

/** An extra field a 小类 asks for; also its Open311 attribute. */
export const ZCategoryField = z.strictObject({
  code: z.string().regex(LIMITS.categoryFieldCode.pattern),
  label: zText(LIMITS.categoryFieldLabel.min, LIMITS.categoryFieldLabel.max),
  labelEn: zText(LIMITS.categoryFieldLabelEn.min, LIMITS.categoryFieldLabelEn.max).nullable().optional(),
  datatype: z.enum(CATEGORY_FIELD_TYPES),
  required: z.boolean().default(false),
  description: zText(LIMITS.categoryFieldDescription.min, LIMITS.categoryFieldDescription.max).nullable().optional(),
  /** The help text in English (the English interface falls back to `description`). */
  descriptionEn: zText(LIMITS.categoryFieldDescription.min, LIMITS.categoryFieldDescription.max).nullable().optional(),
  /** List choices: `key` is stored on the case, `name` (and `nameEn`) is what people read. */
  options: z
    .array(
      z.strictObject({
        key: z.string().regex(LIMITS.categoryFieldOptions.keyPattern),
        name: zText(1, LIMITS.categoryFieldOptions.nameMax),
        nameEn: zText(1, LIMITS.categoryFieldOptions.nameMax).nullable().optional(),
      }),
    )
    .max(LIMITS.categoryFieldOptions.max)
    .optional(),
});
export type TCategoryField = z.infer<typeof ZCategoryField>;

export const ZCaseCategory = z.object({
  id: z.string(),
  code: z.string(),
  parentId: z.string().nullable(),
  level: z.number().int(),
  name: z.string(),
  nameEn: z.string().nullable(),
  description: z.string().nullable(),
  /** 立案标准: when a report qualifies for filing. */
  filingStandard: z.string().nullable(),
  /** 结案标准: when the case may be closed. */
  closingStandard: z.string().nullable(),
  /** The filing standard in English (the English interface falls back to `filingStandard`). */
  filingStandardEn: z.string().nullable(),
  /** The closing standard in English. */
  closingStandardEn: z.string().nullable(),
  ackLimit: ZTimeLimit.nullable(),
  handleLimit: ZTimeLimit.nullable(),
  closeLimit: ZTimeLimit.nullable(),
  defaultUnitKind: z.enum(UNIT_KINDS).nullable(),
  /** Radius (m) within which open cases of this category are suggested as duplicates. */
  dedupeRadiusM: z.number().int(),
  fields: z.array(ZCategoryField),
  keywords: z.array(z.string()),
  active: z.boolean(),
  /** Reported like any other, never published (Open311 lists it with the keyword `private`). */
  isPrivate: z.boolean(),
  position: z.number().int(),
  version: z.number().int(),
});
export type TCaseCategory = z.infer<typeof ZCaseCategory>;
export const ZCaseCategoryList = z.object({ items: z.array(ZCaseCategory) });

const categoryFields = {
  code: z.string().regex(LIMITS.categoryCode.pattern, { message: "category.code" }),
  parentId: z.uuid().nullable().optional(),
  name: zText(LIMITS.categoryName.min, LIMITS.categoryName.max),
  nameEn: zText(LIMITS.categoryNameEn.min, LIMITS.categoryNameEn.max).nullable().optional(),
  description: zMultilineText(LIMITS.categoryDescription.max).nullable().optional(),
  filingStandard: zMultilineText(LIMITS.categoryStandard.max).nullable().optional(),
  closingStandard: zMultilineText(LIMITS.categoryStandard.max).nullable().optional(),
  filingStandardEn: zMultilineText(LIMITS.categoryStandard.max).nullable().optional(),
  closingStandardEn: zMultilineText(LIMITS.categoryStandard.max).nullable().optional(),
  ackLimit: ZTimeLimit.nullable().optional(),
  handleLimit: ZTimeLimit.nullable().optional(),
  closeLimit: ZTimeLimit.nullable().optional(),
  defaultUnitKind: z.enum(UNIT_KINDS).nullable().optional(),
  dedupeRadiusM: z.number().int().min(LIMITS.categoryDedupeRadiusM.min).max(LIMITS.categoryDedupeRadiusM.max).optional(),
  fields: z.array(ZCategoryField).max(LIMITS.categoryFields.max).optional(),
  keywords: z.array(zText(1, LIMITS.categoryKeywords.keywordMax)).max(LIMITS.categoryKeywords.max).optional(),
  active: z.boolean().optional(),
  isPrivate: z.boolean().optional(),
  position: z.number().int().min(LIMITS.categoryPosition.min).max(LIMITS.categoryPosition.max).optional(),
};
export const ZCreateCaseCategoryRequest = z.strictObject(categoryFields);
export const ZUpdateCaseCategoryRequest = z.strictObject({
  version: zVersion,
  ...categoryFields,
  code: categoryFields.code.optional(),
  name: categoryFields.name.optional(),
});

// ---------------------------------------------------------------------------------------------
// Work calendar

export const ZCalendarDay = z.object({ date: z.string(), kind: z.enum(["holiday", "workday"]), name: z.string() });
export const ZCalendarQuery = z.object({ year: z.coerce.number().int().min(LIMITS.calendarYear.min).max(LIMITS.calendarYear.max) });
export const ZCalendar = z.object({
  year: z.number().int(),
  /** Working periods of a day, Asia/Shanghai. */
  workHours: z.array(z.object({ start: z.string(), end: z.string() })),
  days: z.array(ZCalendarDay),
});
export const ZDateParams = z.strictObject({ date: z.iso.date() });
export const ZPutCalendarDayRequest = z.strictObject({ kind: z.enum(["holiday", "workday"]), name: zText(LIMITS.calendarDayName.min, LIMITS.calendarDayName.max) });

// ---------------------------------------------------------------------------------------------
// Cases

export const ZCaseAssignee = z.object({
  userId: z.string().nullable(),
  unitId: z.string().nullable(),
  /** Who it is: a person's name and/or a unit's name. */
  label: z.string(),
});

export const ZCaseSummary = z.object({
  id: z.string(),
  /** Readable number, e.g. XH-2021-000123. */
  number: z.string(),
  state: ZCaseState,
  channel: ZCaseChannel,
  priority: ZCasePriority,
  categoryId: z.string(),
  categoryCode: z.string(),
  categoryName: z.string(),
  description: z.string(),
  address: z.string().nullable(),
  /** WGS84. */
  location: z.object({ lng: z.number(), lat: z.number() }).nullable(),
  gridId: z.string().nullable(),
  gridName: z.string().nullable(),
  assignee: ZCaseAssignee.nullable(),
  reportedAt: zTimestamp,
  dispatchedAt: zTimestamp.nullable(),
  handleDueAt: zTimestamp.nullable(),
  closedAt: zTimestamp.nullable(),
  sla: ZSlaStatus,
  /** Highest escalation stage reached in the current clock round. */
  escalation: z.enum(["warning", "overdue", "council", "subdistrict"]).nullable(),
  reworkCount: z.number().int(),
  returnCount: z.number().int(),
  extensionCount: z.number().int(),
  reopenCount: z.number().int(),
  satisfaction: ZSatisfaction.nullable(),
  selfResolved: z.boolean(),
  photoCount: z.number().int(),
  mergedInto: z.object({ id: z.string(), number: z.string() }).nullable(),
  anonymous: z.boolean(),
  isDemo: z.boolean(),
  version: z.number().int(),
  updatedAt: zTimestamp,
});
export type TCaseSummary = z.infer<typeof ZCaseSummary>;
export const ZCasePage = zPage(ZCaseSummary);

export const ZCasePhoto = z.object({
  id: z.string(),
  /** report: sent with the report; evidence: attached to a step. */
  kind: z.enum(["report", "evidence"]),
  url: z.string(),
  thumbUrl: z.string(),
  width: z.number().int(),
  height: z.number().int(),
});

export const ZCaseEvent = z.object({
  id: z.string(),
  action: z.string(),
  fromState: ZCaseState.nullable(),
  toState: ZCaseState,
  at: zTimestamp,
  actorLabel: z.string(),
  note: z.string().nullable(),
  reason: z.string().nullable(),
  /** Staff marked the note (or reason) public: Open311 and the tracking page show it, redacted. */
  isPublic: z.boolean(),
  /** Step facts: assignee, due times, satisfaction, escalation stage, merged case… */
  data: z.record(z.string(), z.unknown()),
  photoIds: z.array(z.string()),
});
export type TCaseEvent = z.infer<typeof ZCaseEvent>;

export const ZCaseDetail = ZCaseSummary.extend({
  reporter: z.object({
    /** Masked name (张*) unless it is the caller's own case. */
    name: z.string().nullable(),
    phoneMasked: z.string().nullable(),
    userId: z.string().nullable(),
  }),
  attributes: z.record(z.string(), z.union([z.string(), z.number(), z.array(z.string())])),
  gridOverrideReason: z.string().nullable(),
  hotlineOrderNo: z.string().nullable(),
  filedAt: zTimestamp.nullable(),
  ackDueAt: zTimestamp.nullable(),
  closeDueAt: zTimestamp.nullable(),
  acknowledgedAt: zTimestamp.nullable(),
  handledAt: zTimestamp.nullable(),
  verifiedAt: zTimestamp.nullable(),
  extensionRequest: z.object({ dueAt: zTimestamp, reason: z.string() }).nullable(),
  photos: z.array(ZCasePhoto),
  events: z.array(ZCaseEvent),
  /** Cases merged into this one. */
  duplicates: z.array(z.object({ id: z.string(), number: z.string() })),
  /** Steps the caller may take now. */
  allowedActions: z.array(ZCaseAction),
});
export type TCaseDetail = z.infer<typeof ZCaseDetail>;

const zAttributes = z.record(
  z.string().regex(LIMITS.categoryFieldCode.pattern),
  z.union([zText(0, LIMITS.caseAttribute.textMax), z.number(), z.array(zText(1, LIMITS.caseAttribute.itemMax)).max(LIMITS.caseAttribute.listMax)]),
);
const zAddress = zText(LIMITS.caseAddress.min, LIMITS.caseAddress.max);
const zPhotoIds = z.array(z.uuid()).max(LIMITS.casePhotos.max);
/** A reporter's or contact's name and phone. */
const zContact = z.strictObject({ name: zText(LIMITS.caseReporterName.min, LIMITS.caseReporterName.max).optional(), phone: zContactPhone.optional() });

/** A case reported by a signed-in caller (resident, grid worker, hotline operator, staff). */
export const ZCreateCaseRequest = z.strictObject({
  channel: ZCaseChannel.optional(),
  categoryId: z.uuid(),
  description: zCaseDescription,
  location: ZLocationInput.optional(),
  address: zAddress.optional(),
  /** Override the located micro grid (staff only; needs a reason). */
  gridId: z.uuid().optional(),
  gridOverrideReason: zText(LIMITS.caseGridOverrideReason.min, LIMITS.caseGridOverrideReason.max).optional(),
  priority: ZCasePriority.default("normal"),
  photoIds: zPhotoIds.default([]),
  /** The reporter's name is not shown to handlers (contact details never are). */
  anonymous: z.boolean().default(false),
  /** Hotline or staff entry: the resident's contact (encrypted, masked). */
  reporter: zContact.optional(),
  /** 12345 work-order number (unique). */
  hotlineOrderNo: z.string().regex(LIMITS.hotlineOrderNo.pattern).optional(),
  attributes: zAttributes.optional(),
  /** When it was reported, if earlier than now (hotline orders). */
  reportedAt: z.iso.datetime({ offset: true }).optional(),
});

/** A report from the public H5 page without signing in. */
export const ZPublicCaseRequest = z.strictObject({
  categoryId: z.uuid(),
  description: zCaseDescription,
  location: ZLocationInput.optional(),
  address: zAddress.optional(),
  photoIds: zPhotoIds.default([]),
  contact: zContact.optional(),
  attributes: zAttributes.optional(),
});

export const ZCaseCreated = ZCaseDetail.extend({
  /** Only for reports without an account: the code to follow, rate and reopen the case. Shown once. */
  trackingCode: z.string().nullable(),
});

export const ZPublicCaseCreated = z.object({ number: z.string(), trackingCode: z.string(), reportedAt: zTimestamp });

/** What anyone holding the tracking code sees: no names, no contact details. */
export const ZPublicCaseView = z.object({
  number: z.string(),
  state: ZCaseState,
  categoryName: z.string(),
  description: z.string(),
  address: z.string().nullable(),
  gridName: z.string().nullable(),
  reportedAt: zTimestamp,
  handleDueAt: zTimestamp.nullable(),
  closedAt: zTimestamp.nullable(),
  satisfaction: ZSatisfaction.nullable(),
  photos: z.array(ZCasePhoto),
  timeline: z.array(z.object({ action: z.string(), toState: ZCaseState, at: zTimestamp, note: z.string().nullable() })),
  canRate: z.boolean(),
  canReopen: z.boolean(),
});
const zTracking = z.string().max(LIMITS.caseTracking.max);
export const ZTrackQuery = z.strictObject({ number: zTracking, code: zTracking });
export const ZPublicRateRequest = z.strictObject({ number: zTracking, code: zTracking, satisfaction: ZSatisfaction, note: zMultilineText(LIMITS.note.max).optional() });
export const ZPublicReopenRequest = z.strictObject({ number: zTracking, code: zTracking, reason: zMultilineText(LIMITS.note.max) });

/** One workflow step on a case; which fields are required depends on the action. */
export const ZCaseTransitionRequest = z.strictObject({
  action: ZCaseAction,
  version: zVersion,
  note: zMultilineText(LIMITS.note.max * 2).optional(),
  reason: zMultilineText(LIMITS.note.max).optional(),
  /**
   * The note (or reason) may be published: Open311 and the tracking page show it, with phone and
   * ID numbers redacted. Default false: notes are internal unless staff say otherwise.
   */
  isPublic: z.boolean().optional(),
  /** dispatch: a person (account), a unit, or both (the unit's contact person). */
  assignee: z.strictObject({ userId: z.uuid().optional(), unitId: z.uuid().optional() }).optional(),
  /** request/approve_extension: the new due time. */
  dueAt: z.iso.datetime({ offset: true }).optional(),
  satisfaction: ZSatisfaction.optional(),
  photoIds: zPhotoIds.optional(),
  mainCaseId: z.uuid().optional(),
});
export type TCaseTransitionRequest = z.infer<typeof ZCaseTransitionRequest>;

export const ZBatchTransitionRequest = z.strictObject({
  action: z.enum(["file", "void", "dispatch", "verify", "close", "supervise", "acknowledge"]),
  items: z.array(z.strictObject({ id: z.uuid(), version: zVersion })).min(1).max(100),
  note: zMultilineText(LIMITS.note.max).optional(),
  reason: zMultilineText(LIMITS.note.max).optional(),
  assignee: z.strictObject({ userId: z.uuid().optional(), unitId: z.uuid().optional() }).optional(),
});
export const ZBatchTransitionResult = z.object({
  results: z.array(z.object({ id: z.string(), ok: z.boolean(), status: z.number().int(), code: z.string().nullable(), detail: z.string().nullable(), version: z.number().int().nullable() })),
});

const zList = <T extends z.ZodType<unknown, string>>(item: T) =>
  z
    .string()
    .max(400)
    .transform((s) => s.split(",").filter(Boolean))
    .pipe(z.array(item).max(20));

export const ZFindCasesQuery = ZPageQuery.extend({
  /** Number, description or address contains. */
  q: zText(1, LIMITS.search.max).optional(),
  state: zList(ZCaseState).optional(),
  /** Open cases only (not closed, voided or merged). */
  open: zBoolString.optional(),
  sla: zList(ZSlaStatus).optional(),
  channel: zList(ZCaseChannel).optional(),
  categoryId: z.uuid().optional(),
  gridId: z.uuid().optional(),
  assigneeUserId: z.uuid().optional(),
  unitId: z.uuid().optional(),
  /** Cases assigned to the caller. */
  mine: zBoolString.optional(),
  /** Cases the caller reported. */
  reportedByMe: zBoolString.optional(),
  /** Cases with an extension request awaiting a decision. */
  extensionPending: zBoolString.optional(),
  /** Cases reopened at least once (重办). */
  reopened: zBoolString.optional(),
  from: z.iso.date().optional(),
  to: z.iso.date().optional(),
  /** Evaluation drill-down: only cases counted by this indicator's numerator or denominator. */
  metric: z.string().max(60).optional(),
  sort: z.enum(["reported_desc", "due_asc"]).default("reported_desc"),
});
export type TFindCasesQuery = z.infer<typeof ZFindCasesQuery>;

export const ZDuplicateQuery = z.strictObject({
  categoryId: z.uuid(),
  ...ZLocateQuery.shape,
  excludeId: z.uuid().optional(),
});
export const ZDuplicateList = z.object({
  radiusM: z.number().int(),
  items: z.array(z.object({ id: z.string(), number: z.string(), state: ZCaseState, description: z.string(), distanceM: z.number(), reportedAt: zTimestamp })),
});

export const ZCaseMapQuery = z.strictObject({ categoryId: z.uuid().optional(), sla: zList(ZSlaStatus).optional() });

/** What waits for the caller: one count per bucket of INBOX_BUCKETS, each the length of the list `inboxBucketQuery` opens. */
export const ZInbox = z.object({
  counts: z.record(z.enum(INBOX_BUCKET_KEYS as [TInboxBucketKey, ...TInboxBucketKey[]]), z.number().int()),
});

export const ZNotification = z.object({
  id: z.string(),
  kind: z.string(),
  caseId: z.string().nullable(),
  caseNumber: z.string().nullable(),
  title: z.string(),
  body: z.string(),
  createdAt: zTimestamp,
  readAt: zTimestamp.nullable(),
});
export const ZNotificationPage = zPage(ZNotification).extend({ unread: z.number().int() });
export const ZNotificationQuery = ZPageQuery.extend({ unread: zBoolString.optional() });

export const ZPhotoUploaded = z.object({ id: z.string(), url: z.string(), thumbUrl: z.string(), width: z.number().int(), height: z.number().int(), mime: z.string(), bytes: z.number().int() });
export const ZPhotoQuery = z.strictObject({ thumb: zBoolString.optional(), code: zTracking.optional(), number: zTracking.optional() });

export const ZCaseReveal = z.object({ name: z.string().nullable(), phone: z.string().nullable() });

export const ZHotlineImportResult = z.object({
  dryRun: z.boolean(),
  created: z.number().int(),
  skipped: z.number().int(),
  rows: z.number().int(),
  /** Row-level problems: every bad row and field, nothing written when any is present. */
  problems: z.array(z.object({ row: z.number().int(), column: z.string().nullable(), message: z.string() })),
  cases: z.array(z.object({ row: z.number().int(), number: z.string().nullable(), hotlineOrderNo: z.string() })),
});
export const ZDryRunQuery = z.strictObject({ dryRun: zBoolString.default(false) });

// ---------------------------------------------------------------------------------------------
// Evaluation

export const ZEvaluationMetric = z.enum(EVALUATION_METRICS);
export const ZEvaluationQuery = z.strictObject({
  groupBy: z.enum(["grid", "unit", "category"]).default("grid"),
  /** Grid level to group by (1 sub-district … 4 micro grid). */
  level: z.coerce.number().int().min(GRID_LEVEL.subdistrict).max(GRID_LEVEL.micro).default(GRID_LEVEL.disposal),
  /** Only grids under this one. */
  gridId: z.uuid().optional(),
  from: z.iso.date(),
  to: z.iso.date(),
});
export type TEvaluationQuery = z.infer<typeof ZEvaluationQuery>;

/** A count with the rate it feeds: numerator / denominator. */
export const ZRatio = z.object({ numerator: z.number().int(), denominator: z.number().int(), value: z.number().nullable() });
export const ZEvaluationRow = z.object({
  key: z.string(),
  name: z.string(),
  reported: z.number().int(),
  filingRate: ZRatio,
  onTimeHandlingRate: ZRatio,
  closingRate: ZRatio,
  onTimeClosingRate: ZRatio,
  reworkRate: ZRatio,
  extensionRate: ZRatio,
  satisfactionRate: ZRatio,
  /** Average working hours from dispatch to handled, over `handledCount` cases. */
  avgHandlingHours: z.number().nullable(),
  handledCount: z.number().int(),
});
export type TEvaluationRow = z.infer<typeof ZEvaluationRow>;
export const ZEvaluation = z.object({
  from: z.string(),
  to: z.string(),
  groupBy: z.string(),
  level: z.number().int(),
  total: ZEvaluationRow,
  rows: z.array(ZEvaluationRow),
  /** Reported cases per month of the period, for the trend chart. */
  monthly: z.array(z.object({ month: z.string(), reported: z.number().int(), closed: z.number().int(), overdue: z.number().int() })),
});
export type TEvaluation = z.infer<typeof ZEvaluation>;
/** Figures the drill-down opens: every indicator plus the monthly trend's overdue count. */
export const ZEvaluationCasesMetric = z.enum([...EVALUATION_METRICS, "overdue"]);
export const ZEvaluationCasesQuery = ZPageQuery.extend({
  groupBy: z.enum(["grid", "unit", "category"]).default("grid"),
  level: z.coerce.number().int().min(GRID_LEVEL.subdistrict).max(GRID_LEVEL.micro).default(GRID_LEVEL.disposal),
  /** The row's key (grid, unit or category id, or `none`: no grid at the level / no unit); absent or empty = the total row. */
  key: z.string().max(60).optional(),
  gridId: z.uuid().optional(),
  from: z.iso.date(),
  to: z.iso.date(),
  /** An indicator, or `overdue` (the monthly trend's overdue count; pass the month as from/to). */
  metric: ZEvaluationCasesMetric,
  /** numerator (e.g. on-time cases) or denominator (cases counted). */
  part: z.enum(["numerator", "denominator"]).default("denominator"),
});
export type TEvaluationCasesQuery = z.infer<typeof ZEvaluationCasesQuery>;
