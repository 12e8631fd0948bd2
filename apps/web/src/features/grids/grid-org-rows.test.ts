import type { TGridNode, TPartyOrg } from "@caihong/contracts";
import { GRID_LEVEL, type GridLevel } from "@caihong/domain/grids";
import { describe, expect, it } from "vitest";
import type { TConsistencyProblem } from "../../api/grids.api";
import { branchKeys, buildGridOrgTree, countProblemsByKind, filterGridOrgRows, hasViolation } from "./grid-org-rows";

const { subdistrict, disposal, autonomous, micro } = GRID_LEVEL;

/** A grid of the usual type for its level. */
const TYPE_OF: Record<GridLevel, string> = { [subdistrict]: "subdistrict", [disposal]: "disposal", [autonomous]: "residents_committee", [micro]: "residential_block" };

function grid(id: string, parentId: string | null, level: GridLevel, code: string, name: string): TGridNode {
  return { id, parentId, level, code, name, type: TYPE_OF[level] };
}

function org(id: string, gridId: string, name: string): TPartyOrg {
  return {
    id,
    name,
    kind: "responsibility_zone",
    gridId,
    gridName: "",
    gridCode: "",
    gridLevel: micro,
    parentId: null,
    leaderName: null,
    memberCount: 0,
    contactPhoneMasked: null,
    foundedOn: null,
    isDemo: true,
    version: 1,
    updatedAt: "2025-01-01T00:00:00.000Z",
  };
}

function problem(kind: TConsistencyProblem["kind"], gridId: string, orgId: string | null): TConsistencyProblem {
  return { kind, gridId, gridCode: "", gridName: "", orgId, orgName: null, message: kind };
}

const GRIDS = [
  grid("m2", "a1", micro, "3101120080000101002", "第2微网格"),
  grid("s", null, subdistrict, "310112008000", "新虹街道"),
  grid("d1", "s", disposal, "31011200800001", "爱博片区"),
  grid("a1", "d1", autonomous, "3101120080000101", "申贵路居委"),
  grid("m1", "a1", micro, "3101120080000101001", "第1微网格"),
  grid("d2", "s", disposal, "31011200800002", "华美片区"),
];

describe("the grid ↔ organisation tree", () => {
  it("nests grids by parent in code order and puts each grid's organisation beside it", () => {
    const tree = buildGridOrgTree(GRIDS, [org("o-m1", "m1", "第1党员责任区"), org("o-s", "s", "新虹社区党委")], []);
    expect(tree.rows.map((row) => row.grid.id)).toEqual(["s"]);
    const [subdistrict] = tree.rows;
    expect(subdistrict!.org?.name).toBe("新虹社区党委");
    expect(subdistrict!.children!.map((row) => row.grid.name)).toEqual(["爱博片区", "华美片区"]);
    const committee = subdistrict!.children![0]!.children![0]!;
    expect(committee.children!.map((row) => [row.grid.name, row.org?.name ?? null])).toEqual([
      ["第1微网格", "第1党员责任区"],
      ["第2微网格", null],
    ]);
    // Leaves carry no children array, so the table draws no expander.
    expect(committee.children![0]!.children).toBeUndefined();
  });

  it("attaches violations to their grid and lists the path to them for expansion", () => {
    const tree = buildGridOrgTree(GRIDS, [], [problem("missing_org", "m2", null)]);
    const m2 = tree.rows[0]!.children![0]!.children![0]!.children![1]!;
    expect(m2.problems.map((p) => p.kind)).toEqual(["missing_org"]);
    expect(tree.pathsToProblems.sort()).toEqual(["a1", "d1", "s"]);
  });

  it("reports a second organisation on the same grid and problems about grids outside the tree", () => {
    const tree = buildGridOrgTree(
      GRIDS,
      [org("o1", "m1", "甲"), org("o2", "m1", "乙"), org("o-old", "retired", "旧责任区"), org("o-lost", "gone", "无网格")],
      [problem("retired_grid", "retired", "o-old")],
    );
    const m1 = tree.rows[0]!.children![0]!.children![0]!.children![0]!;
    expect(m1.org?.name).toBe("甲");
    expect(m1.extraOrgs.map((o) => o.name)).toEqual(["乙"]);
    expect(tree.pathsToProblems).toContain("a1");
    expect(tree.detached.map((p) => p.orgId)).toEqual(["o-old"]);
    expect(tree.unplacedOrgs.map((o) => o.id)).toEqual(["o-lost"]);
  });

  it("makes grids whose parent is out of scope into roots", () => {
    const tree = buildGridOrgTree(GRIDS.filter((g) => g.level >= autonomous), [], []);
    expect(tree.rows.map((row) => row.grid.id)).toEqual(["a1"]);
  });

  it("counts problems per kind", () => {
    expect(countProblemsByKind([problem("missing_org", "a", null), problem("missing_org", "b", null), problem("kind_mismatch", "c", "x")])).toEqual({
      missing_org: 2,
      retired_grid: 0,
      kind_mismatch: 1,
    });
  });

  it("filters to the violating rows and the paths leading to them", () => {
    const tree = buildGridOrgTree(GRIDS, [], [problem("missing_org", "m2", null)]);
    const filtered = filterGridOrgRows(tree.rows, hasViolation);
    expect(branchKeys(filtered)).toEqual(["s", "d1", "a1"]);
    expect(filtered[0]!.children!.map((row) => row.grid.name)).toEqual(["爱博片区"]);
    expect(filtered[0]!.children![0]!.children![0]!.children!.map((row) => row.grid.name)).toEqual(["第2微网格"]);
    // The unfiltered tree is untouched.
    expect(tree.rows[0]!.children).toHaveLength(2);
  });

  it("keeps the whole subtree of a row that matches a search", () => {
    const tree = buildGridOrgTree(GRIDS, [], []);
    const filtered = filterGridOrgRows(tree.rows, (row) => row.grid.name.includes("申贵路"));
    expect(branchKeys(filtered)).toEqual(["s", "d1", "a1"]);
    expect(filtered[0]!.children![0]!.children![0]!.children).toHaveLength(2);
  });
});
