import type { TPerson, TStaffPost } from "@caihong/contracts";
import type { PersonalData } from "../../lib/personal-data";
import { fromJsonColumn } from "../../lib/sql-fragments";
import type { AssignmentRow, PersonRow } from "./people.repository";


/** A person as staff see them: phone and ID number masked. */
export function presentPerson(row: PersonRow, pd: PersonalData): TPerson {
  return {
    id: row.id,
    name: row.name,
    gender: (row.gender as TPerson["gender"]) ?? null,
    birthYear: row.birthYear,
    phoneMasked: row.phoneEnc ? pd.maskedPhone(row.phoneEnc) : null,
    idNumberMasked: row.idNumberEnc ? pd.maskedIdNumber(row.idNumberEnc) : null,
    isPartyMember: row.isPartyMember,
    joinedPartyOn: row.joinedPartyOn,
    isFloatingMember: row.isFloatingMember,
    membershipElsewhere: row.membershipElsewhere,
    gridId: row.gridId,
    gridName: row.gridName,
    userId: row.userId,
    organisations: fromJsonColumn<string[]>(row.organisations) ?? [],
    posts: (fromJsonColumn<{ post: string; gridName: string }[]>(row.posts) ?? []).map((p) => ({ post: p.post as TStaffPost, gridName: p.gridName })),
    isDemo: row.isDemo,
    version: row.version,
    updatedAt: row.updatedAt.toISOString(),
  };
}

export function presentAssignment(row: AssignmentRow) {
  return {
    id: row.id,
    gridId: row.gridId,
    gridName: row.gridName,
    gridCode: row.gridCode,
    personId: row.personId,
    personName: row.personName,
    post: row.post as TStaffPost,
    fromDate: row.fromDate,
    toDate: row.toDate,
    grantsAccess: Boolean(row.grantsAccess),
    version: row.version,
  };
}

/** Audit snapshot of a person: masked personal data only. */
export function personSnapshot(p: TPerson & { note?: string | null }) {
  return {
    name: p.name,
    gender: p.gender,
    birthYear: p.birthYear,
    phone: p.phoneMasked,
    idNumber: p.idNumberMasked,
    isPartyMember: p.isPartyMember,
    joinedPartyOn: p.joinedPartyOn,
    isFloatingMember: p.isFloatingMember,
    membershipElsewhere: p.membershipElsewhere,
    gridId: p.gridId,
    userId: p.userId,
    note: p.note ?? null,
  };
}
