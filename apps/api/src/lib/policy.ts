import type { TPermission } from "@caihong/contracts";
import { isInScope, resolveScope, type DataScope, type RecordLocation } from "@caihong/domain";
import { AppError, msg } from "./errors";
import type { Principal } from "./principal";

/**
 * The first line of every use case: the caller must hold `permission`; returns the data scope
 * the repository must apply. Throws FORBIDDEN otherwise.
 */
export function authorize(actor: Principal, permission: TPermission): Exclude<DataScope, { kind: "none" }> {
  const scope = resolveScope(actor.grants, permission, actor.userId);
  if (scope.kind === "none") {
    throw new AppError("FORBIDDEN", msg(`缺少权限：${permission}`, `Missing permission: ${permission}`));
  }
  return scope;
}

/**
 * For what belongs to the whole tenant (the category dictionary, the work calendar, the reference
 * date, roles): the permission over the whole sub-district. A role held over a part (a 片区 admin)
 * changes that part's records, never the settings every grid shares.
 */
export function authorizeTenantWide(actor: Principal, permission: TPermission): Extract<DataScope, { kind: "all" }> {
  const scope = authorize(actor, permission);
  if (scope.kind !== "all") {
    throw new AppError("FORBIDDEN", msg(`需要全街道范围的权限：${permission}`, `This needs ${permission} over the whole sub-district`));
  }
  return scope;
}

/** Throws FORBIDDEN when one record lies outside the scope. */
export function assertInScope(scope: DataScope, record: RecordLocation): void {
  if (!isInScope(scope, record)) {
    throw new AppError("FORBIDDEN", msg("该记录不在您的数据范围内", "This record is outside your data scope"));
  }
}

/** The scope location of a record filed in a grid (owned by no one in particular). */
export function gridRecord(row: { gridPath: string | null; gridId: string | null }): RecordLocation {
  return { gridPath: row.gridPath, gridId: row.gridId, ownerId: null };
}
