import type { LngLat } from "./basemap";

/** `121.321900, 31.194400`: six decimals are about 0.1 m. */
export function formatLngLat(lng: number, lat: number): string {
  return `${lng.toFixed(6)}, ${lat.toFixed(6)}`;
}

/** A longitude or latitude typed or pasted by hand; null when it is not a number in range. */
export function parseCoordinate(text: string, axis: "lng" | "lat"): number | null {
  const trimmed = text.trim();
  if (!/^[-+]?\d+(\.\d+)?$/.test(trimmed)) return null;
  const value = Number(trimmed);
  return Math.abs(value) <= (axis === "lng" ? 180 : 90) ? value : null;
}

/**
 * A pasted pair such as `121.3219,31.1944` (what WeChat and AMap share). Either order is taken:
 * in China a longitude is always above 90 and a latitude below it.
 */
export function parseLngLatPair(text: string): LngLat | null {
  const match = /^\s*([-+]?\d+(?:\.\d+)?)\s*[,，\s]\s*([-+]?\d+(?:\.\d+)?)\s*$/.exec(text);
  if (!match) return null;
  const a = Number(match[1]);
  const b = Number(match[2]);
  const [lng, lat] = Math.abs(a) <= 90 && Math.abs(b) > 90 ? [b, a] : [a, b];
  return Math.abs(lng) <= 180 && Math.abs(lat) <= 90 ? [lng, lat] : null;
}
