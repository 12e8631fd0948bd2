/** Area in km² (two decimals) from 0.1 km² up, in whole m² below; empty for null. */
export function formatArea(areaM2: number | null, locale: "zh-CN" | "en"): string {
  if (areaM2 === null) return "";
  const isLarge = areaM2 >= 100_000;
  const format = new Intl.NumberFormat(locale, { maximumFractionDigits: isLarge ? 2 : 0 });
  return isLarge ? `${format.format(areaM2 / 1_000_000)} km²` : `${format.format(areaM2)} m²`;
}
