import { integer, index, pgTable, primaryKey, text, timestamp } from "drizzle-orm/pg-core";

const ts = (name: string) => timestamp(name, { withTimezone: true });

/**
 * The counters of the one limiter (lib/limits.ts, the only code that touches it, in raw SQL):
 * one row per tenant, bucket and key, shared by every server process. A row holds the current
 * fixed window (its count and end), an optional block (backoff) and serves as a mark (a known
 * sign-in address, a spent proof of work) until it expires. Keys are keyed hashes, never raw
 * addresses, names or cookies. Rows past `expires_at` are swept.
 * No foreign key to tenants: lib/ imports no module.
 */
export const rateLimits = pgTable(
  "rate_limits",
  {
    tenantId: text("tenant_id").notNull(),
    /** What is limited, e.g. `case.report.address`, `login.pair`. */
    bucket: text("bucket").notNull(),
    /** A keyed hash of the subject (address, device, account, pair …). */
    key: text("key").notNull(),
    /** Hits in the current window. */
    count: integer("count").notNull(),
    /** End of the current window. */
    windowEndsAt: ts("window_ends_at").notNull(),
    /** Refused until then (backoff), if set. */
    blockedUntil: ts("blocked_until"),
    /** The row may be deleted from then on (the later of the window's end and the block's). */
    expiresAt: ts("expires_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.tenantId, t.bucket, t.key] }), index("rate_limits_expires_idx").on(t.expiresAt)],
);
