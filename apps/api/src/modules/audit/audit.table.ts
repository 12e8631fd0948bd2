import { bigserial, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tenants } from "../tenants/tenants.table";

/**
 * Append-only audit log: every change and every unmasked read of personal data.
 * `grid_id` is the grid of the affected record, so audit reads follow the same data scope.
 */
export const auditLog = pgTable(
  "audit_log",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id),
    id: uuid("id").notNull().defaultRandom(),
    /** Insertion order: breaks ties between entries written in the same millisecond. */
    seq: bigserial("seq", { mode: "number" }).notNull(),
    at: timestamp("at", { withTimezone: true }).notNull().defaultNow(),
    actorId: uuid("actor_id"),
    actorLabel: text("actor_label").notNull(),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id"),
    gridId: uuid("grid_id"),
    before: jsonb("before"),
    after: jsonb("after"),
    requestId: text("request_id"),
    ip: text("ip"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    index("audit_log_tenant_at_idx").on(t.tenantId, t.at, t.seq),
    index("audit_log_entity_idx").on(t.tenantId, t.entityType, t.entityId),
  ],
);
