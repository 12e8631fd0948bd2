import { boolean, doublePrecision, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { grids } from "../grids/grids.table";
import { tenants } from "../tenants/tenants.table";

/** Units in the area (驻区单位): enterprises, building projects, operators, schools, departments. */
export const units = pgTable(
  "units",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id),
    id: uuid("id").notNull().defaultRandom(),
    name: text("name").notNull(),
    kind: text("kind").notNull(),
    /** Unified social credit code (checksum-validated), unique per tenant when present. */
    uscc: text("uscc"),
    address: text("address"),
    lng: doublePrecision("lng"),
    lat: doublePrecision("lat"),
    gridId: uuid("grid_id"),
    /** Its own party organisation (两新党组织), when it has one. */
    partyOrgName: text("party_org_name"),
    partyMemberCount: integer("party_member_count"),
    note: text("note"),
    isDemo: boolean("is_demo").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("units_tenant_uscc_unique").on(t.tenantId, t.uscc),
    foreignKey({ columns: [t.tenantId, t.gridId], foreignColumns: [grids.tenantId, grids.id], name: "units_grid_fk" }),
    index("units_grid_idx").on(t.tenantId, t.gridId),
  ],
);

/** Contact people of a unit; phone encrypted. */
export const unitContacts = pgTable(
  "unit_contacts",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id),
    id: uuid("id").notNull().defaultRandom(),
    unitId: uuid("unit_id").notNull(),
    name: text("name").notNull(),
    title: text("title"),
    phoneEnc: text("phone_enc"),
    position: integer("position").notNull().default(0),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.unitId], foreignColumns: [units.tenantId, units.id], name: "unit_contacts_unit_fk" }).onDelete("cascade"),
    index("unit_contacts_unit_idx").on(t.tenantId, t.unitId),
  ],
);
