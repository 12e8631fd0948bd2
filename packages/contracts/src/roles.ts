import { z } from "zod";
import { zText, zTimestamp, zVersion } from "./common";
import { LIMITS } from "./limits";
import { ZPermission } from "./permissions";

/** A role: a named set of permissions. */
export const ZRole = z.object({
  /** Role id. */
  id: z.string(),
  /** Stable code, e.g. `grid_head`. */
  code: z.string(),
  /** Chinese name. */
  nameZh: z.string(),
  /** English name. */
  nameEn: z.string(),
  /** Permissions granted. */
  permissions: z.array(ZPermission),
  /** Seeded roles cannot be deleted (their permissions can be edited). */
  isSystem: z.boolean(),
  /** How many users hold it. */
  userCount: z.number().int(),
  /** Last change. */
  updatedAt: zTimestamp,
  /** Optimistic-concurrency version. */
  version: z.number().int(),
});
export type TRole = z.infer<typeof ZRole>;

export const ZRoleList = z.object({ items: z.array(ZRole) });

/** Create a role. */
export const ZCreateRoleRequest = z.strictObject({
  /** Stable code: lower-case letters, digits and underscores. */
  code: z.string().trim().min(LIMITS.roleCode.min).max(LIMITS.roleCode.max).regex(LIMITS.roleCode.pattern, { message: "roleCode.pattern" }),
  /** Chinese name. */
  nameZh: zText(LIMITS.roleName.min, LIMITS.roleName.max),
  /** English name. */
  nameEn: zText(LIMITS.roleName.min, LIMITS.roleName.max),
  /** Permissions granted. */
  permissions: z.array(ZPermission).max(100),
});

/** Edit a role. */
export const ZUpdateRoleRequest = z.strictObject({
  /** Version read before editing. */
  version: zVersion,
  /** Chinese name. */
  nameZh: zText(LIMITS.roleName.min, LIMITS.roleName.max).optional(),
  /** English name. */
  nameEn: zText(LIMITS.roleName.min, LIMITS.roleName.max).optional(),
  /** Permissions granted (replaces the set). */
  permissions: z.array(ZPermission).max(100).optional(),
});
