import { describe, expect, it } from "vitest";
import { createRng } from "./random";

describe("createRng", () => {
  it("gives the same sequence for the same seed", () => {
    const a = createRng(42);
    const b = createRng(42);
    const seqA = Array.from({ length: 100 }, a);
    expect(Array.from({ length: 100 }, b)).toEqual(seqA);
  });

  it("gives a different sequence for a different seed", () => {
    expect(createRng(1)()).not.toBe(createRng(2)());
  });

  it("yields numbers in [0, 1)", () => {
    const rng = createRng(7);
    for (let i = 0; i < 10_000; i++) {
      const x = rng();
      expect(x >= 0 && x < 1).toBe(true);
    }
  });
});
