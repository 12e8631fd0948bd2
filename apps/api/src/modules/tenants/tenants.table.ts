import { pgTable, text, timestamp } from "drizzle-orm/pg-core";

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
  createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
});
