import { readFileSync } from "node:fs";
import { beforeAll, describe, expect, it } from "vitest";
import { toWgs84 } from "../geo/coords";
import { buildGridIndex } from "../geo/grid-index";
import { checkTiling } from "../geo/topology";
import type { GridFeature, XinhongOutline } from "./xinhong-grids";
import { DEMO_MARK, HONGQIAO_STATION_GCJ02, XINHONG_CODE, apportion, generateXinhongGrids } from "./xinhong-grids";

const outline = JSON.parse(readFileSync(new URL("../../../../data/demo/xinhong/outline.geojson", import.meta.url), "utf8")) as XinhongOutline;

let grids: GridFeature[];
beforeAll(() => {
  grids = generateXinhongGrids(outline);
});

const atLevel = (level: number) => grids.filter((g) => g.level === level);

describe("generateXinhongGrids", () => {
  it("produces 1 / 4 / 29 / 147 grids", () => {
    expect([1, 2, 3, 4].map((l) => atLevel(l).length)).toEqual([1, 4, 29, 147]);
    expect(atLevel(1)[0]).toMatchObject({ code: XINHONG_CODE, name: "新虹街道", type: "subdistrict", parentCode: null });
    expect(atLevel(2).map((g) => g.name).sort()).toEqual(["爱博片区", "华美片区", "枢纽片区", "航华片区"].sort());
  });

  it("gives unique codes of 12/14/16/19 digits, each starting with its parent's code", () => {
    const byCode = new Map(grids.map((g) => [g.code, g]));
    expect(byCode.size).toBe(grids.length);
    const digits = { 1: 12, 2: 14, 3: 16, 4: 19 } as const;
    for (const g of grids) {
      expect(g.code).toMatch(new RegExp(`^\\d{${digits[g.level]}}$`));
      if (g.level === 1) continue;
      const parent = byCode.get(g.parentCode!);
      expect(parent?.level).toBe(g.level - 1);
      expect(g.code.startsWith(parent!.code)).toBe(true);
    }
  });

  it("gives every autonomous grid at least 2 micro grids, typed after the parent", () => {
    const microType = { residents_committee: "residential_block", village_committee: "residential_block", workstation: "workstation", street_front: "street_front" } as const;
    for (const a of atLevel(3)) {
      const micro = grids.filter((g) => g.parentCode === a.code);
      expect(micro.length).toBeGreaterThanOrEqual(2);
      for (const m of micro) expect(m.type).toBe(microType[a.type as keyof typeof microType]);
    }
    expect(new Set(atLevel(3).map((g) => g.type))).toEqual(new Set(["residents_committee", "village_committee", "workstation", "street_front"]));
  });

  it("tiles every parent with its children, with no topology error above 1 m²", () => {
    for (const parent of grids.filter((g) => g.level < 4)) {
      const children = grids.filter((g) => g.parentCode === parent.code).map((g) => ({ id: g.code, geometry: g.geometry }));
      const problems = checkTiling({ id: parent.code, geometry: parent.geometry }, children, { toleranceM2: 1 });
      expect(problems, parent.name).toEqual([]);
    }
  });

  it("is deterministic: the same outline gives identical output", () => {
    expect(generateXinhongGrids(structuredClone(outline))).toEqual(grids);
  });

  it("does not mutate its input", () => {
    const copy = structuredClone(outline);
    generateXinhongGrids(copy);
    expect(copy).toEqual(outline);
  });

  it("locates 虹桥火车站 (GCJ-02 121.3219, 31.1944) in a micro grid of 枢纽片区 / 虹桥火车站工作站", () => {
    const [lng, lat] = toWgs84(HONGQIAO_STATION_GCJ02[0], HONGQIAO_STATION_GCJ02[1], "gcj02");
    const index = buildGridIndex(atLevel(4).map((g) => ({ id: g.code, geometry: g.geometry })));
    const code = index.locate(lng, lat);
    expect(code).not.toBeNull();
    const byCode = new Map(grids.map((g) => [g.code, g]));
    const chain: GridFeature[] = [];
    for (let g = byCode.get(code!); g; g = g.parentCode ? byCode.get(g.parentCode) : undefined) chain.push(g);
    expect(chain.map((g) => g.level)).toEqual([4, 3, 2, 1]);
    expect(chain[1]!.name).toBe("虹桥火车站工作站");
    expect(chain[2]!.name).toBe("枢纽片区");
  });

  it("marks invented names with （示例） and isDemo, real ones with neither", () => {
    for (const g of grids) expect(g.name.endsWith(DEMO_MARK), g.name).toBe(g.isDemo);
    const real = new Set(grids.filter((g) => !g.isDemo).map((g) => g.name));
    for (const name of ["新虹街道", "申贵路居委", "爱博一村居委", "爱博七村居委", "虹桥火车站工作站", "虹桥商务区核心区工作站", "申长路街面", "申滨南路街面", "天山西路街面", "华翔路街面", "爱博一村第1微网格"]) {
      expect(real.has(name), name).toBe(true);
    }
    expect(atLevel(3).filter((g) => g.isDemo).length).toBeGreaterThan(0);
  });

  it("numbers children north→south in rows, west→east within a row", () => {
    // The four disposal grids: 爱博 (NW) 01, 华美 (NE) 02, 枢纽 (middle band) 03, 航华 (south) 04.
    expect(atLevel(2).map((g) => g.name)).toEqual(["爱博片区", "华美片区", "枢纽片区", "航华片区"]);
  });
});

describe("apportion", () => {
  it("shares a total by largest remainder with a minimum", () => {
    expect(apportion([1, 1, 1], 10, 2)).toEqual([4, 3, 3]);
    expect(apportion([100, 1, 1], 10, 2)).toEqual([6, 2, 2]);
    expect(apportion([5, 3, 2], 10, 0)).toEqual([5, 3, 2]);
    expect(() => apportion([1, 1], 3, 2)).toThrow(RangeError);
  });
});
