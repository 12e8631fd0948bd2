import { date, integer, pgTable, text, timestamp } from "drizzle-orm/pg-core";

/** A tenant is one sub-district deployment; the root every other row hangs from. */
export const tenants = pgTable("tenants", {
  id: text("id").primaryKey(),
  name: text("name").notNull(),
  nameEn: text("name_en").notNull(),
  /** 12-digit statistical division code, e.g. 310112008000 for 新虹街道. */
  divisionCode: text("division_code").notNull(),
  /**
   * The permission catalog as of the last seed. A permission added to the catalog later is
   * granted to the system roles that carry it by default, once, on the next start.
   */
  catalogPermissions: text("catalog_permissions").array(),
  /**
   * The day pages count "as of" by default (YYYY-MM-DD, Asia/Shanghai), or null for today: a demo
   * data set fixes its last day (Xinhong 2021-10-31) so pages open on periods that hold data.
   * Clocks (SLA, escalation) never read it (docs/adr/0012).
   */
  referenceDate: date("reference_date", { mode: "string" }),
  /** How many of the seed's upgrade steps (seed/tenant.ts SEED_UPGRADES) this tenant has had. */
  seedRevision: integer("seed_revision").notNull().default(0),
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
