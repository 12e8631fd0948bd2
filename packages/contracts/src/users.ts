import { z } from "zod";
import { zPage, zPhone, zText, zTimestamp, zVersion, ZPageQuery } from "./common";
import { LIMITS } from "./limits";
import { LOCALES } from "./locale";
import { USER_STATUSES } from "./catalog";
import { ZScopeKind } from "./permissions";

export const ZUserStatus = z.enum(USER_STATUSES);

/** A role assignment as written: role, scope and (for subtree/grid) the grid. */
export const ZRoleAssignmentInput = z
  .strictObject({
    /** Role id. */
    roleId: z.uuid(),
    /** Data scope of this assignment. */
    scope: ZScopeKind,
    /** Anchor grid; required for subtree and grid scopes, absent otherwise. */
    gridId: z.uuid().nullable().optional(),
  })
  .refine((a) => (a.scope === "subtree" || a.scope === "grid" ? !!a.gridId : !a.gridId), {
    message: "scope.gridMismatch",
    path: ["gridId"],
  });
export type TRoleAssignmentInput = z.infer<typeof ZRoleAssignmentInput>;

/** A role assignment as read. */
export const ZRoleAssignment = z.object({
  /** Role id. */
  roleId: z.string(),
  /** Role code. */
  roleCode: z.string(),
  /** Role name in the caller's language. */
  roleName: z.string(),
  /** Scope kind. */
  scope: ZScopeKind,
  /** Anchor grid id. */
  gridId: z.string().nullable(),
  /** Anchor grid name. */
  gridName: z.string().nullable(),
});

/** A user as staff see it: personal data masked. */
export const ZUser = z.object({
  /** User id. */
  id: z.string(),
  /** Login name. */
  username: z.string(),
  /** Display name. */
  displayName: z.string(),
  /** Masked phone (138****1234). */
  phoneMasked: z.string().nullable(),
  /** Whether a phone is on record and verified. */
  isPhoneVerified: z.boolean(),
  /** active or disabled. */
  status: ZUserStatus,
  /** The grid the person belongs to (drives grid scopes over users). */
  gridId: z.string().nullable(),
  /** Name of that grid. */
  gridName: z.string().nullable(),
  /** Preferred language. */
  locale: z.enum(LOCALES),
  /** Role assignments. */
  roles: z.array(ZRoleAssignment),
  /** Last successful sign-in. */
  lastLoginAt: zTimestamp.nullable(),
  /** Created at. */
  createdAt: zTimestamp,
  /** Optimistic-concurrency version; send it back on update. */
  version: z.number().int(),
});
export type TUser = z.infer<typeof ZUser>;

/** Filters for the user list. */
export const ZFindUsersQuery = ZPageQuery.extend({
  /** Matches username or display name (substring), or a full phone number exactly. */
  q: z.string().trim().max(LIMITS.search.max).optional(),
  /** Only users in this status. */
  status: ZUserStatus.optional(),
  /** Only users holding this role. */
  roleId: z.uuid().optional(),
});

export const ZUserPage = zPage(ZUser);

/** Create a staff account. */
export const ZCreateUserRequest = z.strictObject({
  /** Login name: lower-case letters, digits, dot, dash, underscore. */
  username: z.string().trim().toLowerCase().min(LIMITS.username.min).max(LIMITS.username.max).regex(LIMITS.username.pattern, { message: "username.pattern" }),
  /** Display name. */
  displayName: zText(LIMITS.displayName.min, LIMITS.displayName.max),
  /** Mobile number (stored encrypted). */
  phone: zPhone.nullable().optional(),
  /** Initial password; the user must change it at first sign-in. */
  password: z.string().min(LIMITS.password.min).max(LIMITS.password.max),
  /** Home grid. */
  gridId: z.uuid().nullable().optional(),
  /** Role assignments. */
  roles: z.array(ZRoleAssignmentInput).max(20).default([]),
});
export type TCreateUserRequest = z.infer<typeof ZCreateUserRequest>;

/** Edit a staff account (send the version you read). */
export const ZUpdateUserRequest = z.strictObject({
  /** Version read before editing. */
  version: zVersion,
  /** New display name. */
  displayName: zText(LIMITS.displayName.min, LIMITS.displayName.max).optional(),
  /** New phone, or null to remove it. */
  phone: zPhone.nullable().optional(),
  /** New home grid. */
  gridId: z.uuid().nullable().optional(),
  /** Replaces all role assignments. */
  roles: z.array(ZRoleAssignmentInput).max(20).optional(),
});

/** Enable or disable an account. */
export const ZSetUserStatusRequest = z.strictObject({
  /** Version read before the change. */
  version: zVersion,
  /** New status. */
  status: ZUserStatus,
});

/** Admin password reset: sets a temporary password the user must change. */
export const ZResetPasswordRequest = z.strictObject({
  /** Temporary password. */
  password: z.string().min(LIMITS.password.min).max(LIMITS.password.max),
});

/** The unmasked personal data of a user (audited read). */
export const ZUserPersonalData = z.object({
  /** Full phone number. */
  phone: z.string().nullable(),
});
