import { z } from "zod";
import { UNIT_KINDS } from "./catalog";
import { isValidUscc } from "./checksums";
import { zMultilineText, zPage, zPhone, ZPageQuery, zText, zTimestamp, zVersion } from "./common";
import { ZCrs } from "./grids";
import { LIMITS } from "./limits";

export const ZUnitKind = z.enum(UNIT_KINDS);

/** Unified social credit code with a valid check character. */
export const zUscc = z
  .string()
  .trim()
  .toUpperCase()
  .refine((v) => isValidUscc(v), { message: "uscc.invalid" });

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
  hasPartyOrg: z.enum(["true", "false"]).transform((v) => v === "true").optional(),
});

const contactInput = z.strictObject({
  name: zText(1, 40),
  title: zText(1, 40).nullable().optional(),
  phone: zPhone.nullable().optional(),
});

const unitFields = {
  name: zText(1, 100),
  kind: ZUnitKind,
  uscc: zUscc.nullable().optional(),
  address: zText(1, 200).nullable().optional(),
  /** Location in the given coordinate system; converted to WGS84 and located in a micro grid. */
  location: z.strictObject({ lng: z.number().min(-180).max(180), lat: z.number().min(-90).max(90), crs: ZCrs.default("wgs84") }).nullable().optional(),
  /** Override the located grid (e.g. a unit without a location). */
  gridId: z.uuid().nullable().optional(),
  partyOrgName: zText(1, 80).nullable().optional(),
  partyMemberCount: z.number().int().min(0).max(100_000).nullable().optional(),
  contacts: z.array(contactInput).max(20).optional(),
  note: zMultilineText(LIMITS.note.max).nullable().optional(),
};

export const ZCreateUnitRequest = z.strictObject(unitFields);
export const ZUpdateUnitRequest = z.strictObject({ version: zVersion, ...unitFields, name: unitFields.name.optional(), kind: unitFields.kind.optional() });

export const ZUnitDetail = ZUnit.extend({ note: z.string().nullable() });
