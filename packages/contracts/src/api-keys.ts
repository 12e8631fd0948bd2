import { z } from "zod";
import { zText, zTimestamp } from "./common";
import { LIMITS } from "./limits";
import { ZPermission, ZScopeKind } from "./permissions";

/** An API key for a machine client; the secret is shown once at creation. */
export const ZApiKey = z.object({
  /** Key id. */
  id: z.string(),
  /** What the key is for. */
  name: z.string(),
  /** First characters of the key, to recognise it. */
  prefix: z.string(),
  /** Permissions the key carries. */
  permissions: z.array(ZPermission),
  /** Data scope kind. */
  scope: ZScopeKind,
  /** Anchor grid for subtree/grid scopes. */
  gridId: z.string().nullable(),
  /** Created at. */
  createdAt: zTimestamp,
  /** Last used. */
  lastUsedAt: zTimestamp.nullable(),
  /** Expiry, if any. */
  expiresAt: zTimestamp.nullable(),
  /** Revoked at, if revoked. */
  revokedAt: zTimestamp.nullable(),
});

export const ZApiKeyList = z.object({ items: z.array(ZApiKey) });

/** Create an API key. */
export const ZCreateApiKeyRequest = z
  .strictObject({
    /** What the key is for. */
    name: zText(LIMITS.apiKeyName.min, LIMITS.apiKeyName.max),
    /** Permissions (must be a subset of the creator's). */
    permissions: z.array(ZPermission).min(1).max(100),
    /** Data scope. */
    scope: ZScopeKind.exclude(["own"]),
    /** Anchor grid for subtree/grid scopes. */
    gridId: z.uuid().nullable().optional(),
    /** Optional expiry. */
    expiresAt: z.iso.datetime({ offset: true }).nullable().optional(),
  })
  .refine((a) => (a.scope === "subtree" || a.scope === "grid" ? !!a.gridId : !a.gridId), {
    message: "scope.gridMismatch",
    path: ["gridId"],
  });

/** The created key with its secret, shown once. */
export const ZCreatedApiKey = ZApiKey.extend({
  /** The secret; send as `Authorization: Bearer <secret>`. Not retrievable later. */
  secret: z.string(),
});
