import { describe, expect, it } from "vitest";
import { convertPoint, fromWgs84, haversineM, toWgs84 } from "./coords";
import { createRng } from "./random";

const HONGQIAO_WGS84: [number, number] = [121.3173, 31.1964];
const HONGQIAO_GCJ02: [number, number] = [121.3219, 31.1944];

describe("haversineM", () => {
  it("measures one degree of latitude as about 111.2 km", () => {
    expect(haversineM([121, 31], [121, 32])).toBeCloseTo(111_195, -1);
  });

  it("is zero for the same point", () => {
    expect(haversineM(HONGQIAO_WGS84, HONGQIAO_WGS84)).toBe(0);
  });
});

describe("coordinate conversion", () => {
  it("maps Hongqiao Railway Station from WGS84 to its published GCJ-02 position within 100 m", () => {
    expect(haversineM(fromWgs84(...HONGQIAO_WGS84, "gcj02"), HONGQIAO_GCJ02)).toBeLessThan(100);
  });

  it("maps the GCJ-02 position of Hongqiao Railway Station back to WGS84 within 100 m", () => {
    expect(haversineM(toWgs84(...HONGQIAO_GCJ02, "gcj02"), HONGQIAO_WGS84)).toBeLessThan(100);
  });

  it("shifts points at Hongqiao by roughly +0.0045° lng and −0.0020° lat into GCJ-02", () => {
    const [lng, lat] = fromWgs84(...HONGQIAO_WGS84, "gcj02");
    expect(lng - HONGQIAO_WGS84[0]).toBeCloseTo(0.0045, 3);
    expect(lat - HONGQIAO_WGS84[1]).toBeCloseTo(-0.002, 3);
  });

  it("round-trips GCJ-02 ↔ WGS84 within 1 m over 10,000 points around Shanghai", () => {
    const rng = createRng(20260101);
    let worst = 0;
    for (let i = 0; i < 10_000; i++) {
      const p: [number, number] = [120.85 + rng() * 1.1, 30.68 + rng() * 1.05];
      worst = Math.max(worst, haversineM(toWgs84(...fromWgs84(...p, "gcj02"), "gcj02"), p));
      worst = Math.max(worst, haversineM(fromWgs84(...toWgs84(...p, "gcj02"), "gcj02"), p));
    }
    expect(worst).toBeLessThan(1);
  });

  it("round-trips BD-09 ↔ WGS84 within 1 m over 1,000 points around Shanghai", () => {
    const rng = createRng(99);
    for (let i = 0; i < 1_000; i++) {
      const p: [number, number] = [120.85 + rng() * 1.1, 30.68 + rng() * 1.05];
      expect(haversineM(toWgs84(...fromWgs84(...p, "bd09"), "bd09"), p)).toBeLessThan(1);
    }
  });

  it("puts BD-09 further from WGS84 than GCJ-02 is", () => {
    const gcj = fromWgs84(...HONGQIAO_WGS84, "gcj02");
    const bd = fromWgs84(...HONGQIAO_WGS84, "bd09");
    expect(haversineM(bd, HONGQIAO_WGS84)).toBeGreaterThan(haversineM(gcj, HONGQIAO_WGS84));
    expect(haversineM(convertPoint(...gcj, "gcj02", "bd09"), bd)).toBeLessThan(1);
  });

  it("returns the same point when both systems are the same", () => {
    expect(convertPoint(121.5, 31.2, "gcj02", "gcj02")).toEqual([121.5, 31.2]);
  });

  it("does not mutate or share the caller's numbers", () => {
    const input: [number, number] = [121.4, 31.2];
    const out = toWgs84(...input, "gcj02");
    expect(input).toEqual([121.4, 31.2]);
    expect(out).not.toBe(input);
  });

  it("rejects out-of-range and non-finite coordinates", () => {
    expect(() => toWgs84(181, 31, "gcj02")).toThrow(RangeError);
    expect(() => toWgs84(121, 91, "bd09")).toThrow(RangeError);
    expect(() => toWgs84(Number.NaN, 31, "wgs84")).toThrow(RangeError);
  });
});
