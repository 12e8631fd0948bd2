import { performance } from "node:perf_hooks";
import type { ActorContext } from "../../../lib/context";
import { AppError, msg } from "../../../lib/errors";
import { authorizeTenantWide } from "../../../lib/policy";
import { systemPrincipal } from "../../../lib/principal";
import { recordAudit } from "../../audit";
import { findRollupTenants, findTenantsNamed, rebuildRollups } from "../rollups.repository";
import { sweepOverdue } from "./run-clock";

/** What one tenant's rebuild did. */
export interface RollupRebuild {
  tenantId: string;
  /** Rollup rows written (day and month rows of every grouping). */
  rows: number;
  /** Cases counted. */
  cases: number;
  /** Due cases marked overdue afterwards (the clock's sweep: loaded cases nothing marked). */
  marked: number;
  /** Wall time of the tenant's transaction, in ms. */
  ms: number;
}

/** Which tenants to rebuild: the caller's (default), one named tenant, or every tenant. */
export interface RollupRebuildTarget {
  /** A tenant's id (`xinhong`) or its 12-digit division code. */
  tenant?: string;
  /** Every tenant that has cases or rollups. */
  all?: boolean;
}

/**
 * Recounts the evaluation rollups from the cases (ADR 0011): after a bulk load that wrote cases
 * directly, or to repair rollups that drifted. One transaction per tenant (the rebuild locks
 * case_rollups against concurrent upkeep, deletes the tenant's rows and counts every case once),
 * audited as `rollups.rebuild` with the rows written and the cases counted. Then the clock's
 * overdue sweep, so the due cases of a bulk load are counted by the rollups, not live.
 *
 * Authorization: cases.configure over the whole sub-district (a sub-district admin rebuilds their
 * own tenant); another tenant, or every tenant, only for the system actor (the command line).
 */
export async function rebuildEvaluationRollups(ctx: ActorContext, target: RollupRebuildTarget = {}): Promise<RollupRebuild[]> {
  authorizeTenantWide(ctx.actor, "cases.configure");
  if (target.all && target.tenant !== undefined) {
    throw new AppError("VALIDATION_FAILED", msg("指定租户与全部租户只能二选一", "Name one tenant or all tenants, not both"), { errors: [{ path: "tenant", message: "invalid" }] });
  }
  let tenants: string[];
  if (target.all) tenants = await findRollupTenants(ctx.db);
  else if (target.tenant === undefined || target.tenant === ctx.tenantId) tenants = [ctx.tenantId];
  else {
    const named = await findTenantsNamed(ctx.db, target.tenant);
    if (named.length === 0) throw new AppError("NOT_FOUND", msg(`没有租户 ${target.tenant}`, `No tenant ${target.tenant}`));
    if (named.length > 1) {
      throw new AppError("VALIDATION_FAILED", msg(`区划代码 ${target.tenant} 对应多个租户：${named.join("、")}`, `Division code ${target.tenant} names several tenants: ${named.join(", ")}`), {
        errors: [{ path: "tenant", message: "invalid" }],
      });
    }
    tenants = named;
  }
  if (ctx.actor.kind !== "system" && tenants.some((t) => t !== ctx.tenantId)) {
    throw new AppError("FORBIDDEN", msg("只能重建本街道的考核统计", "Only your own sub-district's rollups can be rebuilt"));
  }

  const done: RollupRebuild[] = [];
  for (const tenantId of tenants) {
    const started = performance.now();
    const actor = tenantId === ctx.tenantId ? ctx.actor : systemPrincipal(tenantId, ctx.actor.label, ctx.locale);
    const counted = await ctx.db.transaction(async (tx) => {
      const result = await rebuildRollups(tx, tenantId);
      await recordAudit(tx, { ...ctx, tenantId, actor }, { action: "rollups.rebuild", entityType: "tenant", entityId: tenantId, after: result });
      return result;
    });
    const marked = await sweepOverdue(ctx.db, tenantId, ctx.clock());
    done.push({ tenantId, ...counted, marked, ms: Math.round(performance.now() - started) });
  }
  return done;
}
