import type { TGridNode, TPartyOrg } from "@caihong/contracts";
import type { TConsistencyProblem } from "../../api/grids.api";

/** One row of the grid ↔ organisation tree: a grid, the organisation bound to it, its violations. */
export interface GridOrgRow {
  key: string;
  grid: TGridNode;
  /** The organisation on this grid; null is a violation (missing_org). */
  org: TPartyOrg | null;
  /** Further organisations claiming the same grid (the one-to-one rule broken from the other side). */
  extraOrgs: TPartyOrg[];
  problems: TConsistencyProblem[];
  /** Child grids; absent on leaves so the table shows no expander. */
  children?: GridOrgRow[];
}

export interface GridOrgTree {
  rows: GridOrgRow[];
  /** Ids of every grid row that has a violation or an ancestor of one (to expand them). */
  pathsToProblems: string[];
  /** Problems naming no current grid in the tree (organisations left on retired grids). */
  detached: TConsistencyProblem[];
  /** Organisations whose grid is not in the tree and no problem mentions. */
  unplacedOrgs: TPartyOrg[];
}

/**
 * Nests the flat grid list under parents (ordered by code; orphans become roots) and puts each
 * grid's organisation and consistency problems beside it.
 */
export function buildGridOrgTree(grids: readonly TGridNode[], orgs: readonly TPartyOrg[], problems: readonly TConsistencyProblem[]): GridOrgTree {
  const orgsByGrid = new Map<string, TPartyOrg[]>();
  for (const org of orgs) orgsByGrid.set(org.gridId, [...(orgsByGrid.get(org.gridId) ?? []), org]);
  const problemsByGrid = new Map<string, TConsistencyProblem[]>();
  for (const problem of problems) problemsByGrid.set(problem.gridId, [...(problemsByGrid.get(problem.gridId) ?? []), problem]);

  const rowsById = new Map<string, GridOrgRow>();
  const sorted = [...grids].sort((a, b) => a.code.localeCompare(b.code));
  for (const grid of sorted) {
    const [org = null, ...extraOrgs] = orgsByGrid.get(grid.id) ?? [];
    rowsById.set(grid.id, { key: grid.id, grid, org, extraOrgs, problems: problemsByGrid.get(grid.id) ?? [] });
  }
  const rows: GridOrgRow[] = [];
  for (const grid of sorted) {
    const row = rowsById.get(grid.id)!;
    const parent = grid.parentId ? rowsById.get(grid.parentId) : undefined;
    if (parent) (parent.children ??= []).push(row);
    else rows.push(row);
  }

  const pathsToProblems: string[] = [];
  const markPaths = (row: GridOrgRow): boolean => {
    let hasProblem = hasViolation(row);
    for (const child of row.children ?? []) hasProblem = markPaths(child) || hasProblem;
    if (hasProblem && row.children) pathsToProblems.push(row.key);
    return hasProblem;
  };
  rows.forEach(markPaths);

  const detached = problems.filter((problem) => !rowsById.has(problem.gridId));
  const mentioned = new Set(problems.map((problem) => problem.orgId));
  const unplacedOrgs = orgs.filter((org) => !rowsById.has(org.gridId) && !mentioned.has(org.id));
  return { rows, pathsToProblems, detached, unplacedOrgs };
}

/** Counts of the consistency problems by kind (for the summary banner). */
export function countProblemsByKind(problems: readonly TConsistencyProblem[]): Record<TConsistencyProblem["kind"], number> {
  const counts: Record<TConsistencyProblem["kind"], number> = { missing_org: 0, retired_grid: 0, kind_mismatch: 0 };
  for (const problem of problems) counts[problem.kind] += 1;
  return counts;
}

/** True when the row breaks the one-to-one rule (a problem reported on it, or a second organisation). */
export function hasViolation(row: GridOrgRow): boolean {
  return row.problems.length > 0 || row.extraOrgs.length > 0;
}

/**
 * Keeps the rows that match and the ancestors leading to them (with only their matching
 * branches); a matching row keeps its whole subtree.
 */
export function filterGridOrgRows(rows: readonly GridOrgRow[], matches: (row: GridOrgRow) => boolean): GridOrgRow[] {
  const kept: GridOrgRow[] = [];
  for (const row of rows) {
    if (matches(row)) {
      kept.push(row);
      continue;
    }
    const children = row.children ? filterGridOrgRows(row.children, matches) : [];
    if (children.length > 0) kept.push({ ...row, children });
  }
  return kept;
}

/** Keys of every row that has children (to expand a filtered tree fully). */
export function branchKeys(rows: readonly GridOrgRow[]): string[] {
  return rows.flatMap((row) => (row.children ? [row.key, ...branchKeys(row.children)] : []));
}
