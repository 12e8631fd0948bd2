import { foreignKey, index, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { grids } from "../grids/grids.table";
import { tenants } from "../tenants/tenants.table";
import { users } from "../users/users.table";

/** Server-side sessions; the cookie carries a random token and only its SHA-256 is stored. */
export const sessions = pgTable(
  "sessions",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id),
    /** SHA-256 (hex) of the cookie token. */
    id: text("id").notNull(),
    userId: uuid("user_id").notNull(),
    csrfToken: text("csrf_token").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastSeenAt: timestamp("last_seen_at", { withTimezone: true }).notNull().defaultNow(),
    expiresAt: timestamp("expires_at", { withTimezone: true }).notNull(),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
    ip: text("ip"),
    userAgent: text("user_agent"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id], name: "sessions_user_fk" }).onDelete("cascade"),
    index("sessions_id_idx").on(t.id),
    index("sessions_user_idx").on(t.tenantId, t.userId),
  ],
);

/** API keys for machine clients; only a SHA-256 of the secret is stored. */
export const apiKeys = pgTable(
  "api_keys",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id),
    id: uuid("id").notNull().defaultRandom(),
    name: text("name").notNull(),
    prefix: text("prefix").notNull(),
    keyHash: text("key_hash").notNull(),
    permissions: text("permissions").array().notNull(),
    scope: text("scope", { enum: ["all", "subtree", "grid", "own"] }).notNull(),
    gridId: uuid("grid_id"),
    createdBy: uuid("created_by").notNull(),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    lastUsedAt: timestamp("last_used_at", { withTimezone: true }),
    expiresAt: timestamp("expires_at", { withTimezone: true }),
    revokedAt: timestamp("revoked_at", { withTimezone: true }),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.gridId], foreignColumns: [grids.tenantId, grids.id], name: "api_keys_grid_fk" }),
    foreignKey({ columns: [t.tenantId, t.createdBy], foreignColumns: [users.tenantId, users.id], name: "api_keys_creator_fk" }),
    index("api_keys_hash_idx").on(t.keyHash),
  ],
);
