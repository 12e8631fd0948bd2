import { zCaseDescription, zContactPhone } from "@caihong/contracts";
import { z } from "zod";

/*
 * Inputs of the Open311 GeoReport v2 endpoints, named as the spec names them (snake_case).
 * Kept beside the module rather than in packages/contracts: no other client speaks these, and
 * the outputs are the spec's, serialized to JSON or XML by hand. Empty parameters are removed
 * before validation (the spec: an empty argument is the same as a missing one).
 */

/** A datetime with its offset (W3C profile of ISO 8601), or a date taken as Asia/Shanghai midnight. */
const zW3cDate = z.union([z.iso.datetime({ offset: true }), z.iso.date()]);

/** Only one jurisdiction is served here, so the spec lets us ignore it. */
const jurisdiction = { jurisdiction_id: z.string().max(200).optional() };

/** `.json` or `.xml` (anything else is answered 404). */
export const ZFormatParams = z.object({ format: z.string().max(20) });
/** `{name}.{format}`, e.g. `0601.json`, `XH-2026-000001.xml`. */
export const ZFileParams = z.object({ file: z.string().max(200) });

export const ZJurisdictionQuery = z.object(jurisdiction);

export const ZRequestQuery = z.object({
  ...jurisdiction,
  /** `true` adds extended_attributes (channel, grid, internal state) and the public steps as notes. */
  extensions: z.enum(["true", "false"]).optional(),
});

const zCommaList = <T extends z.ZodType<unknown, string>>(item: T, max: number) =>
  z
    .string()
    .max(max * 41)
    .transform((s) =>
      s
        .split(",")
        .map((x) => x.trim())
        .filter(Boolean),
    )
    .pipe(z.array(item).min(1).max(max));

/**
 * Request ids one GET may name: FixMyStreet polls with every open report's id at once (thousands
 * for a large body). Ids are opaque (UUIDs), so a long list walks nothing.
 */
export const MAX_REQUEST_IDS = 10_000;

export const ZRequestsQuery = z.object({
  ...jurisdiction,
  /** Comma list of request ids (up to 10,000); when given, every other filter is ignored. */
  service_request_id: zCommaList(z.string().max(40), MAX_REQUEST_IDS).optional(),
  /** Comma list of service codes (小类 codes). */
  service_code: zCommaList(z.string().max(20), 100).optional(),
  /** Earliest requested_datetime; with end_date at most 90 days apart. */
  start_date: zW3cDate.optional(),
  /** Latest requested_datetime. */
  end_date: zW3cDate.optional(),
  /** Comma list of `open`, `closed`. */
  status: zCommaList(z.enum(["open", "closed"]), 2).optional(),
  /** Page number, from 1 (the page/page_size extension). */
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  /** Requests per page: at most and by default 1,000. */
  page_size: z.coerce.number().int().min(1).max(1000).default(1000),
  extensions: z.enum(["true", "false"]).optional(),
});
export type TRequestsQuery = z.infer<typeof ZRequestsQuery>;

/**
 * POST requests (application/x-www-form-urlencoded, or multipart/form-data with photos).
 * `attribute[code]=v` arrives as `attribute.code`, repeated `attribute[code][]=v` as an array.
 * email, device_id, account_id are accepted and ignored (no contact by e-mail).
 */
export const ZPostRequestForm = z.object({
  ...jurisdiction,
  /** The API key (also accepted as `Authorization: Bearer`); needs cases.report. */
  api_key: z.string().max(200).optional(),
  /** The 小类 code, e.g. 0601. */
  service_code: z.string().max(20),
  /** WGS84 latitude; with `long` required here (the micro grid is found from the point). */
  lat: z.coerce.number().min(-90).max(90).optional(),
  /** WGS84 longitude. */
  long: z.coerce.number().min(-180).max(180).optional(),
  address_string: z.string().max(200).optional(),
  address_id: z.string().max(200).optional(),
  email: z.string().max(200).optional(),
  device_id: z.string().max(200).optional(),
  account_id: z.string().max(200).optional(),
  first_name: z.string().max(40).optional(),
  last_name: z.string().max(40).optional(),
  /** A phone number, formatted any common way (`+86 138 0013 8000`); kept encrypted, never published. */
  phone: zContactPhone.optional(),
  /** Plain text up to 4,000 characters, no HTML; the service name when absent. */
  description: zCaseDescription.optional(),
  /** A photo to fetch (only from CAIHONG_OPEN311_MEDIA_HOSTS); stored without EXIF like an upload. */
  media_url: z.string().max(2000).optional(),
  /** Answers to the service definition's attributes. */
  attribute: z.record(z.string().regex(/^[a-z][a-z0-9_]{0,39}$/), z.union([z.string().max(500), z.array(z.string().max(40)).max(50)])).optional(),
});
export type TPostRequestForm = z.infer<typeof ZPostRequestForm>;

/** The updates feed (servicerequestupdates): steps in a window, oldest first. */
export const ZUpdatesQuery = z.object({
  ...jurisdiction,
  /** Optional: with a key, the steps of the key's own submissions are included (status only until published). */
  api_key: z.string().max(200).optional(),
  /** Earliest updated_datetime; FixMyStreet sends both dates (its last two hours) or neither (then: the last 24 hours). */
  start_date: zW3cDate.optional(),
  /** Latest updated_datetime; at most 90 days after start_date. */
  end_date: zW3cDate.optional(),
  /** Page number, from 1. */
  page: z.coerce.number().int().min(1).max(1_000_000).default(1),
  /** Updates per page: at most and by default 1,000. */
  page_size: z.coerce.number().int().min(1).max(1000).default(1000),
});
export type TUpdatesQuery = z.infer<typeof ZUpdatesQuery>;

/**
 * A citizen's update from a client (POST servicerequestupdates, when enabled). It is kept as an
 * internal remark on the case; the person's name, e-mail and phone are not kept.
 */
export const ZPostUpdateForm = z.object({
  ...jurisdiction,
  api_key: z.string().max(200).optional(),
  /** The request (our id, as returned by POST requests). */
  service_request_id: z.string().max(64),
  /** The client's id of this update (FixMyStreet: update_id, or update_id_ext); a repeat returns the first answer. */
  update_id: z.string().max(100).optional(),
  update_id_ext: z.string().max(100).optional(),
  /** When the citizen wrote it (W3C datetime). */
  updated_datetime: z.iso.datetime({ offset: true }).optional(),
  /** The status the citizen gave (OPEN, FIXED …); recorded, never applied. */
  status: z.string().max(40).optional(),
  /** The citizen's text, up to 4,000 characters, no HTML. */
  description: zCaseDescription,
  /** A photo to fetch from an allowed host, attached to the remark. */
  media_url: z.string().max(2000).optional(),
  first_name: z.string().max(100).optional(),
  last_name: z.string().max(100).optional(),
  email: z.string().max(200).optional(),
  phone: z.string().max(40).optional(),
  title: z.string().max(200).optional(),
  email_alerts_requested: z.string().max(10).optional(),
  public_anonymity_required: z.string().max(10).optional(),
  service_code: z.string().max(20).optional(),
  service_request_id_ext: z.string().max(100).optional(),
});
export type TPostUpdateForm = z.infer<typeof ZPostUpdateForm>;
