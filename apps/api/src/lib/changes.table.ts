import { integer, pgTable, primaryKey, text } from "drizzle-orm/pg-core";

/**
 * One counter per tenant and change topic (lib/changes.ts, the only code that touches it, in raw
 * SQL): a publish bumps it in the change's transaction, and the query that loads a session reads
 * the tenant's counters, so a request that follows a change sees it in any process even before
 * the notification arrives. The `permissions` counter is the permission version (ADR 0009).
 * No foreign key to tenants: lib/ imports no module, and a counter of an unknown tenant harms nothing.
 */
export const changeVersions = pgTable(
  "change_versions",
  {
    tenantId: text("tenant_id").notNull(),
    /** One of CHANGE_TOPICS. */
    topic: text("topic").notNull(),
    /** Bumped by every published change of this topic in this tenant. */
    version: integer("version").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.topic] })],
);
