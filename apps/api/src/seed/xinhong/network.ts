import { randomUUID } from "node:crypto";
import { DEMO_MARK, generateXinhongNetwork, type GridGeometry, type NetworkGrid } from "@caihong/domain";
import { and, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import type { PersonalData } from "../../lib/personal-data";
import { insertRows } from "../bulk";
import { grids } from "../../modules/grids/grids.table";
import { partyMemberships, partyOrgs } from "../../modules/party/party.table";
import { people, staffAssignments } from "../../modules/party/people.table";
import { unitContacts, units } from "../../modules/units/units.table";

/** Rows written by one demo-network seed, per table. */
export interface NetworkSeedCounts {
  partyOrgs: number;
  people: number;
  partyMemberships: number;
  staffAssignments: number;
  units: number;
  unitContacts: number;
}

/**
 * Generates the demo party network (packages/domain xinhong-network) on the tenant's current
 * grids and inserts it: organisations, people (phone and ID number encrypted, with keyed hashes),
 * memberships, staff posts, units and their contacts, in batches. Grids without a contact get
 * their head (levels 2–3) or grid worker (level 4) as contact, the name marked "（示例）".
 * Demo staff get no accounts.
 * Run it inside the caller's transaction; it assumes the tenant has no organisations yet.
 */
export async function seedDemoNetwork(tx: Db, tenantId: string, pd: PersonalData): Promise<NetworkSeedCounts> {
  const rows = await tx
    .select({ id: grids.id, parentId: grids.parentId, code: grids.code, name: grids.name, level: grids.level, type: grids.type, isDemo: grids.isDemo, boundary: grids.boundary })
    .from(grids)
    .where(and(eq(grids.tenantId, tenantId), isNull(grids.validTo)));
  const codeOf = new Map(rows.map((r) => [r.id, r.code]));
  const gridId = new Map(rows.map((r) => [r.code, r.id]));
  const input: NetworkGrid[] = rows.map((r) => ({
    code: r.code,
    name: r.name,
    level: r.level,
    type: r.type,
    parentCode: r.parentId ? (codeOf.get(r.parentId) ?? null) : null,
    isDemo: r.isDemo,
    geometry: (r.boundary as GridGeometry | null) ?? null,
  }));
  const network = generateXinhongNetwork(input);
  const idOf = (code: string) => gridId.get(code)!;

  const orgIds = new Map(network.orgs.map((o) => [o.gridCode, randomUUID()]));
  await insertRows(
    tx,
    partyOrgs,
    network.orgs.map((o) => ({ tenantId, id: orgIds.get(o.gridCode)!, gridId: idOf(o.gridCode), name: o.name, kind: o.kind, foundedOn: o.foundedOn, isDemo: o.isDemo })),
  );

  const personIds = new Map(network.people.map((p) => [p.key, randomUUID()]));
  await insertRows(
    tx,
    people,
    network.people.map((p) => ({
      tenantId,
      id: personIds.get(p.key)!,
      name: p.name,
      gender: p.gender,
      birthYear: p.birthYear,
      phoneEnc: pd.encrypt(p.phone),
      phoneHash: pd.hash("phone", p.phone),
      idNumberEnc: pd.encrypt(p.idNumber),
      idNumberHash: pd.hash("idNumber", p.idNumber),
      isPartyMember: p.isPartyMember,
      joinedPartyOn: p.joinedPartyOn,
      isFloatingMember: p.isFloatingMember,
      membershipElsewhere: p.membershipElsewhere,
      gridId: idOf(p.homeGridCode),
      note: p.note,
      isDemo: p.isDemo,
    })),
  );

  await insertRows(
    tx,
    partyMemberships,
    network.memberships.map((m) => ({ tenantId, id: randomUUID(), orgId: orgIds.get(m.orgGridCode)!, personId: personIds.get(m.personKey)!, role: m.role, fromDate: m.fromDate })),
  );
  await insertRows(
    tx,
    staffAssignments,
    network.staffAssignments.map((s) => ({ tenantId, id: randomUUID(), gridId: idOf(s.gridCode), personId: personIds.get(s.personKey)!, post: s.post, fromDate: s.fromDate })),
  );

  const unitIds = new Map(network.units.map((u) => [u.key, randomUUID()]));
  await insertRows(
    tx,
    units,
    network.units.map((u) => ({
      tenantId,
      id: unitIds.get(u.key)!,
      name: u.name,
      kind: u.kind,
      uscc: u.uscc,
      address: u.address,
      lng: u.lng,
      lat: u.lat,
      gridId: idOf(u.gridCode),
      partyOrgName: u.partyOrgName,
      partyMemberCount: u.partyMemberCount,
      note: u.note,
      isDemo: u.isDemo,
    })),
  );
  const contacts = network.units.flatMap((u) =>
    u.contacts.map((c, position) => ({ tenantId, id: randomUUID(), unitId: unitIds.get(u.key)!, name: c.name, title: c.title, phoneEnc: pd.encrypt(c.phone), position })),
  );
  await insertRows(tx, unitContacts, contacts);

  // Grid contacts: the 网格长 of a disposal or autonomous grid, the 网格员 of a micro grid.
  const byKey = new Map(network.people.map((p) => [p.key, p]));
  const gridContacts = network.staffAssignments
    .filter((s) => s.post === "grid_head" || s.post === "grid_worker")
    .map((s) => {
      const person = byKey.get(s.personKey)!;
      // Invented people on grids that may be real: the mark keeps the card honest.
      return { id: idOf(s.gridCode), name: `${person.name}${DEMO_MARK}`, enc: pd.encrypt(person.phone) };
    });
  if (gridContacts.length > 0) {
    await tx.execute(sql`
      update grids set contact_name = v.name, contact_phone_enc = v.enc
      from json_to_recordset(${JSON.stringify(gridContacts)}::json) as v(id uuid, name text, enc text)
      where grids.tenant_id = ${tenantId} and grids.id = v.id and grids.contact_name is null and grids.contact_phone_enc is null`);
  }

  return {
    partyOrgs: network.orgs.length,
    people: network.people.length,
    partyMemberships: network.memberships.length,
    staffAssignments: network.staffAssignments.length,
    units: network.units.length,
    unitContacts: contacts.length,
  };
}
