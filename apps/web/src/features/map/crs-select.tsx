// Type only: the values would bring gcoord into every form with a coordinate system picker.
import type { Crs } from "@caihong/domain/geo/coords";
import { Select } from "antd";
import { useI18n, type MessageKey } from "../../i18n/i18n";

/** Each coordinate system with where it comes from, in the domain's order. */
const CRS_NAMES: Record<Crs, MessageKey> = {
  wgs84: "map.locate.crs.wgs84",
  gcj02: "map.locate.crs.gcj02",
  bd09: "map.locate.crs.bd09",
};

/** The coordinate system of a typed point (inside a Form.Item): WGS84, GCJ-02 or BD-09, with where each comes from. */
export function CrsSelect({ value, onChange, testId, id }: { value?: Crs; onChange?: (value: Crs) => void; testId: string; id?: string }) {
  const { t } = useI18n();
  // Named "坐标系" whether or not its Form.Item shows a label (the unit form's does not).
  return <Select<Crs> id={id} aria-label={t("map.locate.crs")} value={value} onChange={onChange} options={(Object.keys(CRS_NAMES) as Crs[]).map((crs) => ({ value: crs, label: t(CRS_NAMES[crs]) }))} data-testid={testId} />;
}
