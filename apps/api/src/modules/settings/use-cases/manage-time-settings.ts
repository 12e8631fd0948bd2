import type { TTimeSettings } from "@caihong/contracts";
import type { ActorContext } from "../../../lib/context";
import { authorizeTenantWide } from "../../../lib/policy";
import { recordAudit } from "../../audit";
import { findReferenceDate, updateReferenceDate } from "../../tenants";

/** A day in Asia/Shanghai (UTC+8, no daylight saving), YYYY-MM-DD. */
export function shanghaiDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3_600_000).toISOString().slice(0, 10);
}

/**
 * The date pages count "as of" by default: the tenant's reference date (a demo's last day), else
 * today in Shanghai. Any signed-in caller (every page of every role uses it): no permission needed.
 */
export async function getTimeSettings(ctx: ActorContext): Promise<TTimeSettings> {
  const fixed = await findReferenceDate(ctx.db, ctx.tenantId);
  const today = shanghaiDate(ctx.clock());
  return { referenceDate: fixed ?? today, isFixed: fixed !== null, today };
}

/** Fixes the reference date, or clears it (pages then use today); audited as `tenant.update`. */
export async function setReferenceDate(ctx: ActorContext, referenceDate: string | null): Promise<TTimeSettings> {
  authorizeTenantWide(ctx.actor, "cases.configure");
  await ctx.db.transaction(async (tx) => {
    const before = await updateReferenceDate(tx, ctx.tenantId, referenceDate);
    if (before === referenceDate) return;
    await recordAudit(tx, ctx, { action: "tenant.update", entityType: "tenant", entityId: ctx.tenantId, before: { referenceDate: before }, after: { referenceDate } });
  });
  return getTimeSettings(ctx);
}
