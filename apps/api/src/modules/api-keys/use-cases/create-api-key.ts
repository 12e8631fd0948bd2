import { randomBytes } from "node:crypto";
import type { TPermission } from "@caihong/contracts";
import type { ActorContext } from "../../../lib/context";
import { AppError } from "../../../lib/errors";
import { authorize } from "../../../lib/policy";
import { getGridPath } from "../../../lib/scope-sql";
import { recordAudit } from "../../audit";
import { insertApiKey, sha256 } from "../../auth";
import { assertKeyScopeWithin, assertMayMint } from "../api-keys.policy";
import { presentApiKey } from "../api-keys.presenter";

/** Mints a key; its permissions and scope may not exceed the creator's. The secret is returned once. */
export async function createApiKey(
  ctx: ActorContext,
  input: { name: string; permissions: TPermission[]; scope: "all" | "subtree" | "grid"; gridId?: string | null; expiresAt?: string | null },
) {
  const scope = authorize(ctx.actor, "apikeys.manage");
  assertMayMint(ctx.actor, input.permissions);
  const gridPath = input.gridId ? await getGridPath(ctx.db, ctx.actor.tenantId, input.gridId) : null;
  assertKeyScopeWithin(scope, { scope: input.scope, gridId: input.gridId ?? null, gridPath });
  if (input.expiresAt && new Date(input.expiresAt) <= ctx.clock()) {
    throw new AppError("VALIDATION_FAILED", undefined, { errors: [{ path: "body.expiresAt", message: "field.mustBeFuture" }] });
  }
  const secret = `chk_${randomBytes(24).toString("base64url")}`;
  return ctx.db.transaction(async (tx) => {
    const row = await insertApiKey(tx, ctx.actor.tenantId, {
      name: input.name,
      prefix: secret.slice(0, 12),
      keyHash: sha256(secret),
      permissions: [...new Set(input.permissions)],
      scope: input.scope,
      gridId: input.gridId ?? null,
      createdBy: ctx.actor.userId,
      createdAt: ctx.clock(),
      expiresAt: input.expiresAt ? new Date(input.expiresAt) : null,
    });
    const dto = presentApiKey(row);
    await recordAudit(tx, ctx, { action: "apikey.create", entityType: "api_key", entityId: row.id, gridId: row.gridId, after: dto });
    return { ...dto, secret };
  });
}
