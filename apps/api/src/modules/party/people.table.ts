import { boolean, date, foreignKey, index, integer, pgTable, primaryKey, smallint, text, timestamp, unique, uuid } from "drizzle-orm/pg-core";
import { grids } from "../grids/grids.table";
import { tenants } from "../tenants/tenants.table";
import { users } from "../users/users.table";

/**
 * Party members and staff in the area. Phone and ID number are encrypted; their HMAC hashes
 * serve lookup and uniqueness. `grid_id` is the home grid and drives grid scope over people.
 */
export const people = pgTable(
  "people",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id),
    id: uuid("id").notNull().defaultRandom(),
    name: text("name").notNull(),
    gender: text("gender"),
    birthYear: smallint("birth_year"),
    phoneEnc: text("phone_enc"),
    phoneHash: text("phone_hash"),
    idNumberEnc: text("id_number_enc"),
    idNumberHash: text("id_number_hash"),
    isPartyMember: boolean("is_party_member").notNull().default(false),
    joinedPartyOn: date("joined_party_on"),
    /** 流动党员: lives here, membership held elsewhere (`membership_elsewhere`). */
    isFloatingMember: boolean("is_floating_member").notNull().default(false),
    membershipElsewhere: text("membership_elsewhere"),
    gridId: uuid("grid_id"),
    userId: uuid("user_id"),
    note: text("note"),
    isDemo: boolean("is_demo").notNull().default(false),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    updatedAt: timestamp("updated_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    unique("people_tenant_id_number_unique").on(t.tenantId, t.idNumberHash),
    unique("people_tenant_user_unique").on(t.tenantId, t.userId),
    foreignKey({ columns: [t.tenantId, t.gridId], foreignColumns: [grids.tenantId, grids.id], name: "people_grid_fk" }),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id], name: "people_user_fk" }),
    index("people_grid_idx").on(t.tenantId, t.gridId),
    index("people_phone_idx").on(t.tenantId, t.phoneHash),
  ],
);

/** A person's post on a grid (网格长, 网格员, …) with dates; while current it grants their account a scope. */
export const staffAssignments = pgTable(
  "staff_assignments",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id),
    id: uuid("id").notNull().defaultRandom(),
    gridId: uuid("grid_id").notNull(),
    personId: uuid("person_id").notNull(),
    post: text("post").notNull(),
    fromDate: date("from_date").notNull(),
    toDate: date("to_date"),
    createdAt: timestamp("created_at", { withTimezone: true }).notNull().defaultNow(),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.gridId], foreignColumns: [grids.tenantId, grids.id], name: "staff_assignments_grid_fk" }),
    foreignKey({ columns: [t.tenantId, t.personId], foreignColumns: [people.tenantId, people.id], name: "staff_assignments_person_fk" }),
    index("staff_assignments_grid_idx").on(t.tenantId, t.gridId),
    index("staff_assignments_person_idx").on(t.tenantId, t.personId),
  ],
);
