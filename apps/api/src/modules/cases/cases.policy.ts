import { randomBytes } from "node:crypto";
import { isInScope, resolveScope, type CaseRole, type DataScope } from "@caihong/domain";
import type { PersonalData } from "../../lib/personal-data";
import { gridRecord } from "../../lib/policy";
import type { Principal } from "../../lib/principal";
import type { CaseRow } from "./cases.repository";

// Who may do what to which case, beyond holding a permission (ADR 0008: one file).

/** The caller's data scope for one of the case permissions. */
export function scopeOf(actor: Principal, permission: "cases.read" | "cases.dispatch" | "cases.handle"): DataScope {
  return resolveScope(actor.grants, permission, actor.userId);
}

/**
 * What the caller is to this case (see CaseRole): dispatcher with cases.dispatch over its grid;
 * handler when it is assigned to them, or to no one and in their cases.handle scope, or when they
 * reported it on patrol and it is not filed yet (自办自结); reporter when they reported it.
 */
export function rolesFor(actor: Principal, row: CaseRow): Set<CaseRole> {
  const c = row.c;
  const roles = new Set<CaseRole>();
  const where = gridRecord({ gridId: c.gridId, gridPath: row.gridPath });
  if (isInScope(scopeOf(actor, "cases.dispatch"), where)) roles.add("dispatcher");
  const handleScope = scopeOf(actor, "cases.handle");
  if (handleScope.kind !== "none") {
    if (c.assigneeUserId === actor.userId) roles.add("handler");
    else if (!c.assigneeUserId && isInScope(handleScope, where)) roles.add("handler");
    else if (c.state === "reported" && c.reporterUserId === actor.userId) roles.add("handler");
  }
  if (c.reporterUserId === actor.userId) roles.add("reporter");
  return roles;
}

/**
 * The cases.read scope over the case's grid, or — whatever the grid — the caller reported it or it
 * is assigned to them. Staff may report anywhere (they see problems anywhere) and follow what they
 * reported, as residents do (ADR 0013).
 */
export function canSee(actor: Principal, row: CaseRow): boolean {
  const scope = scopeOf(actor, "cases.read");
  if (scope.kind === "none") return false;
  return isInScope(scope, { gridId: row.c.gridId, gridPath: row.gridPath, ownerId: row.c.reporterUserId }) || row.c.assigneeUserId === actor.userId || row.c.reporterUserId === actor.userId;
}

const TRACKING_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789";

/** A new tracking code for a reporter without an account: `ABCD-EFGH` (32⁸ values, no 0/O/1/I). */
export function newTrackingCode(): string {
  const chars = [...randomBytes(8)].map((b) => TRACKING_ALPHABET[b % TRACKING_ALPHABET.length]).join("");
  return `${chars.slice(0, 4)}-${chars.slice(4)}`;
}

/** The keyed hash stored for a tracking code (case and spaces of the typed code do not matter). */
export function trackingHashOf(pd: PersonalData, code: string): string {
  return pd.hash("phone", `track:${code.trim().toUpperCase()}`);
}
