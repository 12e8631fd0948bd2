import type { ActorContext } from "../../../lib/context";
import { authorize } from "../../../lib/policy";
import { findApiKeys as queryApiKeys } from "../../auth";
import { onlyOwnKeys } from "../api-keys.policy";
import { presentApiKey } from "../api-keys.presenter";

/** Keys of the tenant; a limited manager sees only the keys they created. */
export async function findApiKeys(ctx: ActorContext) {
  const scope = authorize(ctx.actor, "apikeys.manage");
  const rows = await queryApiKeys(ctx.db, ctx.actor.tenantId, onlyOwnKeys(scope) ? ctx.actor.userId : null);
  return { items: rows.map(presentApiKey) };
}
