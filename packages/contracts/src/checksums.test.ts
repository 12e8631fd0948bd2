import { describe, expect, it } from "vitest";
import { isValidIdNumber, isValidUscc, withIdCheck, withUsccCheck } from "./checksums";

describe("unified social credit code", () => {
  it("accepts the standard's worked example", () => {
    // The worked example of GB 32100-2015.
    expect(isValidUscc("91350100M000100Y43")).toBe(true);
  });

  it("rejects a code with one character changed, a forbidden letter or the wrong length", () => {
    expect(isValidUscc("91350100M000100Y44")).toBe(false);
    expect(isValidUscc("91350100M000100I43")).toBe(false);
    expect(isValidUscc("91350100M000100Y4")).toBe(false);
    expect(isValidUscc("91350100m000100y43")).toBe(false);
  });

  it("completes 17 characters into a valid code", () => {
    expect(isValidUscc(withUsccCheck("91310112MA1GB0000"))).toBe(true);
  });
});

describe("resident identity number", () => {
  it("accepts a number with the right MOD 11-2 check, including X", () => {
    expect(isValidIdNumber("11010519491231002X")).toBe(true);
    expect(isValidIdNumber(withIdCheck("31011219850704123"))).toBe(true);
  });

  it("rejects a wrong check digit, an impossible birth date and a lower-case x", () => {
    expect(isValidIdNumber("110105194912310021")).toBe(false);
    expect(isValidIdNumber(withIdCheck("31011219850231123"))).toBe(false);
    expect(isValidIdNumber("11010519491231002x")).toBe(false);
  });
});
