import { integer, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";
import { tenants } from "../tenants/tenants.table";

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** Idempotency-Key → the response of the first request (a retried submission creates one case). */
export const idempotencyKeys = pgTable(
  "idempotency_keys",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id),
    /** Who sent it (user id, or `anon:<ip>`), so keys of different callers never collide. */
    principal: text("principal").notNull(),
    key: text("key").notNull(),
    requestHash: text("request_hash").notNull(),
    status: integer("status").notNull(),
    /** The response body, encrypted: it may hold a tracking code. */
    responseEnc: text("response_enc").notNull(),
    createdAt: ts("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.principal, t.key] })],
);
