import { sql } from "drizzle-orm";
import { bigint, bigserial, boolean, date, doublePrecision, foreignKey, index, integer, jsonb, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { grids } from "../grids/grids.table";
import { tenants } from "../tenants/tenants.table";
import { units } from "../units/units.table";
import { users } from "../users/users.table";

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** The category dictionary: 大类 (level 1) → 小类 (level 2) with standards and time limits. */
export const caseCategories = pgTable(
  "case_categories",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id),
    id: uuid("id").notNull().defaultRandom(),
    /** `01` for a 大类, `0101` for its 小类. */
    code: text("code").notNull(),
    parentId: uuid("parent_id"),
    level: integer("level").notNull(),
    name: text("name").notNull(),
    nameEn: text("name_en"),
    description: text("description"),
    filingStandard: text("filing_standard"),
    closingStandard: text("closing_standard"),
    /** The standards in English, for the English interface (null: it shows the Chinese). */
    filingStandardEn: text("filing_standard_en"),
    closingStandardEn: text("closing_standard_en"),
    /** `{ value, unit: "hours" | "days" }` or null (大类 carry none). */
    ackLimit: jsonb("ack_limit"),
    handleLimit: jsonb("handle_limit"),
    closeLimit: jsonb("close_limit"),
    defaultUnitKind: text("default_unit_kind"),
    dedupeRadiusM: integer("dedupe_radius_m").notNull().default(50),
    /** Extra fields (Open311 attributes). */
    fields: jsonb("fields").notNull().default(sql`'[]'::jsonb`),
    keywords: jsonb("keywords").notNull().default(sql`'[]'::jsonb`),
    active: boolean("active").notNull().default(true),
    /**
     * Reported like any other, never published (Open311, the public map and feeds): reports that
     * point at a neighbour's flat or a person (群租). FixMyStreet's `private` service keyword.
     */
    isPrivate: boolean("is_private").notNull().default(false),
    position: integer("position").notNull().default(0),
    version: integer("version").notNull().default(1),
    updatedAt: ts("updated_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("case_categories_tenant_code_unique").on(t.tenantId, t.code),
    foreignKey({ columns: [t.tenantId, t.parentId], foreignColumns: [t.tenantId, t.id], name: "case_categories_parent_fk" }),
  ],
);

/** Exceptions to Monday–Friday: public holidays and make-up working days (调休). */
export const workCalendarDays = pgTable(
  "work_calendar_days",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id),
    /** YYYY-MM-DD, Asia/Shanghai. */
    date: text("date").notNull(),
    kind: text("kind").notNull(),
    name: text("name").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.date] })],
);

/** Last case number issued per year (XH-2021-000123). */
export const caseCounters = pgTable(
  "case_counters",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id),
    year: integer("year").notNull(),
    last: integer("last").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.year] })],
);

/**
 * A case (案卷). The columns after `state` are the projection of its events (case_events),
 * written in the same transaction as each event: evaluation reads them, the timeline the events.
 */
