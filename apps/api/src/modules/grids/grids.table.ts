import { boolean, doublePrecision, foreignKey, index, integer, jsonb, pgTable, primaryKey, smallint, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { tenants } from "../tenants/tenants.table";

/**
 * The grid tree. This issue creates what data scope needs (parent and materialized path);
 * the grid module extends it with geometry, type and validity.
 */
export const grids = pgTable(
  "grids",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id),
    id: uuid("id").notNull().defaultRandom(),
    parentId: uuid("parent_id"),
    /** `/<root id>/<child id>/…/<own id>/`: a subtree is every path with this prefix. */
    path: text("path").notNull(),
    level: smallint("level").notNull(),
    code: text("code").notNull(),
    name: text("name").notNull(),
    /** subdistrict, disposal, residents_committee, village_committee, workstation, street_front, residential_block. */
    type: text("type").notNull().default("subdistrict"),
    /** Boundary as GeoJSON Polygon or MultiPolygon, WGS84. */
    boundary: jsonb("boundary"),
    minLng: doublePrecision("min_lng"),
    minLat: doublePrecision("min_lat"),
    maxLng: doublePrecision("max_lng"),
    maxLat: doublePrecision("max_lat"),
    areaM2: doublePrecision("area_m2"),
    centroidLng: doublePrecision("centroid_lng"),
    centroidLat: doublePrecision("centroid_lat"),
    /** Contact person of the grid (office or grid head). */
    contactName: text("contact_name"),
    /** Contact phone, encrypted (personal-data helper). */
    contactPhoneEnc: text("contact_phone_enc"),
    /** Invented demo record (name marked 示例). */
    isDemo: boolean("is_demo").notNull().default(false),
    validFrom: timestamp("valid_from", { withTimezone: true }).notNull().defaultNow(),
    /** Set when the grid is redrawn away; records filed in it keep pointing at it. */
    validTo: timestamp("valid_to", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("grids_tenant_code_unique").on(t.tenantId, t.code),
    foreignKey({ columns: [t.tenantId, t.parentId], foreignColumns: [t.tenantId, t.id], name: "grids_parent_fk" }),
    index("grids_tenant_path_idx").on(t.tenantId, t.path),
  ],
);

/**
 * Earlier boundaries of a grid, one row per redraw: a grid keeps its id (and records filed in it
 * keep pointing at it) while its boundary changes; this table says which boundary held when.
 */
export const gridBoundaryHistory = pgTable(
  "grid_boundary_history",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id),
    id: uuid("id").notNull().defaultRandom(),
    gridId: uuid("grid_id").notNull(),
    boundary: jsonb("boundary"),
    areaM2: doublePrecision("area_m2"),
    validFrom: timestamp("valid_from", { withTimezone: true }).notNull(),
    validTo: timestamp("valid_to", { withTimezone: true }).notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.gridId], foreignColumns: [grids.tenantId, grids.id], name: "grid_boundary_history_grid_fk" }),
    index("grid_boundary_history_grid_idx").on(t.tenantId, t.gridId),
  ],
);
