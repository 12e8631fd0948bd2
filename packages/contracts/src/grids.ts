import { z } from "zod";
import { CRS_VALUES, GRID_LEVEL, GRID_TYPES, MEMBERSHIP_ROLES, PARTY_ORG_KINDS, STAFF_POSTS } from "./catalog";
import { zBoolString, zPhone, zText, zTimestamp, zVersion } from "./common";
import { LIMITS } from "./limits";

/** A grid node as the scope pickers need it. */
export const ZGridNode = z.object({
  /** Grid id. */
  id: z.string(),
  /** Parent grid id (null for the sub-district). */
  parentId: z.string().nullable(),
  /** Level 1–4. */
  level: z.number().int(),
  /** Code. */
  code: z.string(),
  /** Name. */
  name: z.string(),
  /** Type (see GRID_TYPES). */
  type: z.string(),
});
export type TGridNode = z.infer<typeof ZGridNode>;

export const ZGridList = z.object({ items: z.array(ZGridNode) });

/** Grid counts per level, computed from rows within the caller's scope. */
export const ZGridSummary = z.object({
  /** One entry per level 1–4 present. */
  levels: z.array(z.object({ level: z.number().int(), count: z.number().int() })),
  /** All grids counted. */
  total: z.number().int(),
  /** Party organisations bound to the counted grids, per kind (from rows). */
  organisations: z.array(z.object({ kind: z.enum(PARTY_ORG_KINDS), count: z.number().int() })),
});

/** Coordinate systems accepted on input: GPS/WGS84, AMap/Tencent/WeChat GCJ-02, Baidu BD-09. */
export const ZCrs = z.enum(CRS_VALUES);

const zLongitude = z.number().min(LIMITS.longitude.min).max(LIMITS.longitude.max);
const zLatitude = z.number().min(LIMITS.latitude.min).max(LIMITS.latitude.max);

/** A location in any of the three coordinate systems; stored as WGS84. */
export const ZLocationInput = z.strictObject({
  lng: zLongitude,
  lat: zLatitude,
  crs: ZCrs.default("wgs84"),
});

/** "Which grid is this?" */
export const ZLocateQuery = z.object({
  /** Longitude in the given system. */
  lng: z.coerce.number().min(LIMITS.longitude.min).max(LIMITS.longitude.max),
  /** Latitude in the given system. */
  lat: z.coerce.number().min(LIMITS.latitude.min).max(LIMITS.latitude.max),
  /** Coordinate system of lng/lat, default wgs84. */
  crs: ZCrs.default("wgs84"),
});

/** The micro grid containing a point and its ancestors, or a statement that the point is outside. */
export const ZLocateResult = z.object({
  /** True when the point lies in one of the tenant's micro grids. */
  isInside: z.boolean(),
  /** The point converted to WGS84. */
  wgs84: z.object({ lng: z.number(), lat: z.number() }),
  /** Sub-district → disposal → autonomous → micro grid; empty when outside. */
  chain: z.array(ZGridNode),
  /** Localized sentence for people. */
  message: z.string(),
});

export const ZGridType = z.enum(GRID_TYPES);

/** GeoJSON geometry accepted for a grid boundary: Polygon or MultiPolygon, WGS84 [lng, lat]. */
const zPosition = z.tuple([zLongitude, zLatitude]).rest(z.number());
const zRing = z.array(zPosition).min(4).max(20_000);
export const ZGridGeometry = z.discriminatedUnion("type", [
  z.object({ type: z.literal("Polygon"), coordinates: z.array(zRing).min(1).max(200) }),
  z.object({ type: z.literal("MultiPolygon"), coordinates: z.array(z.array(zRing).min(1).max(200)).min(1).max(200) }),
]);
export type TGridGeometry = z.infer<typeof ZGridGeometry>;

