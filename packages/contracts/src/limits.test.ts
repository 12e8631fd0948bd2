import { describe, expect, it } from "vitest";
import { CASE_STATES, FINISHED_STATES, GRID_LEVEL_LABELS, GRID_LEVELS, GRID_TYPES_BY_LEVEL, OPEN_CASE_STATES } from "./catalog";
import { LIMITS } from "./limits";

const chars = (n: number, c = "a") => c.repeat(n);

describe("LIMITS", () => {
  it("keeps each pattern's length in step with the numbers beside it", () => {
    const { hotlineOrderNo, categoryFieldCode, categoryFieldOptions, phone, verificationCode, categoryCode, gridContactPhone } = LIMITS;
    expect([hotlineOrderNo.min - 1, hotlineOrderNo.min, hotlineOrderNo.max, hotlineOrderNo.max + 1].map((n) => hotlineOrderNo.pattern.test(chars(n, "A")))).toEqual([false, true, true, false]);
    expect([categoryFieldCode.max, categoryFieldCode.max + 1].map((n) => categoryFieldCode.pattern.test(chars(n)))).toEqual([true, false]);
    expect([40, 41].map((n) => categoryFieldOptions.keyPattern.test(chars(n)))).toEqual([true, false]);
    expect(phone.pattern.test("1" + chars(phone.length - 1, "3"))).toBe(true);
    expect(phone.pattern.test("1" + chars(phone.length, "3"))).toBe(false);
    expect(verificationCode.pattern.test(chars(verificationCode.length, "1"))).toBe(true);
    expect(verificationCode.pattern.test(chars(verificationCode.length + 1, "1"))).toBe(false);
    expect(["12", "1234", "123", "12345"].map((code) => categoryCode.pattern.test(code))).toEqual([true, true, false, false]);
    expect(categoryCode.topPattern.test("12") && categoryCode.childPattern.test(chars(categoryCode.max, "1"))).toBe(true);
    // The longest landline the pattern takes fits the input's length.
    expect(gridContactPhone.landlinePattern.test("0123-12345678")).toBe(true);
    expect("0123-12345678".length).toBe(gridContactPhone.max);
  });
});

describe("catalog", () => {
  it("puts every case state in exactly one of the open and the finished states", () => {
    const open: readonly string[] = OPEN_CASE_STATES;
    const finished: readonly string[] = FINISHED_STATES;
    for (const state of CASE_STATES) expect(Number(open.includes(state)) + Number(finished.includes(state)), state).toBe(1);
  });

  it("names every grid level and lists the grid types it allows", () => {
    for (const level of GRID_LEVELS) {
      expect(GRID_LEVEL_LABELS[level]).toBeDefined();
      expect(GRID_TYPES_BY_LEVEL[level].length).toBeGreaterThan(0);
    }
  });
});
