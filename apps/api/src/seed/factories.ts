import type { Db } from "../db/client";
import { findGridRef } from "../lib/scope-sql";
import { GRID_CODE_DIGITS, insertChildGrid, nextChildCode, typesOfLevel } from "../modules/grids";
import { partyMemberships, partyOrgs } from "../modules/party/party.table";
import { people, staffAssignments } from "../modules/party/people.table";
import { units } from "../modules/units/units.table";

// Factories the tests and the demo share: one record with sensible defaults and the overrides a
// test cares about, written as the modules write them (the grid tree through the grids
// repository, so path, level and code follow the tree's rules).

/**
 * Adds a grid below a parent: the next free code under it (as many digits as its level's codes),
 * the first type its level allows, no boundary.
 */
export async function buildGrid(db: Db, tenantId: string, parentId: string, overrides: { name: string; code?: string; type?: string }) {
  const parent = await findGridRef(db, tenantId, parentId);
  if (!parent) throw new Error(`no parent grid ${parentId}`);
  const level = parent.level + 1;
  const width = (GRID_CODE_DIGITS[level] ?? parent.code.length + 3) - parent.code.length;
  const code = overrides.code ?? (await nextChildCode(db, tenantId, parent, width));
  return insertChildGrid(db, tenantId, parent, { code, name: overrides.name, type: overrides.type ?? typesOfLevel(level)[0] ?? parent.type }, new Date());
}

/** The Party organisation of a grid. */
export async function buildPartyOrg(db: Db, tenantId: string, values: { gridId: string; name: string; kind: string }) {
  const [row] = await db
    .insert(partyOrgs)
    .values({ tenantId, ...values })
    .returning();
  return row!;
}

/** People by name (no personal data), in the order given. */
export async function buildPeople(db: Db, tenantId: string, names: string[]) {
  return db
    .insert(people)
    .values(names.map((name) => ({ tenantId, name })))
    .returning();
}

/** A membership of a person in an organisation (current unless `toDate` is given). */
export async function buildMembership(db: Db, tenantId: string, values: { orgId: string; personId: string; role: string; fromDate: string; toDate?: string }) {
  const [row] = await db
    .insert(partyMemberships)
    .values({ tenantId, ...values })
    .returning();
  return row!;
}

/** A person's post on a grid (current unless `toDate` is given); it grants no account scope (see assign-staff). */
export async function buildStaffAssignment(db: Db, tenantId: string, values: { gridId: string; personId: string; post: string; fromDate: string; toDate?: string }) {
  const [row] = await db
    .insert(staffAssignments)
    .values({ tenantId, ...values })
    .returning();
  return row!;
}

/** A unit on a grid (no location, contacts or credit code). */
export async function buildUnit(db: Db, tenantId: string, values: { name: string; kind: string; gridId: string }) {
  const [row] = await db
    .insert(units)
    .values({ tenantId, ...values })
    .returning();
  return row!;
}
