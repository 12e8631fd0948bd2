import { describe, expect, it } from "vitest";
import { optionOf } from "./category-form-drawer";

describe("optionOf", () => {
  it("reads key:名称 and key:名称:English name", () => {
    expect(optionOf("hellobike:哈啰:Hellobike")).toEqual({ key: "hellobike", name: "哈啰", nameEn: "Hellobike" });
    expect(optionOf("a：一般")).toEqual({ key: "a", name: "一般" });
    expect(optionOf("other")).toEqual({ key: "other", name: "other" });
  });
});
