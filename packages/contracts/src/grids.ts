import { z } from "zod";

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
});
export type TGridNode = z.infer<typeof ZGridNode>;

export const ZGridList = z.object({ items: z.array(ZGridNode) });

/** Grid counts per level, computed from rows within the caller's scope. */
export const ZGridSummary = z.object({
  /** One entry per level 1–4 present. */
  levels: z.array(z.object({ level: z.number().int(), count: z.number().int() })),
  /** All grids counted. */
  total: z.number().int(),
});

/** Coordinate systems accepted on input: GPS/WGS84, AMap/Tencent/WeChat GCJ-02, Baidu BD-09. */
export const ZCrs = z.enum(["wgs84", "gcj02", "bd09"]);

/** "Which grid is this?" */
export const ZLocateQuery = z.object({
  /** Longitude in the given system. */
  lng: z.coerce.number().min(-180).max(180),
  /** Latitude in the given system. */
  lat: z.coerce.number().min(-90).max(90),
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
