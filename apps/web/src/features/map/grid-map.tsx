import L from "leaflet";
import "leaflet/dist/leaflet.css";
import { useEffect, useLayoutEffect, useRef } from "react";
import type { TGridMapFeature, TMapSettings } from "../../api/grids.api";
import { GRID_LEVEL, GRID_LEVELS, type GridLevel } from "@caihong/domain/grids";
import { geometryOnBasemap, latLngOnBasemap, type LngLat } from "./basemap";
import { addLocatedMarker, useLeafletMap } from "./leaflet-map";
import { interactiveLevel, levelStyle, SELECTED_STYLE } from "./map-styles";
import "./map.css";

/**
 * Ask the map to zoom to a grid, or to show a point together with the whole area (a point found
 * outside it); `seq` makes a repeated request for the same target count.
 */
export type FocusRequest = { kind: "grid"; id: string; seq: number } | { kind: "point"; lng: number; lat: number; seq: number };

/** Room (px) taken by panels floating over the map's left and right edges, kept clear when zooming. */
export interface OverlayInsets {
  left: number;
  right: number;
}

interface GridMapProps {
  features: readonly TGridMapFeature[];
  settings: TMapSettings;
  visibleLevels: readonly GridLevel[];
  selectedId: string | null;
  focus: FocusRequest | null;
  insets: OverlayInsets;
  /** A located point (WGS84) to mark, or null. */
  marker: { lng: number; lat: number } | null;
  /** True while "which grid is this?" waits for a click on the map. */
  isPicking: boolean;
  onSelect: (id: string) => void;
  /** A click while picking, in the basemap's coordinate system. */
  onPick: (point: LngLat) => void;
}

function toLatLngBounds(feature: TGridMapFeature, settings: TMapSettings): L.LatLngBounds {
  const shifted: GeoJSON.Feature = { type: "Feature", properties: {}, geometry: geometryOnBasemap(feature.geometry, settings.tileCrs) };
  return L.geoJSON(shifted).getBounds();
}

/** Bounds of every grid, as drawn. */
function areaBounds(features: readonly TGridMapFeature[], settings: TMapSettings): L.LatLngBounds {
  const bounds = L.latLngBounds([]);
  for (const feature of features) bounds.extend(toLatLngBounds(feature, settings));
  return bounds;
}

/** Tooltip content built from text nodes (grid names are data, never markup). */
function textElement(title: string, subtitle?: string): HTMLElement {
  const element = document.createElement("div");
  element.textContent = title;
  if (subtitle) {
    const small = document.createElement("div");
    small.style.opacity = "0.7";
    small.textContent = subtitle;
    element.append(small);
  }
  return element;
}

/**
 * The grid map: plain Leaflet in a div. One GeoJSON layer per level (redrawn when the data, the
 * basemap or the visible levels change); geometry arrives in WGS84 and is shifted onto a GCJ-02 /
 * BD-09 basemap when tiles are configured in one of those. Each polygon's SVG path carries
 * `data-testid="map-grid-<code>"` and `data-code` for the journeys.
 */
