import type { TMembership, TPartyOrg, TPartyOrgKind, TMembershipRole } from "@caihong/contracts";
import type { PersonalData } from "../../lib/personal-data";
import type { MembershipRow, OrgRow } from "./party.repository";

export function presentOrg(row: OrgRow, pd: PersonalData): TPartyOrg {
  return {
    id: row.id,
    name: row.name,
    kind: row.kind as TPartyOrgKind,
    gridId: row.gridId,
    gridName: row.gridName,
    gridCode: row.gridCode,
    gridLevel: row.gridLevel,
    parentId: row.parentId,
    leaderName: row.leaderName,
    memberCount: row.memberCount,
    contactPhoneMasked: row.contactPhoneEnc ? pd.maskedPhone(row.contactPhoneEnc) : null,
    foundedOn: row.foundedOn,
    isDemo: row.isDemo,
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function presentMembership(row: MembershipRow): TMembership {
  return {
    id: row.id,
    orgId: row.orgId,
    orgName: row.orgName,
    personId: row.personId,
    personName: row.personName,
    role: row.role as TMembershipRole,
    fromDate: row.fromDate,
    toDate: row.toDate,
    version: row.version,
  };
}

/** Audit snapshot of an organisation (contact phone masked). */
export function orgSnapshot(org: TPartyOrg & { note?: string | null }) {
  return { name: org.name, kind: org.kind, gridId: org.gridId, gridCode: org.gridCode, contactPhone: org.contactPhoneMasked, foundedOn: org.foundedOn, note: org.note ?? null };
}
