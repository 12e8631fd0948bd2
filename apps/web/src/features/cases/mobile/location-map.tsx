import { Alert, Spin } from "antd";
import { useMemo } from "react";
import { getGridMap, getMapSettings, getPublicGridMap, getPublicMapSettings } from "../../../api/grids.api";
import { useRequest } from "../../../api/hooks";
import { useI18n } from "../../../i18n/i18n";
import { toWgs84 } from "@caihong/domain/geo/coords";
import { GRID_LEVEL, type GridLevel } from "@caihong/domain/grids";
import type { LngLat } from "../../map/basemap";
import { GridMap, type FocusRequest } from "../../map/grid-map";
import type { ReportLocation } from "./report-location";

/** The sub-district outline and the micro grids: the finest level takes the taps. */
const LEVELS: readonly GridLevel[] = [GRID_LEVEL.subdistrict, GRID_LEVEL.micro];
const NO_INSETS = { left: 0, right: 0 };
const noop = () => {};

interface LocationMapProps {
  /** The point to mark (any coordinate system). */
  value: ReportLocation | null;
  /** Given: a tap picks a point, in the basemap's coordinate system. */
  onPick?: (location: ReportLocation) => void;
  /** Zoom onto this grid (and outline it), e.g. the case's micro grid. */
  focusGridId?: string | null;
  height?: number;
  /** Use the public boundaries (callers without `grids.read`: residents, the public page). */
  isPublic?: boolean;
}

/**
 * A small map of the grids (the same Leaflet map as /map): tap to put the report's pin, or see
 * where a case is. Callers without `grids.read` (residents, the public page) get the public
 * boundaries. Loaded on its own chunk so Leaflet is fetched only when the map is shown.
 */
export default function LocationMap({ value, onPick, focusGridId = null, height = 220, isPublic = false }: LocationMapProps) {
  const { t } = useI18n();
  const settings = useRequest(() => (isPublic ? getPublicMapSettings() : getMapSettings()), [isPublic]);
  // Public: the outline and the micro grids only (the levels this map draws).
  const collection = useRequest(
    () => (isPublic ? Promise.all(LEVELS.map((level) => getPublicGridMap(level))).then((collections) => ({ ...collections[0]!, features: collections.flatMap((collection) => collection.features) })) : getGridMap()),
    [isPublic],
  );
  const marker = useMemo(() => {
    if (!value) return null;
    const [lng, lat] = toWgs84(value.lng, value.lat, value.crs);
    return { lng, lat };
  }, [value]);
  const focus = useMemo<FocusRequest | null>(() => (focusGridId ? { kind: "grid", id: focusGridId, seq: 1 } : null), [focusGridId]);

  if (settings.error || collection.error) return <Alert type="warning" showIcon title={t("mobile.location.mapFailed")} />;
  if (!settings.data || !collection.data) {
    return (
      <div style={{ height, display: "flex", alignItems: "center", justifyContent: "center" }}>
        <Spin />
      </div>
    );
  }
  const tileCrs = settings.data.tileCrs;
  return (
    <div style={{ height, position: "relative", zIndex: 0 }} data-testid="location-map">
      <GridMap
        features={collection.data.features}
        settings={settings.data}
        visibleLevels={LEVELS}
        selectedId={focusGridId}
        focus={focus}
        insets={NO_INSETS}
        marker={marker}
        isPicking={Boolean(onPick)}
        onSelect={noop}
        onPick={([lng, lat]: LngLat) => onPick?.({ lng, lat, crs: tileCrs })}
      />
    </div>
  );
}