export function GridMap({ features, settings, visibleLevels, selectedId, focus, insets, marker, isPicking, onSelect, onPick }: GridMapProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const layersRef = useRef(new Map<string, { layer: L.Path; level: GridLevel; isInteractive: boolean }>());
  // Handlers and mode are read through refs so the layers are not rebuilt when they change.
  const handlersRef = useRef({ onSelect, isPicking });
  handlersRef.current = { onSelect, isPicking };
  const { mapRef, hasFittedRef } = useLeafletMap(
    containerRef,
    settings,
    (point) => {
      if (isPicking) onPick(point);
    },
    isPicking,
  );

  // The grid layers, finest level first so coarser outlines draw on top.
  useEffect(() => {
    const map = mapRef.current;
    if (!map) return;
    const active = interactiveLevel(visibleLevels);
    const groups: L.GeoJSON[] = [];
    const layers = layersRef.current;
    layers.clear();
    for (const level of [...GRID_LEVELS].reverse()) {
      if (!visibleLevels.includes(level)) continue;
      const isInteractive = level === active;
      const levelFeatures = features.filter((feature) => feature.properties.level === level);
      const group = L.geoJSON(
        {
          type: "FeatureCollection",
          features: levelFeatures.map((feature) => ({ ...feature, geometry: geometryOnBasemap(feature.geometry, settings.tileCrs) })),
        } as GeoJSON.FeatureCollection,
        {
          interactive: isInteractive,
          style: () => levelStyle(level, isInteractive),
          onEachFeature: (feature, layer) => {
            const { id, code, name } = (feature as unknown as TGridMapFeature).properties;
            const path = layer as L.Path;
            layers.set(id, { layer: path, level, isInteractive });
            // Leaflet makes a new SVG element each time a path is added: label it every time.
            path.on("add", () => {
              const element = path.getElement();
              element?.setAttribute("data-testid", `map-grid-${code}`);
              element?.setAttribute("data-code", code);
              element?.setAttribute("data-level", String(level));
            });
            if (level === GRID_LEVEL.disposal) path.bindTooltip(textElement(name), { permanent: true, direction: "center", className: "caihong-map-label" });
            else if (isInteractive) path.bindTooltip(textElement(name, code), { sticky: true, direction: "top", offset: [0, -8] });
            if (isInteractive) {
              path.on("click", () => {
                if (!handlersRef.current.isPicking) handlersRef.current.onSelect(id);
              });
            }
          },
        },
      );
      group.addTo(map);
      groups.push(group);
    }
    return () => {
      for (const group of groups) group.remove();
      layers.clear();
    };
  }, [features, settings.tileCrs, visibleLevels]);

  // Fit the whole area once the grids first arrive (no animation: the first picture is the area).
  useEffect(() => {
    const map = mapRef.current;
    if (!map || hasFittedRef.current || features.length === 0) return;
    const bounds = areaBounds(features, settings);
    if (bounds.isValid()) {
      map.fitBounds(bounds, { padding: [16, 16], animate: false });
      hasFittedRef.current = true;
    }
  }, [features, settings]);

  // Highlight the selected grid (and restore the one before).
  useEffect(() => {
    const entry = selectedId ? layersRef.current.get(selectedId) : undefined;
    if (!entry) return;
    entry.layer.setStyle(SELECTED_STYLE);
    entry.layer.bringToFront();
    return () => {
      entry.layer.setStyle(levelStyle(entry.level, entry.isInteractive));
    };
  }, [selectedId, features, visibleLevels]);

  // Zoom on request: to a grid (search, located point), or to the area and a point outside it.
  // Read the insets at request time only: panels opening later must not move the map.
  const insetsRef = useRef(insets);
  insetsRef.current = insets;
  useLayoutEffect(() => {
    const map = mapRef.current;
    if (!map || !focus) return;
    let bounds: L.LatLngBounds;
    if (focus.kind === "grid") {
      const feature = features.find((candidate) => candidate.id === focus.id);
      if (!feature) return;
      bounds = toLatLngBounds(feature, settings);
    } else {
      bounds = areaBounds(features, settings).extend(latLngOnBasemap(focus.lng, focus.lat, settings.tileCrs));
    }
    const { left, right } = insetsRef.current;
    // Flag the move now, in the same commit as the change that asked for it (Leaflet fires
    // movestart only on the next animation frame); moveend clears it, even for a zero move.
    map.getContainer().dataset.moving = "true";
    map.fitBounds(bounds, { paddingTopLeft: [left, 48], paddingBottomRight: [right, 48], maxZoom: 16 });
  }, [focus, features, settings]);

  // The located point.
  useEffect(() => {
    const map = mapRef.current;
    if (!map || !marker) return;
    const circle = addLocatedMarker(map, marker, settings.tileCrs, "map-locate-marker");
    return () => {
      circle.remove();
    };
  }, [marker, settings.tileCrs]);

  return <div ref={containerRef} className="caihong-map" data-testid="map-container" />;
}
