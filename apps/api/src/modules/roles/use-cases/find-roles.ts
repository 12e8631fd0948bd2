import type { TRole } from "@caihong/contracts";
import type { ActorContext } from "../../../lib/context";
import { authorize } from "../../../lib/policy";
import { presentRole } from "../roles.presenter";
import { findRoles as queryRoles } from "../roles.repository";

/** Every role of the tenant with its permissions and holder count (roles are tenant-wide). */
export async function findRoles(ctx: ActorContext): Promise<{ items: TRole[] }> {
  authorize(ctx.actor, "roles.read");
  return { items: (await queryRoles(ctx.db, ctx.actor.tenantId)).map(presentRole) };
}