/** A grid with every attribute (boundary excluded: the map fetches it as GeoJSON). */
export const ZGridDetail = ZGridNode.extend({
  /** Grid type (see GRID_TYPES). */
  type: ZGridType,
  /** Area in square metres (from the boundary). */
  areaM2: z.number().nullable(),
  /** Centroid, WGS84. */
  centroid: z.object({ lng: z.number(), lat: z.number() }).nullable(),
  /** Contact person's name. */
  contactName: z.string().nullable(),
  /** Contact phone, masked. */
  contactPhoneMasked: z.string().nullable(),
  /** Invented demo record. */
  isDemo: z.boolean(),
  /** When this grid took effect. */
  validFrom: zTimestamp,
  /** When it was redrawn away; null while current. */
  validTo: zTimestamp.nullable(),
  /** Optimistic-concurrency version. */
  version: z.number().int(),
  /** Ancestors from the sub-district down (excluding this grid). */
  ancestors: z.array(ZGridNode),
  /** Counts computed from rows: child grids, party members in its organisation, units, staff. */
  counts: z.object({ children: z.number().int(), members: z.number().int(), units: z.number().int(), staff: z.number().int() }),
  /** The party organisation bound to this grid (null = a consistency violation). */
  organisation: z
    .object({ id: z.string(), name: z.string(), kind: z.enum(PARTY_ORG_KINDS) })
    .nullable(),
  /** Responsible members (党员责任区) or the organisation's secretary for higher levels. */
  responsible: z.array(z.object({ personId: z.string(), name: z.string(), role: z.enum(MEMBERSHIP_ROLES) })),
  /** Current staff on this grid. */
  staff: z.array(z.object({ assignmentId: z.string(), personId: z.string(), name: z.string(), post: z.enum(STAFF_POSTS) })),
  /** Boundary redraws kept as history (newest first). */
  history: z.array(z.object({ validFrom: zTimestamp, validTo: zTimestamp, areaM2: z.number().nullable() })),
});
export type TGridDetail = z.infer<typeof ZGridDetail>;

/** Attribute edit of one grid; boundaries change only by import. */
export const ZUpdateGridRequest = z.strictObject({
  version: zVersion,
  name: zText(LIMITS.gridName.min, LIMITS.gridName.max).optional(),
  type: ZGridType.optional(),
  contactName: zText(LIMITS.gridContactName.min, LIMITS.gridContactName.max).nullable().optional(),
  /** A mobile number or a landline. */
  contactPhone: z.union([zPhone, z.string().regex(LIMITS.gridContactPhone.landlinePattern, { message: "phone.invalid" })]).nullable().optional(),
});

/** Filters of the grid map / list queries. */
export const ZGridQuery = z.object({
  /** Only this level. */
  level: z.coerce.number().int().min(GRID_LEVEL.subdistrict).max(GRID_LEVEL.micro).optional(),
  /** Name or code contains (case-insensitive). */
  q: zText(1, LIMITS.search.max).optional(),
  /** Include retired grids (history). */
  includeRetired: zBoolString.optional(),
});

/** One feature of the grid GeoJSON (export, import, map layers). */
export const ZGridFeature = z.object({
  type: z.literal("Feature"),
  /** Grid id on export; ignored on import (grids are matched by code). */
  id: z.string().optional(),
  properties: z.object({
    code: z.string().regex(/^\d{12}(\d{2}(\d{2}(\d{3})?)?)?$/, { message: "grid.codePattern" }),
    name: zText(LIMITS.gridName.min, LIMITS.gridName.max),
    level: z.number().int().min(GRID_LEVEL.subdistrict).max(GRID_LEVEL.micro),
    type: ZGridType,
    parentCode: z.string().nullable(),
    /** Set to true on import to retire this grid (it keeps its records and history). */
    retired: z.boolean().optional(),
    isDemo: z.boolean().optional(),
    organisation: z.string().nullable().optional(),
  }),
  geometry: ZGridGeometry,
});

export const ZGridFeatureCollection = z.object({
  type: z.literal("FeatureCollection"),
  features: z.array(ZGridFeature).max(100_000),
});
export type TGridFeatureCollection = z.infer<typeof ZGridFeatureCollection>;

/** One problem found by the topology checker or an import, naming the grids (by code) involved. */
export const ZGridProblem = z.object({
  /** gap, overlap, self_intersection, invalid_ring, hole, outside_parent, level_mismatch, unknown_parent, duplicate_code, type_mismatch, … */
  kind: z.string(),
  /** Codes of the grids involved. */
  codes: z.array(z.string()),
  /** Feature index or Excel row (1-based) for import problems. */
  at: z.string().nullable(),
  /** Localized explanation. */
  message: z.string(),
  /** Size of a gap/overlap in square metres, when measurable. */
  areaM2: z.number().nullable(),
  /** A point where the problem is (WGS84), for the map. */
  location: z.object({ lng: z.number(), lat: z.number() }).nullable(),
});

export const ZTopologyReport = z.object({
  /** When the report was computed. */
  checkedAt: zTimestamp,
  /** Grids checked. */
  grids: z.number().int(),
  /** Tolerance used for gaps and overlaps, m². */
  toleranceM2: z.number(),
  problems: z.array(ZGridProblem),
});

/** Outcome of a GeoJSON or Excel import: counts, or (with 422) every problem. */
export const ZGridImportResult = z.object({
  dryRun: z.boolean(),
  created: z.number().int(),
  updated: z.number().int(),
  redrawn: z.number().int(),
  retired: z.number().int(),
  unchanged: z.number().int(),
});

export const ZGridImportQuery = z.object({
  /** Check everything and report, write nothing. */
  dryRun: zBoolString.default(false),
});
