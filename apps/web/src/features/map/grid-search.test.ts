import { GRID_LEVEL } from "@caihong/domain/grids";
import { describe, expect, it } from "vitest";
import { chainText, searchGrids } from "./grid-search";

const GRIDS = [
  { code: "310112008000", name: "新虹街道", level: GRID_LEVEL.subdistrict },
  { code: "31011200800001", name: "爱博片区", level: GRID_LEVEL.disposal },
  { code: "3101120080000102", name: "爱博一村居委", level: GRID_LEVEL.autonomous },
  { code: "3101120080000102001", name: "爱博一村居委第1微网格", level: GRID_LEVEL.micro },
  { code: "31011200800003", name: "枢纽片区", level: GRID_LEVEL.disposal },
];

describe("searching grids by name or code", () => {
  it("puts the exact code first, then code prefixes, coarse levels before fine ones", () => {
    expect(searchGrids(GRIDS, "3101120080000102").map((g) => g.code)).toEqual(["3101120080000102", "3101120080000102001"]);
    expect(searchGrids(GRIDS, "31011200800001").map((g) => g.code)).toEqual(["31011200800001", "3101120080000102", "3101120080000102001"]);
  });

  it("matches names by prefix before names that merely contain the text", () => {
    expect(searchGrids(GRIDS, "爱博").map((g) => g.name)).toEqual(["爱博片区", "爱博一村居委", "爱博一村居委第1微网格"]);
    expect(searchGrids(GRIDS, "片区").map((g) => g.name)).toEqual(["爱博片区", "枢纽片区"]);
    expect(searchGrids(GRIDS, "第1微").map((g) => g.name)).toEqual(["爱博一村居委第1微网格"]);
  });

  it("returns nothing for blank text and honours the limit", () => {
    expect(searchGrids(GRIDS, "  ")).toEqual([]);
    expect(searchGrids(GRIDS, "3101", 2)).toHaveLength(2);
  });
});

describe("locate helpers", () => {
  it("joins the chain of grids with arrows", () => {
    expect(chainText([{ name: "新虹街道" }, { name: "枢纽片区" }])).toBe("新虹街道 › 枢纽片区");
  });
});
