import { boolean, date, foreignKey, index, integer, pgTable, primaryKey, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { grids } from "../grids/grids.table";
import { people } from "./people.table";
import { tenants } from "../tenants/tenants.table";

/**
 * Party organisations. Exactly one per grid and one grid per organisation: `grid_id` is NOT NULL
 * (one grid per organisation) and unique per tenant (one organisation per grid), so the database
 * itself refuses a second organisation on a grid, whichever request commits first.
 */
export const partyOrgs = pgTable(
  "party_orgs",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id),
    id: uuid("id").notNull().defaultRandom(),
    gridId: uuid("grid_id").notNull(),
    name: text("name").notNull(),
    /** community_committee, disposal_council, community_branch, street_branch, responsibility_zone. */
    kind: text("kind").notNull(),
    contactPhoneEnc: text("contact_phone_enc"),
    foundedOn: date("founded_on"),
    note: text("note"),
    isDemo: boolean("is_demo").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("party_orgs_tenant_grid_unique").on(t.tenantId, t.gridId),
    foreignKey({ columns: [t.tenantId, t.gridId], foreignColumns: [grids.tenantId, grids.id], name: "party_orgs_grid_fk" }),
  ],
);

/** A person's membership of (or role in) an organisation, with dates. */
export const partyMemberships = pgTable(
  "party_memberships",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id),
    id: uuid("id").notNull().defaultRandom(),
    orgId: uuid("org_id").notNull(),
    personId: uuid("person_id").notNull(),
    /** secretary, deputy_secretary, committee_member, member, responsible. */
    role: text("role").notNull(),
    fromDate: date("from_date").notNull(),
    toDate: date("to_date"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.orgId], foreignColumns: [partyOrgs.tenantId, partyOrgs.id], name: "party_memberships_org_fk" }),
    foreignKey({ columns: [t.tenantId, t.personId], foreignColumns: [people.tenantId, people.id], name: "party_memberships_person_fk" }),
    index("party_memberships_org_idx").on(t.tenantId, t.orgId),
    index("party_memberships_person_idx").on(t.tenantId, t.personId),
  ],
);
