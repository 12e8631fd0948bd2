import L from "leaflet";
import "leaflet/dist/leaflet.css";
import { useEffect, useRef } from "react";
import type { TGridMapFeature, TMapSettings } from "../../api/grids.api";
import { GRID_LEVEL, isGridLevel } from "@caihong/domain/grids";
import { geometryOnBasemap, latLngOnBasemap, type LngLat } from "../map/basemap";
import { addLocatedMarker, useLeafletMap } from "../map/leaflet-map";
import { levelStyle } from "../map/map-styles";
import "../map/map.css";

/** A case drawn as a coloured circle (WGS84). */
export interface CaseMapPoint {
  id: string;
  lng: number;
  lat: number;
  color: string;
  /** First tooltip line (the case number). */
  title: string;
  /** Further tooltip lines (category, description). */
  lines: string[];
  /** `data-testid` of the circle. */
  testId: string;
}

interface CaseMapProps {
  settings: TMapSettings;
  /** Grid boundaries drawn under the cases (outlines only, not clickable). */
  grids: readonly TGridMapFeature[];
  points?: readonly CaseMapPoint[];
  onPointClick?: (id: string) => void;
  /** A single location to mark (WGS84) and centre on. */
  marker?: { lng: number; lat: number } | null;
  /** When given, a click on the map picks a point, in the basemap's coordinate system. */
  onPick?: (point: LngLat) => void;
  height: number | string;
  testId: string;
}

const MARKER_ZOOM = 16;

/** Tooltip content built from text nodes (descriptions are data, never markup). */
function textElement(title: string, lines: readonly string[]): HTMLElement {
  const element = document.createElement("div");
  const strong = document.createElement("strong");
  strong.textContent = title;
  element.append(strong);
  for (const line of lines) {
    const div = document.createElement("div");
    div.style.maxWidth = "260px";
    div.style.whiteSpace = "normal";
    div.textContent = line;
    element.append(div);
  }
  return element;
}

/**
 * Open cases (or one case's location) over the grid boundaries: plain Leaflet with no tiles unless
 * the deployment configures some, as on the grid map. Points arrive in WGS84 and are shifted onto a
 * GCJ-02 / BD-09 basemap like the grid geometry.
 */
export function CaseMap({ settings, grids, points = [], onPointClick, marker, onPick, height, testId }: CaseMapProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const handlersRef = useRef({ onPointClick });
  handlersRef.current = { onPointClick };
  const { mapRef, hasFittedRef } = useLeafletMap(containerRef, settings, (point) => onPick?.(point), Boolean(onPick));

  // Grid outlines, finest first so coarser ones draw on top.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || grids.length === 0) return;
    const sorted = [...grids].sort((a, b) => b.properties.level - a.properties.level);
    const layer = L.geoJSON(
      { type: "FeatureCollection", features: sorted.map((feature) => ({ ...feature, geometry: geometryOnBasemap(feature.geometry, settings.tileCrs) })) } as GeoJSON.FeatureCollection,
      {
        interactive: false,
        style: (feature) => {
          const level = (feature?.properties as { level?: number } | undefined)?.level ?? GRID_LEVEL.micro;
          return levelStyle(isGridLevel(level) ? level : GRID_LEVEL.micro, false);
        },
      },
    ).addTo(map);
    layer.bringToBack();
    if (!hasFittedRef.current && !marker) {
      const bounds = layer.getBounds();
      if (bounds.isValid()) {
        map.fitBounds(bounds, { padding: [16, 16], animate: false });
        hasFittedRef.current = true;
      }
    }
    return () => {
      layer.remove();
    };
    // The marker only decides the first view; it is handled by its own effect.
  }, [grids, settings.tileCrs]);

  // Case points.
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const group = L.featureGroup();
    for (const point of points) {
      const circle = L.circleMarker(latLngOnBasemap(point.lng, point.lat, settings.tileCrs), { radius: 7, color: "#ffffff", weight: 2, fillColor: point.color, fillOpacity: 0.95 });
      circle.bindTooltip(textElement(point.title, point.lines), { direction: "top", offset: [0, -6] });
      circle.on("click", () => handlersRef.current.onPointClick?.(point.id));
      circle.on("add", () => circle.getElement()?.setAttribute("data-testid", point.testId));
      group.addLayer(circle);
    }
    group.addTo(map);
    return () => {
      group.remove();
    };
  }, [points, settings.tileCrs]);

  // The single located point, centred.
  const markerLng = marker?.lng;
  const markerLat = marker?.lat;
  useEffect(() => {
    const map = mapRef.current;
    if (!map || markerLng === undefined || markerLat === undefined) return;
    const circle = addLocatedMarker(map, { lng: markerLng, lat: markerLat }, settings.tileCrs, `${testId}-marker`);
    map.setView(circle.getLatLng(), Math.max(map.getZoom(), MARKER_ZOOM), { animate: false });
    hasFittedRef.current = true;
    return () => {
      circle.remove();
    };
  }, [markerLng, markerLat, settings.tileCrs, testId]);

  return (
    // Own stacking context: Leaflet's panes (z-index 400–1000) must not paint over the sticky page header.
    <div style={{ height, width: "100%", isolation: "isolate" }}>
      <div ref={containerRef} className="caihong-map" data-testid={testId} />
    </div>
  );
}
