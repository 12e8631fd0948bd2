import { z } from "zod";
import { UNIT_KINDS } from "./catalog";
import { isValidUscc } from "./checksums";
import { zBoolString, zCheckedId, zMultilineText, zPage, zPhone, ZPageQuery, zText, zTimestamp, zVersion } from "./common";
import { ZLocationInput } from "./grids";
import { LIMITS } from "./limits";

export const ZUnitKind = z.enum(UNIT_KINDS);

/** Unified social credit code with a valid check character. */
export const zUscc = zCheckedId(isValidUscc, "uscc.invalid");

export const ZUnitContact = z.object({
  id: z.string(),
  name: z.string(),
  title: z.string().nullable(),
  phoneMasked: z.string().nullable(),
});

/** A unit in the area (驻区单位). */
export const ZUnit = z.object({
  id: z.string(),
  name: z.string(),
  kind: ZUnitKind,
  uscc: z.string().nullable(),
  address: z.string().nullable(),
  /** Location, WGS84. */
  location: z.object({ lng: z.number(), lat: z.number() }).nullable(),
  gridId: z.string().nullable(),
  gridName: z.string().nullable(),
  /** Its own party organisation (两新党组织), when it has one. */
  partyOrgName: z.string().nullable(),
  partyMemberCount: z.number().int().nullable(),
  contacts: z.array(ZUnitContact),
  isDemo: z.boolean(),
  version: z.number().int(),
  updatedAt: zTimestamp,
});
export type TUnit = z.infer<typeof ZUnit>;
export const ZUnitPage = zPage(ZUnit);

export const ZFindUnitsQuery = ZPageQuery.extend({
  /** Name, address or USCC contains. */
  q: zText(1, LIMITS.search.max).optional(),
  kind: ZUnitKind.optional(),
  gridId: z.uuid().optional(),
  hasPartyOrg: zBoolString.optional(),
});

const contactInput = z.strictObject({
  name: zText(LIMITS.unitContactName.min, LIMITS.unitContactName.max),
  title: zText(LIMITS.unitContactTitle.min, LIMITS.unitContactTitle.max).nullable().optional(),
  phone: zPhone.nullable().optional(),
});

const unitFields = {
  name: zText(LIMITS.unitName.min, LIMITS.unitName.max),
  kind: ZUnitKind,
  uscc: zUscc.nullable().optional(),
  address: zText(LIMITS.unitAddress.min, LIMITS.unitAddress.max).nullable().optional(),
  /** Location in the given coordinate system; converted to WGS84 and located in a micro grid. */
  location: ZLocationInput.nullable().optional(),
  /** Override the located grid (e.g. a unit without a location). */
  gridId: z.uuid().nullable().optional(),
  partyOrgName: zText(LIMITS.unitPartyOrgName.min, LIMITS.unitPartyOrgName.max).nullable().optional(),
  partyMemberCount: z.number().int().min(LIMITS.unitPartyMemberCount.min).max(LIMITS.unitPartyMemberCount.max).nullable().optional(),
  contacts: z.array(contactInput).max(LIMITS.unitContacts.max).optional(),
  note: zMultilineText(LIMITS.note.max).nullable().optional(),
};

export const ZCreateUnitRequest = z.strictObject(unitFields);
export const ZUpdateUnitRequest = z.strictObject({ version: zVersion, ...unitFields, name: unitFields.name.optional(), kind: unitFields.kind.optional() });

export const ZUnitDetail = ZUnit.extend({ note: z.string().nullable() });
