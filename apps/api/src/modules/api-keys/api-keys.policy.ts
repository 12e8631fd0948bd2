import type { TPermission } from "@caihong/contracts";
import { isScopeWithin, type DataScope } from "@caihong/domain";
import { AppError, msg } from "../../lib/errors";
import type { Principal } from "../../lib/principal";

/** A key carries no more than its creator holds: only a signed-in user mints one, with permissions they hold. */
export function assertMayMint(actor: Principal, permissions: TPermission[]): void {
  if (actor.kind !== "user") throw new AppError("FORBIDDEN", msg("API 密钥不能再创建密钥", "An API key cannot mint keys"));
  const excess = permissions.filter((p) => !actor.permissions.has(p));
  if (excess.length) throw new AppError("FORBIDDEN", msg(`不能授予自己没有的权限：${excess.join(", ")}`, `Cannot grant permissions you do not hold: ${excess.join(", ")}`));
}

/** …and a scope inside the creator's apikeys.manage scope. */
export function assertKeyScopeWithin(manageScope: DataScope, key: { scope: "all" | "subtree" | "grid"; gridId: string | null; gridPath: string | null }): void {
  if (!isScopeWithin(manageScope, key)) throw new AppError("FORBIDDEN", msg("密钥的数据范围超出了您自己的范围", "The key's scope is wider than your own"));
}

/** A manager with a limited scope sees and revokes only the keys they created. */
export function onlyOwnKeys(manageScope: DataScope): boolean {
  return manageScope.kind !== "all";
}
