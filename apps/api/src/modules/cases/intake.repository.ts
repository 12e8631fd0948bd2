import { createHash } from "node:crypto";
import { CATEGORY_LEVEL } from "@caihong/domain";
import type { Database, Db } from "../../db/client";
import { sqlFromText, textOf } from "../../lib/sql-fragments";
import { gridNameOf, gridPathOf } from "../../lib/scope-sql";
import { auditInsertText } from "../audit";
import { apiKeyHoldsText } from "../auth";
import { onceKeyInsertText } from "../idempotency";
import { userNameOf } from "../users";
import { sql } from "drizzle-orm";
import { rollupUpsertText } from "./rollups.repository";

// The intake's one statement (docs/performance.md, "Hot paths: one statement"): a writable CTE that
// numbers the case from the year's counter and writes the case, its photos, its first event, the
// audit entry, the webhook row, its rollup counts and the idempotency key, and answers with the
// labels of the case's grid and reporter — one round trip, one named prepared statement, parsed
// and planned once per connection. Nothing is written unless every check in `guard` holds.

/** What one report writes (the caller generates the ids, so the answer is known before the statement runs). */
export interface IntakeValues {
  tenantId: string;
  caseId: string;
  prefix: string;
  year: number;
  channel: string;
  priority: string;
  categoryId: string;
  description: string;
  address: string | null;
  lng: number | null;
  lat: number | null;
  gridId: string | null;
  gridOverrideReason: string | null;
  attributes: Record<string, unknown>;
  reporterUserId: string | null;
  reporterNameEnc: string | null;
  reporterPhoneEnc: string | null;
  anonymous: boolean;
  trackingHash: string | null;
  sourceAddressHash: string | null;
  sourceDeviceHash: string | null;
  hotlineOrderNo: string | null;
  reportedAt: Date;
  now: Date;
  /** The grids counter the located grid was found under; null: no check (no location, or a grid chosen by hand). */
  gridsVersion: number | null;
  photoIds: string[];
  /** Who may attach the photos: their uploader (null: uploaded without an account). */
  photoUploader: string | null;
  eventId: string;
  eventActorId: string | null;
  eventActorLabel: string;
  eventData: Record<string, unknown>;
  audit: { actorId: string | null; actorLabel: string; after: Record<string, unknown>; requestId: string | null; ip: string | null };
  /** The webhook's payload without the case number (added by the statement); null: no webhook configured. */
  webhook: Record<string, unknown> | null;
  /** The rollup deltas (`rollupPayload`); `[]` when a batch writes them at its end. */
  rollups: string;
  once: { principal: string; key: string; requestHash: string; responseEnc: string } | null;
  /** The API key the report comes through (checked in the statement: the key is kept in memory); null: none. */
  apiKeyId: string | null;
}

/** What the statement answers: the number and event sequence when it wrote, else why not. */
export interface IntakeOutcome {
  written: boolean;
  number: string | null;
  eventSeq: number | null;
  /** The grids counter now: differs from `gridsVersion` when the grids changed under the report. */
  gridsVersion: number;
  categoryReportable: boolean;
  /** False when the API key was revoked or expired (or its creator disabled) since it was read. */
  keyHolds: boolean;
  photosAvailable: number;
  gridName: string | null;
  gridPath: string | null;
  reporterUserName: string | null;
}

const SUBCLASS = CATEGORY_LEVEL.subclass;

