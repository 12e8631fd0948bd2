import { describe, expect, it } from "vitest";
import { zContactPhone, zPhone } from "./common";
import { normalizeMobile, normalizePhone, phoneKind } from "./phone";

describe("normalizePhone", () => {
  it.each([
    ["13800138000", "13800138000"],
    ["138 0013 8000", "13800138000"],
    ["138-0013-8000", "13800138000"],
    ["+86 138 0013 8000", "13800138000"],
    ["+86-13800138000", "13800138000"],
    ["(+86) 138 0013 8000", "13800138000"],
    ["008613800138000", "13800138000"],
    ["8613800138000", "13800138000"],
    ["１３８ ００１３ ８０００", "13800138000"],
    ["021-61234567", "02161234567"],
    ["(021) 6123 4567", "02161234567"],
    ["0571-87654321", "057187654321"],
    ["+86 21 6123 4567", "02161234567"],
    ["+86 10 1234 5678", "01012345678"],
    ["400-820-8820", "4008208820"],
    ["+44 20 7946 0958", "+442079460958"],
    ["+1 (415) 555-0100", "+14155550100"],
  ])("%s → %s", (typed, canonical) => {
    expect(normalizePhone(typed)).toBe(canonical);
  });

  it.each(["", "12345", "62345678", "1380013800", "138001380001", "23800138000", "phone", "138 0013 800O", "+86", "+12345", "010-123", "13800138000 ext 12"])("refuses %j: it cannot be dialled", (typed) => {
    expect(normalizePhone(typed)).toBeNull();
  });

  it("tells the kinds apart, and only a mobile passes normalizeMobile", () => {
    expect(["13800138000", "02161234567", "4008208820", "+442079460958"].map(phoneKind)).toEqual(["mobile", "landline", "service", "international"]);
    expect(normalizeMobile("+86 138 0013 8000")).toBe("13800138000");
    expect(normalizeMobile("021-61234567")).toBeNull();
  });
});

describe("phone contracts", () => {
  it("zPhone takes a formatted mobile and gives its 11 digits; a landline is refused", () => {
    expect(zPhone.parse("+86 138 0013 8000")).toBe("13800138000");
    const landline = zPhone.safeParse("021-61234567");
    expect(landline.success).toBe(false);
    expect(landline.error?.issues[0]?.message).toBe("phone.invalid");
    expect(zPhone.safeParse("1".repeat(31)).success).toBe(false);
  });

  it("zContactPhone takes any dialable number in canonical form and refuses only what is not one", () => {
    expect(zContactPhone.parse("(021) 6123 4567")).toBe("02161234567");
    expect(zContactPhone.parse("+86 138 0013 8000")).toBe("13800138000");
    expect(zContactPhone.safeParse("12345").error?.issues[0]?.message).toBe("contactPhone.invalid");
  });
});
