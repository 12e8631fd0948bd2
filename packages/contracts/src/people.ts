import { z } from "zod";
import { GENDERS, STAFF_POSTS } from "./catalog";
import { isValidIdNumber } from "./checksums";
import { zBoolString, zCheckedId, zMultilineText, zPage, zPhone, ZPageQuery, zText, zTimestamp, zVersion } from "./common";
import { LIMITS } from "./limits";
import { ZMembership, zDate } from "./party";

export const ZGender = z.enum(GENDERS);
export const ZStaffPost = z.enum(STAFF_POSTS);

/** 18-digit resident identity number with a valid check digit. */
export const zIdNumber = zCheckedId(isValidIdNumber, "idNumber.invalid");

/** A party member or staff member as listed: personal data masked. */
export const ZPerson = z.object({
  id: z.string(),
  name: z.string(),
  gender: ZGender.nullable(),
  birthYear: z.number().int().nullable(),
  phoneMasked: z.string().nullable(),
  idNumberMasked: z.string().nullable(),
  isPartyMember: z.boolean(),
  /** Date joined the party. */
  joinedPartyOn: z.string().nullable(),
  /** 流动党员: lives here, membership held elsewhere. */
  isFloatingMember: z.boolean(),
  /** Where a floating member's membership is held. */
  membershipElsewhere: z.string().nullable(),
  /** Home grid (drives grid scope over people). */
  gridId: z.string().nullable(),
  gridName: z.string().nullable(),
  /** Linked staff account, if any. */
  userId: z.string().nullable(),
  /** Names of current organisations. */
  organisations: z.array(z.string()),
  /** Current posts, e.g. 网格长 @ 爱博片区. */
  posts: z.array(z.object({ post: ZStaffPost, gridName: z.string() })),
  isDemo: z.boolean(),
  version: z.number().int(),
  updatedAt: zTimestamp,
});
export type TPerson = z.infer<typeof ZPerson>;

export const ZPersonPage = zPage(ZPerson);

/** A staff assignment of a person to a grid. */
export const ZStaffAssignment = z.object({
  id: z.string(),
  gridId: z.string(),
  gridName: z.string(),
  gridCode: z.string(),
  personId: z.string(),
  personName: z.string(),
  post: ZStaffPost,
  fromDate: z.string(),
  toDate: z.string().nullable(),
  /** Whether the assignment currently grants its holder's account a scope. */
  grantsAccess: z.boolean(),
  version: z.number().int(),
});

export const ZPersonDetail = ZPerson.extend({
  note: z.string().nullable(),
  memberships: z.array(ZMembership),
  assignments: z.array(ZStaffAssignment),
});

export const ZFindPeopleQuery = ZPageQuery.extend({
  /** Name contains, or an exact phone number. */
  q: zText(1, LIMITS.search.max).optional(),
  /** Only people whose home grid is this grid or below. */
  gridId: z.uuid().optional(),
  isPartyMember: zBoolString.optional(),
  isFloatingMember: zBoolString.optional(),
  /** Only holders of a current post. */
  post: ZStaffPost.optional(),
});

const personFields = {
  name: zText(LIMITS.personName.min, LIMITS.personName.max),
  gender: ZGender.nullable().optional(),
  birthYear: z.number().int().min(LIMITS.birthYear.min).max(LIMITS.birthYear.max).nullable().optional(),
  phone: zPhone.nullable().optional(),
  idNumber: zIdNumber.nullable().optional(),
  isPartyMember: z.boolean().optional(),
  joinedPartyOn: zDate.nullable().optional(),
  isFloatingMember: z.boolean().optional(),
  membershipElsewhere: zText(LIMITS.personMembershipElsewhere.min, LIMITS.personMembershipElsewhere.max).nullable().optional(),
  gridId: z.uuid().nullable().optional(),
  userId: z.uuid().nullable().optional(),
  note: zMultilineText(LIMITS.note.max).nullable().optional(),
};

const floatingNeedsMember = (p: { isFloatingMember?: boolean; isPartyMember?: boolean }) => !(p.isFloatingMember && p.isPartyMember === false);

export const ZCreatePersonRequest = z.strictObject(personFields).refine(floatingNeedsMember, { message: "person.floatingNotMember", path: ["isFloatingMember"] });
export const ZUpdatePersonRequest = z
  .strictObject({ version: zVersion, ...personFields, name: personFields.name.optional() })
  .refine(floatingNeedsMember, { message: "person.floatingNotMember", path: ["isFloatingMember"] });

/** Full phone and ID number (audited read). */
export const ZPersonPersonalData = z.object({ phone: z.string().nullable(), idNumber: z.string().nullable() });

export const ZFindStaffQuery = ZPageQuery.extend({
  gridId: z.uuid().optional(),
  post: ZStaffPost.optional(),
  /** Include ended assignments. */
  includeEnded: zBoolString.optional(),
});
export const ZStaffAssignmentPage = zPage(ZStaffAssignment);

export const ZCreateStaffAssignmentRequest = z.strictObject({
  gridId: z.uuid(),
  personId: z.uuid(),
  post: ZStaffPost,
  fromDate: zDate,
});

export const ZEndStaffAssignmentRequest = z.strictObject({
  version: zVersion,
  toDate: zDate,
});
