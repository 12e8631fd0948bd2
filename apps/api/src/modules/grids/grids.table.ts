import { foreignKey, index, integer, pgTable, primaryKey, smallint, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
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
