import { fromWgs84, type Crs, type LngLat } from "../../map/coords";

/** A point as the reporter gave it: the coordinate system travels with it and the server converts. */
export interface ReportLocation {
  lng: number;
  lat: number;
  crs: Crs;
}

/**
 * A point in any of the three systems back in WGS84, to draw it on the map (which shifts WGS84 onto
 * its basemap). The inverse of GCJ-02 has no closed form: a few fixed-point steps of the forward
 * transform bring it well under a centimetre.
 */
export function toWgs84(point: LngLat, from: Crs): LngLat {
  if (from === "wgs84") return point;
  let guess: LngLat = point;
  for (let i = 0; i < 6; i++) {
    const [lng, lat] = fromWgs84(guess, from);
    guess = [guess[0] - (lng - point[0]), guess[1] - (lat - point[1])];
  }
  return guess;
}

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
