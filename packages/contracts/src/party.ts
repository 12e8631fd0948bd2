import { z } from "zod";
import { MEMBERSHIP_ROLES, PARTY_ORG_KINDS } from "./catalog";
import { zMultilineText, zPage, zPhone, ZPageQuery, zText, zTimestamp, zVersion } from "./common";
import { LIMITS } from "./limits";

export const ZPartyOrgKind = z.enum(PARTY_ORG_KINDS);
export const ZMembershipRole = z.enum(MEMBERSHIP_ROLES);

/** An ISO calendar date (YYYY-MM-DD). */
export const zDate = z.iso.date({ message: "date.invalid" });

/** A party organisation bound to exactly one grid. */
export const ZPartyOrg = z.object({
  id: z.string(),
  name: z.string(),
  kind: ZPartyOrgKind,
  /** The grid this organisation is bound to (one-to-one). */
  gridId: z.string(),
  gridName: z.string(),
  gridCode: z.string(),
  gridLevel: z.number().int(),
  /** Parent organisation (the organisation of the grid's parent), null at the top. */
  parentId: z.string().nullable(),
  /** Secretary (or first responsible member), when one is recorded. */
  leaderName: z.string().nullable(),
  /** Current memberships counted from rows. */
  memberCount: z.number().int(),
  contactPhoneMasked: z.string().nullable(),
  foundedOn: z.string().nullable(),
  isDemo: z.boolean(),
  version: z.number().int(),
  updatedAt: zTimestamp,
});
export type TPartyOrg = z.infer<typeof ZPartyOrg>;

export const ZPartyOrgPage = zPage(ZPartyOrg);

export const ZFindPartyOrgsQuery = ZPageQuery.extend({
  /** Name contains. */
  q: zText(1, LIMITS.search.max).optional(),
  kind: ZPartyOrgKind.optional(),
  /** Only organisations on this grid and below. */
  gridId: z.uuid().optional(),
});

/** A membership as listed on an organisation or a person. */
export const ZMembership = z.object({
  id: z.string(),
  orgId: z.string(),
  orgName: z.string(),
  personId: z.string(),
  personName: z.string(),
  role: ZMembershipRole,
  fromDate: z.string(),
  /** End date; null while current. */
  toDate: z.string().nullable(),
  version: z.number().int(),
});
export type TMembership = z.infer<typeof ZMembership>;

export const ZPartyOrgDetail = ZPartyOrg.extend({
  note: z.string().nullable(),
  /** Current and past memberships. */
  memberships: z.array(ZMembership),
});

export const ZCreatePartyOrgRequest = z.strictObject({
  gridId: z.uuid(),
  name: zText(LIMITS.partyOrgName.min, LIMITS.partyOrgName.max),
  kind: ZPartyOrgKind,
  contactPhone: zPhone.nullable().optional(),
  foundedOn: zDate.nullable().optional(),
  note: zMultilineText(LIMITS.note.max).nullable().optional(),
});

export const ZUpdatePartyOrgRequest = z.strictObject({
  version: zVersion,
  name: zText(LIMITS.partyOrgName.min, LIMITS.partyOrgName.max).optional(),
  /** Move the organisation to another grid (that grid must have none). */
  gridId: z.uuid().optional(),
  kind: ZPartyOrgKind.optional(),
  contactPhone: zPhone.nullable().optional(),
  foundedOn: zDate.nullable().optional(),
  note: zMultilineText(LIMITS.note.max).nullable().optional(),
});

export const ZCreateMembershipRequest = z.strictObject({
  personId: z.uuid(),
  role: ZMembershipRole,
  fromDate: zDate,
});

/** Ends a membership (transfer out, term over). */
export const ZEndMembershipRequest = z.strictObject({
  version: zVersion,
  toDate: zDate,
});

/** A violation of "exactly one organisation per grid and one grid per organisation". */
export const ZConsistencyProblem = z.object({
  /** missing_org (grid without one), retired_grid (organisation on a redrawn-away grid), kind_mismatch. */
  kind: z.enum(["missing_org", "retired_grid", "kind_mismatch"]),
  gridId: z.string(),
  gridCode: z.string(),
  gridName: z.string(),
  orgId: z.string().nullable(),
  orgName: z.string().nullable(),
  message: z.string(),
});

export const ZConsistencyReport = z.object({
  checkedAt: zTimestamp,
  /** Current grids in scope. */
  grids: z.number().int(),
  /** Organisations in scope. */
  organisations: z.number().int(),
  /** Organisations per kind, from rows. */
  byKind: z.array(z.object({ kind: ZPartyOrgKind, count: z.number().int() })),
  problems: z.array(ZConsistencyProblem),
});
