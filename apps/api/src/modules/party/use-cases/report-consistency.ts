import { expectedOrgKind, PARTY_ORG_KIND_LABELS, PARTY_ORG_KINDS, type TPartyOrgKind } from "@caihong/contracts";
import type { ActorContext } from "../../../lib/context";
import { authorize, gridRecord } from "../../../lib/policy";
import { findGridRefs } from "../../../lib/scope-sql";
import { isInScope } from "@caihong/domain";
import { findOrgsByGrid } from "../party.repository";

/**
 * Checks "exactly one organisation per grid, one grid per organisation" over the grids in scope:
 * a current grid without an organisation, an organisation left on a retired grid, and an
 * organisation whose kind does not fit its grid's level/type. (Two organisations on one grid
 * cannot exist: the database's unique key refuses them.)
 */
export async function reportConsistency(ctx: ActorContext) {
  const scope = authorize(ctx.actor, "party.read");
  const [grids, orgs] = await Promise.all([findGridRefs(ctx.db, ctx.actor.tenantId), findOrgsByGrid(ctx.db, ctx.actor.tenantId)]);
  const en = ctx.locale === "en";
  const problems = [];
  const byKind = new Map<TPartyOrgKind, number>(PARTY_ORG_KINDS.map((k) => [k, 0]));
  let organisations = 0;
  let currentGrids = 0;
  for (const grid of grids) {
    const org = orgs.get(grid.id);
    // Retired grids count only while an organisation is still left on them.
    if ((grid.validTo && !org) || !isInScope(scope, gridRecord({ gridPath: grid.path, gridId: grid.id }))) continue;
    if (!grid.validTo) currentGrids++;
    if (org) {
      organisations++;
      byKind.set(org.kind as TPartyOrgKind, (byKind.get(org.kind as TPartyOrgKind) ?? 0) + 1);
    }
    const base = { gridId: grid.id, gridCode: grid.code, gridName: grid.name, orgId: org?.id ?? null, orgName: org?.name ?? null };
    if (!org) {
      problems.push({ ...base, kind: "missing_org" as const, message: en ? `Grid ${grid.name} (${grid.code}) has no Party organisation` : `网格“${grid.name}”（${grid.code}）没有对应的党组织` });
      continue;
    }
    if (grid.validTo) {
      problems.push({ ...base, kind: "retired_grid" as const, message: en ? `${org.name} is bound to retired grid ${grid.name}` : `“${org.name}”仍绑定在已撤销的网格“${grid.name}”上` });
      continue;
    }
    const expected = expectedOrgKind(grid.level, grid.type);
    if (expected !== org.kind) {
      const want = expected ? PARTY_ORG_KIND_LABELS[expected] : { "zh-CN": "—", en: "—" };
      problems.push({ ...base, kind: "kind_mismatch" as const, message: en ? `${org.name} should be a ${want.en} for this grid` : `“${org.name}”的类型应为“${want["zh-CN"]}”` });
    }
  }
  return {
    checkedAt: ctx.clock().toISOString(),
    grids: currentGrids,
    organisations,
    byKind: [...byKind].map(([kind, count]) => ({ kind, count })),
    problems,
  };
}
