import { describe, expect, it } from "vitest";
import { coarsenCoordinate, publicAddress, redactPersonalData } from "./redact";

describe("redactPersonalData", () => {
  it.each([
    // mainland mobiles, the ways people and clients write them
    ["电话13800138000", "电话***********"],
    ["联系 138 0013 8000 王先生", "联系 *** **** **** 王先生"],
    ["138-0013-8000", "***-****-****"],
    ["+86 138 0013 8000", "+** *** **** ****"],
    ["+86-13800138000", "+**-***********"],
    ["(+86)13800138000", "(+**)***********"],
    ["008613800138000", "***************"],
    ["8613800138000", "*************"],
    ["手机：１３８００１３８０００。", "手机：***********。"],
    // landlines
    ["请拨 021-61234567 转物业", "请拨 ***-******** 转物业"],
    ["(021) 6123 4567", "(***) **** ****"],
    ["0571-87654321", "****-********"],
    ["+86 21 6123 4567", "+** ** **** ****"],
    ["物业电话62345678", "物业电话********"],
    ["+44 20 7946 0958", "+** ** **** ****"],
    // ID numbers and cards
    ["身份证110101199003078515", "身份证******************"],
    ["身份证号 11010119900307851X 已核对", "身份证号 ****************** 已核对"],
    ["110101 19900307 851x", "****** ******** ****"],
    ["旧证 110101900307851", "旧证 ***************"],
    ["卡号 6222 0212 3456 7890 123", "卡号 **** **** **** **** ***"],
    ["6222021234567890", "****************"],
    // e-mail, plates, rooms
    ["邮箱 zhang.san@qq.com 联系", "邮箱 *****.***@**.com 联系"],
    ["沪A12345 长期占用消防通道", "沪A***** 长期占用消防通道"],
    ["沪AD12345", "沪A******"],
    ["3号楼502室漏水", "3号楼***室漏水"],
  ])("%s → %s", (input, expected) => {
    expect(redactPersonalData(input)).toBe(expected);
  });

  it.each([
    "2021-10-31 14:00 发现",
    "案件 XH-2026-000123 已合并",
    "12345 工单 2611289999",
    "申长路 988 弄门口堆了 30 辆单车",
    "request 5f0c9a3e-1380-4013-8000-123456789012 done",
    '{"level":30,"time":1764288000000,"pid":4242,"responseTime":13.800138}',
    '{"responseTime":15.123456789012345,"ratio":0.13800138000}',
    "价格 1,380,013 元",
    "地铁10号线",
    "第 3 次反映",
  ])("leaves %s as it is", (input) => {
    expect(redactPersonalData(input)).toBe(input);
  });

  it("masks the names it is told about, of two characters or more", () => {
    expect(redactPersonalData("我是王小明，王小明家门口", { names: ["王小明", "李", null] })).toBe("我是王**，王**家门口");
    expect(redactPersonalData("a.b (c)", { names: ["a.b"] })).toBe("a** (c)");
  });

  it("finds a name, a phone and an ID number in one description", () => {
    const text = "我叫张三，电话 13912345678，身份证 310101199001011234，楼下垃圾没人收";
    expect(redactPersonalData(text, { names: ["张三"] })).toBe("我叫张*，电话 ***********，身份证 ******************，楼下垃圾没人收");
  });
});

describe("coarsenCoordinate", () => {
  it("snaps to the 0.001° public grid", () => {
    expect(coarsenCoordinate(121.3512345)).toBe(121.351);
    expect(coarsenCoordinate(31.1796)).toBe(31.18);
    expect(coarsenCoordinate(-0.0004)).toBe(-0);
    expect(coarsenCoordinate(null)).toBeNull();
    expect(coarsenCoordinate(Number.NaN)).toBeNull();
  });

  it("moves a point by at most half a grid cell", () => {
    for (const v of [121.35049, 121.3505, 31.17951, 31.1799999]) expect(Math.abs(coarsenCoordinate(v)! - v)).toBeLessThanOrEqual(0.0005 + 1e-12);
  });
});

describe("publicAddress", () => {
  it.each([
    ["申长路 988 弄", "申长路"],
    ["上海市闵行区申长路988弄3号502室", "上海市闵行区申长路"],
    ["华翔路 2 号楼 3 单元", "华翔路"],
    ["地铁10号线虹桥火车站", "地铁10号线虹桥火车站"],
    ["虹桥镇申滨南路", "虹桥镇申滨南路"],
    ["988弄", null],
    ["", null],
    [null, null],
  ])("%s → %s", (input, expected) => {
    expect(publicAddress(input)).toBe(expected);
  });
});
