/** Data scope kinds, most permissive first. */
export type ScopeKind = "all" | "subtree" | "grid" | "own";

/** One role assignment reduced to what scope resolution needs. */
export interface Grant {
  permissions: ReadonlySet<string>;
  scope: ScopeKind;
  /** Anchor grid for subtree/grid scopes. */
  gridId: string | null;
  /** Materialized path of the anchor grid (`/root/…/id/`). */
  gridPath: string | null;
}

/**
 * What a holder may see for one permission: everything, or the union of some subtrees, some
 * single grids and their own records. `none` means the permission is not held at all.
 */
export type DataScope =
  | { kind: "all" }
  | { kind: "limited"; subtreePaths: string[]; gridIds: string[]; ownerId: string | null }
  | { kind: "none" };

/**
 * Resolves the scope of a permission across all grants: "the most permissive of a user's roles
 * wins" — any `all` grant gives all; otherwise the union of the limited grants. A subtree that
 * lies inside another granted subtree is dropped, and so is a single grid inside a granted subtree.
 */
export function resolveScope(grants: readonly Grant[], permission: string, ownerId: string | null): DataScope {
  const relevant = grants.filter((g) => g.permissions.has(permission));
  if (relevant.length === 0) return { kind: "none" };
  if (relevant.some((g) => g.scope === "all")) return { kind: "all" };
  const paths = [...new Set(relevant.filter((g) => g.scope === "subtree" && g.gridPath).map((g) => g.gridPath!))];
  const subtreePaths = paths.filter((p) => !paths.some((other) => other !== p && p.startsWith(other))).sort();
  const gridIds = [
    ...new Set(
      relevant
        .filter((g) => g.scope === "grid" && g.gridId && !(g.gridPath && subtreePaths.some((p) => g.gridPath!.startsWith(p))))
        .map((g) => g.gridId!),
    ),
  ].sort();
  const hasOwn = relevant.some((g) => g.scope === "own");
  return { kind: "limited", subtreePaths, gridIds, ownerId: hasOwn ? ownerId : null };
}

/** Where a record sits, for checking one record against a scope. */
export interface RecordLocation {
  /** Path of the record's grid, or null when it has none. */
  gridPath: string | null;
  gridId: string | null;
  /** The user the record belongs to (creator, or the user themself). */
  ownerId: string | null;
}

/** True when the record falls inside the scope. */
export function isInScope(scope: DataScope, record: RecordLocation): boolean {
  if (scope.kind === "all") return true;
  if (scope.kind === "none") return false;
  if (record.gridPath && scope.subtreePaths.some((p) => record.gridPath!.startsWith(p))) return true;
  if (record.gridId && scope.gridIds.includes(record.gridId)) return true;
  return scope.ownerId !== null && record.ownerId === scope.ownerId;
}

/**
 * True when scope `inner` is contained in scope `outer` — used to stop a scoped administrator
 * from granting (or minting API keys with) more than they hold.
 */
export function isScopeWithin(
  outer: DataScope,
  inner: { scope: ScopeKind; gridId: string | null; gridPath: string | null },
): boolean {
  if (outer.kind === "all") return true;
  if (outer.kind === "none") return false;
  switch (inner.scope) {
    case "all":
      return false;
    case "subtree":
      return !!inner.gridPath && outer.subtreePaths.some((p) => inner.gridPath!.startsWith(p));
    case "grid":
      return (
        (!!inner.gridPath && outer.subtreePaths.some((p) => inner.gridPath!.startsWith(p))) ||
        (!!inner.gridId && outer.gridIds.includes(inner.gridId))
      );
    case "own":
      return true;
  }
}
