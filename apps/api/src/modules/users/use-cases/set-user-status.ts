import type { TUser } from "@caihong/contracts";
import type { ActorContext } from "../../../lib/context";
import { authorize } from "../../../lib/policy";
import { assertNotDisablingSelf } from "../users.policy";
import { changeUser } from "./update-user";

/** Disables (revoking every session) or re-enables an account; either clears a lockout. */
export async function setUserStatus(ctx: ActorContext, id: string, input: { version: number; status: "active" | "disabled" }): Promise<TUser> {
  const scope = authorize(ctx.actor, "users.write");
  assertNotDisablingSelf(ctx.actor, id, input.status);
  return changeUser(ctx, scope, id, input.version, input.status === "disabled" ? "user.disable" : "user.enable", async (tx, row) => {
    if (input.status === "disabled") await ctx.sessions.revokeAll(tx, row.id);
    return { status: input.status, failedLoginCount: 0, lockedUntil: null };
  });
}
