import type { TUnit, TUnitKind } from "@caihong/contracts";
import type { PersonalData } from "../../lib/personal-data";
import { fromJsonColumn } from "../../lib/sql-fragments";
import type { UnitRow } from "./units.repository";

/** A unit's contacts as stored (phones still encrypted), in their order. */
export function contactsOf(row: UnitRow) {
  return fromJsonColumn<{ id: string; name: string; title: string | null; phoneEnc: string | null }[]>(row.contacts) ?? [];
}

/** A unit as staff see it: contacts' phones masked. */
export function presentUnit(row: UnitRow, pd: PersonalData): TUnit & { note: string | null } {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as TUnitKind,
    uscc: row.uscc,
    address: row.address,
    location: row.lng !== null && row.lat !== null ? { lng: row.lng, lat: row.lat } : null,
    gridId: row.gridId,
    gridName: row.gridName,
    partyOrgName: row.partyOrgName,
    partyMemberCount: row.partyMemberCount,
    contacts: contactsOf(row).map((c) => ({ id: c.id, name: c.name, title: c.title, phoneMasked: c.phoneEnc ? pd.maskedPhone(c.phoneEnc) : null })),
    isDemo: row.isDemo,
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
    note: row.note,
  };
}

/** Audit snapshot of a unit: what changed, contacts' phones masked. */
export const unitSnapshot = (u: TUnit & { note: string | null }) => ({
  name: u.name,
  kind: u.kind,
  uscc: u.uscc,
  address: u.address,
  location: u.location,
  gridId: u.gridId,
  partyOrgName: u.partyOrgName,
  partyMemberCount: u.partyMemberCount,
  contacts: u.contacts.map((c) => ({ name: c.name, title: c.title, phone: c.phoneMasked })),
  note: u.note,
});