export const cases = pgTable(
  "cases",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id),
    id: uuid("id").notNull().defaultRandom(),
    number: text("number").notNull(),
    channel: text("channel").notNull(),
    state: text("state").notNull(),
    priority: text("priority").notNull().default("normal"),
    categoryId: uuid("category_id").notNull(),
    description: text("description").notNull(),
    address: text("address"),
    lng: doublePrecision("lng"),
    lat: doublePrecision("lat"),
    gridId: uuid("grid_id"),
    gridOverrideReason: text("grid_override_reason"),
    attributes: jsonb("attributes").notNull().default(sql`'{}'::jsonb`),
    /** Account of the reporter (residents, grid workers, staff); null for hotline/public/Open311 reports. */
    reporterUserId: uuid("reporter_user_id"),
    reporterNameEnc: text("reporter_name_enc"),
    reporterPhoneEnc: text("reporter_phone_enc"),
    anonymous: boolean("anonymous").notNull().default(false),
    /** HMAC of the tracking code given to a reporter without an account. */
    trackingHash: text("tracking_hash"),
    /**
     * Where an anonymous report came from (public page, Open311): keyed hashes of the client
     * address and of the page's device cookie, never the raw values. A dispatcher voids a flood by them.
     */
    sourceAddressHash: text("source_address_hash"),
    sourceDeviceHash: text("source_device_hash"),
    hotlineOrderNo: text("hotline_order_no"),
    assigneeUserId: uuid("assignee_user_id"),
    assigneeUnitId: uuid("assignee_unit_id"),
    reportedAt: ts("reported_at").notNull(),
    filedAt: ts("filed_at"),
    dispatchedAt: ts("dispatched_at"),
    ackDueAt: ts("ack_due_at"),
    /** 80 % of the handling limit in working time: the queue turns amber from here. */
    warnAt: ts("warn_at"),
    handleDueAt: ts("handle_due_at"),
    closeDueAt: ts("close_due_at"),
    acknowledgedAt: ts("acknowledged_at"),
    handledAt: ts("handled_at"),
    verifiedAt: ts("verified_at"),
    closedAt: ts("closed_at"),
    voidedAt: ts("voided_at"),
    /** Working minutes from the (last) dispatch to handled. */
    handlingMinutes: integer("handling_minutes"),
    /** First handled / closed before its due time (the first round decides the on-time rates). */
    handledOnTime: boolean("handled_on_time"),
    closedOnTime: boolean("closed_on_time"),
    selfResolved: boolean("self_resolved").notNull().default(false),
    resumeState: text("resume_state"),
    extensionDueAt: ts("extension_due_at"),
    extensionReason: text("extension_reason"),
    satisfaction: text("satisfaction"),
    mergedIntoId: uuid("merged_into_id"),
    round: integer("round").notNull().default(0),
    reworkCount: integer("rework_count").notNull().default(0),
    returnCount: integer("return_count").notNull().default(0),
    extensionCount: integer("extension_count").notNull().default(0),
    reopenCount: integer("reopen_count").notNull().default(0),
    /** Highest escalation stage fired in the current round, and when the next one is due (null: none). */
    escalation: text("escalation"),
    nextEscalationAt: ts("next_escalation_at"),
    /**
     * Set by the clock when it marks the case overdue (the 100 % stage) and never cleared: the
     * evaluation rollups count marked running cases, so only the few not marked yet are counted
     * at read time (docs/evaluation.md, ADR 0009).
     */
    overdueMarked: boolean("overdue_marked").notNull().default(false),
    photoCount: integer("photo_count").notNull().default(0),
    isDemo: boolean("is_demo").notNull().default(false),
    createdAt: ts("created_at").notNull().defaultNow(),
    updatedAt: ts("updated_at").notNull().defaultNow(),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("cases_tenant_number_unique").on(t.tenantId, t.number),
    unique("cases_tenant_hotline_unique").on(t.tenantId, t.hotlineOrderNo),
    foreignKey({ columns: [t.tenantId, t.categoryId], foreignColumns: [caseCategories.tenantId, caseCategories.id], name: "cases_category_fk" }),
    foreignKey({ columns: [t.tenantId, t.gridId], foreignColumns: [grids.tenantId, grids.id], name: "cases_grid_fk" }),
    foreignKey({ columns: [t.tenantId, t.reporterUserId], foreignColumns: [users.tenantId, users.id], name: "cases_reporter_fk" }),
    foreignKey({ columns: [t.tenantId, t.assigneeUserId], foreignColumns: [users.tenantId, users.id], name: "cases_assignee_user_fk" }),
    foreignKey({ columns: [t.tenantId, t.assigneeUnitId], foreignColumns: [units.tenantId, units.id], name: "cases_assignee_unit_fk" }),
    foreignKey({ columns: [t.tenantId, t.mergedIntoId], foreignColumns: [t.tenantId, t.id], name: "cases_merged_into_fk" }),
    index("cases_reported_idx").on(t.tenantId, t.reportedAt),
    index("cases_grid_idx").on(t.tenantId, t.gridId, t.reportedAt),
    index("cases_state_idx").on(t.tenantId, t.state),
    index("cases_assignee_idx").on(t.tenantId, t.assigneeUserId),
    index("cases_reporter_idx").on(t.tenantId, t.reporterUserId),
    index("cases_next_escalation_idx").on(t.tenantId, t.nextEscalationAt),
    index("cases_merged_into_idx").on(t.tenantId, t.mergedIntoId),
    index("cases_source_address_idx").on(t.tenantId, t.sourceAddressHash, t.reportedAt).where(sql`${t.sourceAddressHash} is not null`),
    index("cases_source_device_idx").on(t.tenantId, t.sourceDeviceHash, t.reportedAt).where(sql`${t.sourceDeviceHash} is not null`),
    // The running cases not handled yet: the evaluation counts the part of 超期数 that moves with
    // the clock from here (unmarked and past due, or marked and not due any more).
    index("cases_unhandled_due_idx")
      .on(t.tenantId, t.overdueMarked, t.handleDueAt)
      .where(sql`${t.handledOnTime} is null and ${t.handleDueAt} is not null`),
  ],
);

/** Every step of a case: who, when, from and to which state, note, reason, facts and photos. */
export const caseEvents = pgTable(
  "case_events",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id),
    id: uuid("id").notNull().defaultRandom(),
    caseId: uuid("case_id").notNull(),
    /** Insertion order: breaks ties between steps taken at the same instant. */
    seq: bigserial("seq", { mode: "number" }).notNull(),
    action: text("action").notNull(),
    fromState: text("from_state"),
    toState: text("to_state").notNull(),
    at: ts("at").notNull(),
    actorId: uuid("actor_id"),
    actorLabel: text("actor_label").notNull(),
    note: text("note"),
    reason: text("reason"),
    data: jsonb("data").notNull().default(sql`'{}'::jsonb`),
    photoIds: jsonb("photo_ids").notNull().default(sql`'[]'::jsonb`),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.caseId], foreignColumns: [cases.tenantId, cases.id], name: "case_events_case_fk" }).onDelete("cascade"),
    index("case_events_case_idx").on(t.tenantId, t.caseId, t.at),
  ],
);

