import type { TCategoryField } from "@caihong/contracts";
import { describe, expect, it } from "vitest";
import { actorText, attributeText, categoryStandards, fieldDescription, fieldLabel } from "./dictionary";

const bikeBrand: TCategoryField = {
  code: "bike_brand",
  label: "单车品牌",
  labelEn: "Bike brand",
  datatype: "multivaluelist",
  required: false,
  options: [
    { key: "meituan", name: "美团", nameEn: "Meituan" },
    { key: "hellobike", name: "哈啰", nameEn: "Hellobike" },
    { key: "mystery", name: "某品牌" },
  ],
};

describe("attributeText", () => {
  it("shows a list choice by its name in the reader's language, not its key", () => {
    expect(attributeText(bikeBrand, ["hellobike"], "zh-CN")).toEqual({ text: "哈啰", isData: false });
    expect(attributeText(bikeBrand, ["hellobike", "meituan"], "en")).toEqual({ text: "Hellobike, Meituan", isData: false });
  });

  it("falls back to the Chinese name of a choice without English, and to the key of a choice no longer offered", () => {
    expect(attributeText(bikeBrand, ["mystery", "gone"], "en").text).toBe("某品牌, gone");
  });

  it("treats typed text as data and shows a time in Shanghai time", () => {
    expect(attributeText({ code: "apartment", label: "公寓名称", datatype: "string", required: true }, "宽庭 3 号楼", "en")).toEqual({ text: "宽庭 3 号楼", isData: true });
    expect(attributeText({ code: "at", label: "时间", datatype: "datetime", required: false }, "2021-10-31T02:05:00.000Z", "en").text).toBe("2021-10-31 10:05");
  });
});

describe("category texts", () => {
  it("shows the English standards, label and help text in English and the Chinese ones otherwise", () => {
    const category = { filingStandard: "共享单车堆积", closingStandard: "车辆清运", filingStandardEn: "Shared bikes piled up", closingStandardEn: null };
    expect(categoryStandards(category, "en")).toEqual({ filing: "Shared bikes piled up", closing: "车辆清运" });
    expect(categoryStandards(category, "zh-CN")).toEqual({ filing: "共享单车堆积", closing: "车辆清运" });
    expect(fieldLabel(bikeBrand, "en")).toBe("Bike brand");
    expect(fieldDescription({ description: "楼层", descriptionEn: "The floor" }, "en")).toBe("The floor");
    expect(fieldDescription({ description: null }, "en")).toBeUndefined();
  });
});

describe("actorText", () => {
  it("translates the role the product or the demo put before a name and keeps the name as recorded", () => {
    expect(actorText("城运中心·派单员 陈*（示例）", "en")).toEqual({ role: "City operations centre · dispatcher", name: "陈*", isDemo: true });
    expect(actorText("网格员 袁*（示例）", "en")).toEqual({ role: "Grid worker", name: "袁*", isDemo: true });
    expect(actorText("城运中心·12345 热线受理（示例）", "en")).toEqual({ role: "City operations centre · 12345 hotline desk", name: null, isDemo: true });
  });

  it("names the machine actors in the reader's language", () => {
    expect(actorText("system", "zh-CN")).toEqual({ role: "系统", name: null, isDemo: false });
    expect(actorText("居民", "en").role).toBe("Resident");
    expect(actorText("反映人（查询码）", "en").role).toBe("Reporter (tracking code)");
  });

  it("leaves a person's own label alone", () => {
    expect(actorText("王芳 (wang.fang)", "en")).toEqual({ role: null, name: "王芳 (wang.fang)", isDemo: false });
    expect(actorText("systemadmin (sa)", "en")).toEqual({ role: null, name: "systemadmin (sa)", isDemo: false });
  });
});
