import { GRID_LEVEL_LABELS } from "@caihong/contracts/constants";
import type { I18n } from "../i18n/i18n";

/** A grid level's name in the current language (街道, 处置网格, …); the bare number for a level the catalog does not know. */
export function gridLevelLabel(level: number, label: I18n["label"]): string {
  const names = GRID_LEVEL_LABELS[level];
  return names ? label(names) : String(level);
}
