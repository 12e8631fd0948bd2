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
