import type { ActorContext } from "../../../lib/context";
import { AppError } from "../../../lib/errors";
import { authorize } from "../../../lib/policy";
import { recordAudit } from "../../audit";
import { findApiKeyById, revokeApiKey as revokeApiKeyRow } from "../../auth";
import { onlyOwnKeys } from "../api-keys.policy";
import { presentApiKey } from "../api-keys.presenter";

/** Revokes a key (idempotent); a limited manager only their own keys. */
export async function revokeApiKey(ctx: ActorContext, id: string): Promise<void> {
  const scope = authorize(ctx.actor, "apikeys.manage");
  await ctx.db.transaction(async (tx) => {
    const row = await findApiKeyById(tx, ctx.actor.tenantId, id, true);
    if (!row) throw new AppError("NOT_FOUND");
    if (onlyOwnKeys(scope) && row.createdBy !== ctx.actor.userId) throw new AppError("FORBIDDEN");
    if (row.revokedAt) return;
    const after = await revokeApiKeyRow(tx, row.tenantId, id, ctx.clock());
    await recordAudit(tx, ctx, { action: "apikey.revoke", entityType: "api_key", entityId: id, gridId: row.gridId, before: presentApiKey(row), after: presentApiKey(after!) });
    // Every process drops the keys it keeps in memory.
    await ctx.sessions.permissionsChanged(tx);
  });
}
