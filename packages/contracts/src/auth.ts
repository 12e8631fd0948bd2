import { z } from "zod";
import { zPhone, zText, zTimestamp } from "./common";
import { LIMITS } from "./limits";
import { LOCALES } from "./locale";
import { ZPermission, ZScopeKind } from "./permissions";

const zPassword = z.string().min(LIMITS.password.min).max(LIMITS.password.max);

/** Sign in with username (or phone) and password. */
export const ZLoginRequest = z.strictObject({
  /** Username, or the mobile number of a resident account. */
  username: z.string().trim().min(LIMITS.signInUsername.min).max(LIMITS.signInUsername.max),
  /** Password as typed. */
  password: z.string().min(1).max(LIMITS.password.max),
});
export type TLoginRequest = z.infer<typeof ZLoginRequest>;

/** One effective role assignment as the signed-in user sees it. */
export const ZSessionRole = z.object({
  /** Role code, e.g. `grid_head`. */
  code: z.string(),
  /** Role name in the caller's language. */
  name: z.string(),
  /** Scope kind of this assignment. */
  scope: ZScopeKind,
  /** Grid the scope is anchored at (subtree / grid scopes). */
  gridId: z.string().nullable(),
  /** Grid name for display. */
  gridName: z.string().nullable(),
});

/** The signed-in user: identity, language, permissions, and the CSRF token for writes. */
export const ZSessionUser = z.object({
  /** User id. */
  id: z.string(),
  /** Login name. */
  username: z.string(),
  /** Display name. */
  displayName: z.string(),
  /** Masked phone, e.g. 138****1234. */
  phoneMasked: z.string().nullable(),
  /** Preferred UI language. */
  locale: z.enum(LOCALES),
  /** Union of the permissions of all role assignments. */
  permissions: z.array(ZPermission),
  /** Role assignments with their scopes. */
  roles: z.array(ZSessionRole),
  /** Tenant (sub-district) name. */
  tenantName: z.string(),
  /** Send as X-CSRF-Token on every cookie-authenticated write. */
  csrfToken: z.string(),
  /** The password must be changed before anything else (admin reset). */
  mustChangePassword: z.boolean(),
});
export type TSessionUser = z.infer<typeof ZSessionUser>;

/** Change one's own password. */
export const ZChangePasswordRequest = z.strictObject({
  /** The current password. */
  currentPassword: z.string().min(1).max(LIMITS.password.max),
  /** The new password, at least 10 characters. */
  newPassword: zPassword,
});

/** Update one's own profile. */
export const ZUpdateProfileRequest = z.strictObject({
  /** New display name. */
  displayName: zText(LIMITS.displayName.min, LIMITS.displayName.max).optional(),
  /** Preferred language, remembered per user. */
  locale: z.enum(LOCALES).optional(),
});

/** Ask for a verification code for resident registration. */
export const ZRequestCodeRequest = z.strictObject({
  /** Mainland mobile number. */
  phone: zPhone,
});
export const ZRequestCodeResponse = z.object({
  /** When the code expires. */
  expiresAt: zTimestamp,
  /** Seconds before another code may be requested. */
  resendAfterSeconds: z.number().int(),
});

/** Register a resident account with a verified phone. */
export const ZRegisterRequest = z.strictObject({
  /** Mainland mobile number; also the login name. */
  phone: zPhone,
  /** The 6-digit code sent by SMS. */
  code: z.string().regex(LIMITS.verificationCode.pattern),
  /** Password, at least 10 characters. */
  password: zPassword,
  /** Display name. */
  displayName: zText(LIMITS.displayName.min, LIMITS.displayName.max),
});
