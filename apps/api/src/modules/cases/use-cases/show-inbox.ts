import type { ActorContext } from "../../../lib/context";
import { authorize } from "../../../lib/policy";
import { inboxCounts } from "../cases.repository";

/** Counts of the staff inbox: what waits for the caller now, within their cases.read scope. */
export async function showInbox(ctx: ActorContext) {
  const scope = authorize(ctx.actor, "cases.read");
  return { counts: await inboxCounts(ctx.db, ctx.tenantId, scope, ctx.actor.userId, ctx.clock(), ctx.actor.permissions.has("cases.dispatch")) };
}