const INTAKE_TEXT = `
with
  available_photos as (
    select p.id from case_photos p
    where p.tenant_id = $1 and p.id in (select jsonb_array_elements_text($26::jsonb)::uuid)
      and p.case_id is null and p.uploaded_by is not distinct from $27::uuid
    for update),
  grids_now as (
    select coalesce((select cv.version from change_versions cv where cv.tenant_id = $1 and cv.topic = 'grids'), 0) as version),
  category_ok as (
    select exists (select 1 from case_categories cc where cc.tenant_id = $1 and cc.id = $7::uuid and cc.active and cc.level = ${SUBCLASS}) as ok),
  key_ok as (
    select ${apiKeyHoldsText("$1", "$43::uuid", "$24::timestamptz")} as ok),
  guard as (
    select 1 as ok from grids_now, category_ok, key_ok
    where ($25::int is null or grids_now.version = $25::int) and category_ok.ok and key_ok.ok
      and (select count(*) from available_photos) = jsonb_array_length($26::jsonb)),
  counter as (
    insert into case_counters (tenant_id, year, last) select $1, $4::int, 1 from guard
    on conflict (tenant_id, year) do update set last = case_counters.last + 1
    returning $3 || '-' || $4::int::text || '-' || lpad(last::text, 6, '0') as number),
  new_case as (
    insert into cases (tenant_id, id, number, channel, state, priority, category_id, description, address, lng, lat, grid_id,
      grid_override_reason, attributes, reporter_user_id, reporter_name_enc, reporter_phone_enc, anonymous, tracking_hash,
      source_address_hash, source_device_hash, hotline_order_no, reported_at, photo_count, created_at, updated_at)
    select $1, $2::uuid, counter.number, $5, 'reported', $6, $7::uuid, $8, $9, $10::float8, $11::float8, $12::uuid,
      $13, $14::jsonb, $15::uuid, $16, $17, $18::boolean, $19,
      $20, $21, $22, $23::timestamptz, jsonb_array_length($26::jsonb), $24::timestamptz, $24::timestamptz
    from counter
    returning number),
  attached as (
    update case_photos set case_id = $2::uuid, kind = 'report'
    where case_photos.tenant_id = $1 and case_photos.id in (select id from available_photos) and exists (select 1 from new_case)
    returning id),
  event as (
    insert into case_events (tenant_id, id, case_id, action, from_state, to_state, at, actor_id, actor_label, data, photo_ids)
    select $1, $28::uuid, $2::uuid, 'report', null, 'reported', $23::timestamptz, $29::uuid, $30, $31::jsonb, $26::jsonb from new_case
    returning seq),
  audit as (
    ${auditInsertText(
      {
        tenantId: "$1",
        at: "$24::timestamptz",
        actorId: "$32::uuid",
        actorLabel: "$33",
        action: "'case.create'",
        entityType: "'case'",
        entityId: "$2::uuid::text",
        gridId: "$12::uuid",
        before: "null",
        after: "$34::jsonb || jsonb_build_object('number', new_case.number)",
        requestId: "$35",
        ip: "$36",
      },
      "new_case",
    )}),
  webhook as (
    insert into webhook_outbox (tenant_id, event_type, payload, created_at, next_attempt_at)
    select $1, 'case.created', $37::jsonb || jsonb_build_object('number', new_case.number), $24::timestamptz, $24::timestamptz
    from new_case where $37::jsonb is not null),
  rollups as (
    ${rollupUpsertText("$1", "$38::jsonb", "exists (select 1 from new_case)")}),
  once as (
    ${onceKeyInsertText({ tenantId: "$1", principal: "$39", key: "$40", requestHash: "$41", responseEnc: "$42", createdAt: "$24::timestamptz" }, "new_case where $40::text is not null")})
select
  (select number from new_case) as number,
  (select seq from event) as event_seq,
  (select version from grids_now) as grids_version,
  (select ok from category_ok) as category_ok,
  (select ok from key_ok) as key_ok,
  (select count(*) from available_photos)::int as photos_available,
  ${textOf(gridNameOf(sql.raw("$1"), sql.raw("$12::uuid")))} as grid_name,
  ${textOf(gridPathOf(sql.raw("$1"), sql.raw("$12::uuid")))} as grid_path,
  ${textOf(userNameOf(sql.raw("$1") as never, sql.raw("$15::uuid") as never))} as reporter_user_name`;

/** The statement's name, from its text: a changed text gets a new name (a connection keeps a name's first text). */
const INTAKE_NAME = `cases_intake_${createHash("sha1").update(INTAKE_TEXT).digest("hex").slice(0, 12)}`;

function paramsOf(v: IntakeValues): unknown[] {
  const json = (x: unknown) => (x === null ? null : JSON.stringify(x));
  return [
    v.tenantId, v.caseId, v.prefix, v.year, v.channel, v.priority, v.categoryId, v.description, v.address, v.lng, v.lat, v.gridId,
    v.gridOverrideReason, json(v.attributes), v.reporterUserId, v.reporterNameEnc, v.reporterPhoneEnc, v.anonymous, v.trackingHash,
    v.sourceAddressHash, v.sourceDeviceHash, v.hotlineOrderNo, v.reportedAt.toISOString(), v.now.toISOString(), v.gridsVersion,
    json(v.photoIds), v.photoUploader, v.eventId, v.eventActorId, v.eventActorLabel, json(v.eventData),
    v.audit.actorId, v.audit.actorLabel, json(v.audit.after), v.audit.requestId, v.audit.ip,
    json(v.webhook), v.rollups,
    v.once?.principal ?? null, v.once?.key ?? null, v.once?.requestHash ?? null, v.once?.responseEnc ?? null,
    v.apiKeyId,
  ];
}

interface RawOutcome {
  number: string | null;
  event_seq: string | number | null;
  grids_version: string | number;
  category_ok: boolean;
  key_ok: boolean;
  photos_available: number;
  grid_name: string | null;
  grid_path: string | null;
  reporter_user_name: string | null;
}

function outcomeOf(row: RawOutcome): IntakeOutcome {
  return {
    written: row.number !== null,
    number: row.number,
    eventSeq: row.event_seq === null ? null : Number(row.event_seq),
    gridsVersion: Number(row.grids_version),
    categoryReportable: row.category_ok,
    keyHolds: row.key_ok,
    photosAvailable: Number(row.photos_available),
    gridName: row.grid_name,
    gridPath: row.grid_path,
    reporterUserName: row.reporter_user_name,
  };
}

/** Writes one report as its own transaction: one round trip, a named prepared statement. */
export async function writeIntake(database: Database, v: IntakeValues): Promise<IntakeOutcome> {
  const [row] = await database.prepared<RawOutcome>(INTAKE_NAME, INTAKE_TEXT, paramsOf(v));
  return outcomeOf(row!);
}

/** Writes one report inside the caller's transaction (a batch: the 12345 import) — the same statement. */
export async function writeIntakeIn(tx: Db, v: IntakeValues): Promise<IntakeOutcome> {
  const result = (await tx.execute(sqlFromText(INTAKE_TEXT, paramsOf(v)))) as unknown as { rows: RawOutcome[] };
  return outcomeOf(result.rows[0]!);
}
