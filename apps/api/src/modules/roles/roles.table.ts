import { boolean, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { grids } from "../grids/grids.table";
import { tenants } from "../tenants/tenants.table";
import { users } from "../users/users.table";

/** Named permission sets; seeded per tenant, editable by admins. */
export const roles = pgTable(
  "roles",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id),
    id: uuid("id").notNull().defaultRandom(),
    code: text("code").notNull(),
    nameZh: text("name_zh").notNull(),
    nameEn: text("name_en").notNull(),
    permissions: text("permissions").array().notNull().default([]),
    isSystem: boolean("is_system").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer("version").notNull().default(1),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), unique("roles_tenant_code_unique").on(t.tenantId, t.code)],
);

/** A user holds a role with a data scope anchored (for subtree/grid) at a grid. */
export const userRoles = pgTable(
  "user_roles",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id),
    id: uuid("id").notNull().defaultRandom(),
    userId: uuid("user_id").notNull(),
    roleId: uuid("role_id").notNull(),
    scope: text("scope", { enum: ["all", "subtree", "grid", "own"] }).notNull(),
    gridId: uuid("grid_id"),
    /** Set when the row was granted by a grid staff assignment (removed when it ends). */
    assignmentId: uuid("assignment_id"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id], name: "user_roles_user_fk" }).onDelete("cascade"),
    foreignKey({ columns: [t.tenantId, t.roleId], foreignColumns: [roles.tenantId, roles.id], name: "user_roles_role_fk" }),
    foreignKey({ columns: [t.tenantId, t.gridId], foreignColumns: [grids.tenantId, grids.id], name: "user_roles_grid_fk" }),
    index("user_roles_user_idx").on(t.tenantId, t.userId),
    index("user_roles_role_idx").on(t.tenantId, t.roleId),
  ],
);
