import { foreignKey, index, integer, pgTable, primaryKey, text, timestamp, unique, uuid, boolean } from "drizzle-orm/pg-core";
import { grids } from "../grids/grids.table";
import { tenants } from "../tenants/tenants.table";

/** Accounts of staff and residents. Phone is encrypted; phone_hash serves lookup and uniqueness. */
export const users = pgTable(
  "users",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id),
    id: uuid("id").notNull().defaultRandom(),
    username: text("username").notNull(),
    displayName: text("display_name").notNull(),
    phoneEnc: text("phone_enc"),
    phoneHash: text("phone_hash"),
    phoneVerifiedAt: timestamp("phone_verified_at", { withTimezone: true }),
    status: text("status", { enum: ["active", "disabled"] }).notNull().default("active"),
    gridId: uuid("grid_id"),
    locale: text("locale", { enum: ["zh-CN", "en"] }).notNull().default("zh-CN"),
    passwordHash: text("password_hash").notNull(),
    mustChangePassword: boolean("must_change_password").notNull().default(false),
    failedLoginCount: integer("failed_login_count").notNull().default(0),
    lockedUntil: timestamp("locked_until", { withTimezone: true }),
    lastLoginAt: timestamp("last_login_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("users_tenant_username_unique").on(t.tenantId, t.username),
    unique("users_tenant_phone_hash_unique").on(t.tenantId, t.phoneHash),
    foreignKey({ columns: [t.tenantId, t.gridId], foreignColumns: [grids.tenantId, grids.id], name: "users_grid_fk" }),
    index("users_tenant_created_idx").on(t.tenantId, t.createdAt, t.id),
  ],
);

/** A one-time code sent to a phone (resident registration). Only hashes are stored. */
export const phoneVerifications = pgTable(
  "phone_verifications",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id),
    id: uuid("id").notNull().defaultRandom(),
    phoneHash: text("phone_hash").notNull(),
    codeHash: text("code_hash").notNull(),
    purpose: text("purpose").notNull(),
    attempts: integer("attempts").notNull().default(0),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    consumedAt: timestamp("consumed_at", { withTimezone: true }),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.id] }), index("phone_verifications_lookup_idx").on(t.tenantId, t.phoneHash, t.createdAt)],
);