/** Photos: uploaded first (case_id null), attached to a case on report or on a step. */
export const casePhotos = pgTable(
  "case_photos",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id),
    id: uuid("id").notNull().defaultRandom(),
    caseId: uuid("case_id"),
    kind: text("kind").notNull().default("report"),
    storageKey: text("storage_key").notNull(),
    thumbKey: text("thumb_key").notNull(),
    mime: text("mime").notNull(),
    width: integer("width").notNull(),
    height: integer("height").notNull(),
    bytes: integer("bytes").notNull(),
    sha256: text("sha256").notNull(),
    /** Uploader's account; null for the public page (attachable only to a public report). */
    uploadedBy: uuid("uploaded_by"),
    createdAt: ts("created_at").notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.caseId], foreignColumns: [cases.tenantId, cases.id], name: "case_photos_case_fk" }).onDelete("cascade"),
    index("case_photos_case_idx").on(t.tenantId, t.caseId),
  ],
);

/** Escalation stages fired per case and clock round: the key makes each fire exactly once. */
export const caseEscalations = pgTable(
  "case_escalations",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id),
    caseId: uuid("case_id").notNull(),
    round: integer("round").notNull(),
    stage: text("stage").notNull(),
    /** When the stage was due (working-time schedule) and when it actually fired. */
    dueAt: ts("due_at").notNull(),
    firedAt: ts("fired_at").notNull(),
    /** The grid notified (level 4 → 1 as it escalates). */
    targetGridId: uuid("target_grid_id"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.caseId, t.round, t.stage] }),
    foreignKey({ columns: [t.tenantId, t.caseId], foreignColumns: [cases.tenantId, cases.id], name: "case_escalations_case_fk" }).onDelete("cascade"),
  ],
);

/** Events for integrations, written with the change and delivered with retries (never lost). */
export const webhookOutbox = pgTable(
  "webhook_outbox",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id),
    id: uuid("id").notNull().defaultRandom(),
    eventType: text("event_type").notNull(),
    payload: jsonb("payload").notNull(),
    createdAt: ts("created_at").notNull(),
    attempts: integer("attempts").notNull().default(0),
    nextAttemptAt: ts("next_attempt_at").notNull(),
    deliveredAt: ts("delivered_at"),
    lastError: text("last_error"),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index("webhook_outbox_due_idx").on(t.tenantId, t.deliveredAt, t.nextAttemptAt)],
);

/**
 * The evaluation's counts per grouping, day and month (ADR 0009, docs/evaluation.md): for each
 * case set of `EVALUATION_SETS`, how many cases reported on that day (in that month) belong to it,
 * per case grid (`dim` grid), per responsible unit or per 小类 (`unit`, `category`, each also by
 * the case's disposal grid, `area`, so a caller's scope down to a disposal grid applies). Kept in
 * the transaction of every change to a case (intake, steps, the clock's overdue mark) by adding
 * deltas, and rebuilt from `cases` by `caihong rollups rebuild`. The nil uuid stands for "none".
 */
export const caseRollups = pgTable(
  "case_rollups",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id),
    /** `grid`, `unit` or `category`. */
    dim: text("dim").notNull(),
    /** `day` or `month`. */
    grain: text("grain").notNull(),
    /** The day (Asia/Shanghai) the cases were reported on, or the first day of their month. */
    bucket: date("bucket", { mode: "string" }).notNull(),
    /** The case's grid, its assignee unit or its 小类; nil uuid: none. */
    key: uuid("key").notNull(),
    /** For `unit` and `category`: the case's grid at level 2 (or its own grid above that level); nil uuid otherwise. */
    area: uuid("area").notNull(),
    reported: integer("reported").notNull().default(0),
    valid: integer("valid").notNull().default(0),
    filed: integer("filed").notNull().default(0),
    dueHandling: integer("due_handling").notNull().default(0),
    handledOnTime: integer("handled_on_time").notNull().default(0),
    closed: integer("closed").notNull().default(0),
    closedOnTime: integer("closed_on_time").notNull().default(0),
    handled: integer("handled").notNull().default(0),
    reworked: integer("reworked").notNull().default(0),
    extended: integer("extended").notNull().default(0),
    rated: integer("rated").notNull().default(0),
    satisfied: integer("satisfied").notNull().default(0),
    timed: integer("timed").notNull().default(0),
    handledLate: integer("handled_late").notNull().default(0),
    overdueMarked: integer("overdue_marked").notNull().default(0),
    /** Working minutes of the timed cases. */
    minutes: bigint("minutes", { mode: "number" }).notNull().default(0),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.dim, t.grain, t.bucket, t.key, t.area] })],
);
