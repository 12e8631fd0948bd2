import type { Crs } from "@caihong/domain/geo/coords";
import L from "leaflet";
import { useEffect, useRef, type RefObject } from "react";
import type { TMapSettings } from "../../api/grids.api";
import { latLngOnBasemap, type LngLat } from "./basemap";

const SHANGHAI_HONGQIAO: L.LatLngExpression = [31.195, 121.32];

/**
 * A plain Leaflet map in the container, made again only when the basemap changes: tiles when the
 * deployment names some, clicks handed to `onClick` in the basemap's coordinate system (read
 * through a ref, so a new handler does not rebuild the map), the size followed, and
 * `data-moving` on the container while it pans or zooms (journeys wait for `"false"` instead of
 * sleeping through animations). `hasFittedRef` says the first view was set; it resets with the map.
 */
export function useLeafletMap(containerRef: RefObject<HTMLDivElement | null>, settings: TMapSettings, onClick: (point: LngLat) => void, isPicking: boolean) {
  const mapRef = useRef<L.Map | null>(null);
  const hasFittedRef = useRef(false);
  const onClickRef = useRef(onClick);
  onClickRef.current = onClick;

  useEffect(() => {
    const container = containerRef.current;
    if (!container) return;
    const map = L.map(container, { center: SHANGHAI_HONGQIAO, zoom: 13, zoomSnap: 0.25, attributionControl: Boolean(settings.tileUrl) });
    if (settings.tileUrl) L.tileLayer(settings.tileUrl, { attribution: settings.attribution ?? "", maxZoom: 19 }).addTo(map);
    container.dataset.moving = "false";
    map.on("movestart zoomstart", () => (container.dataset.moving = "true"));
    map.on("moveend zoomend", () => (container.dataset.moving = "false"));
    map.on("click", (event: L.LeafletMouseEvent) => onClickRef.current([event.latlng.lng, event.latlng.lat]));
    mapRef.current = map;
    const observer = new ResizeObserver(() => map.invalidateSize());
    observer.observe(container);
    return () => {
      observer.disconnect();
      map.remove();
      mapRef.current = null;
      hasFittedRef.current = false;
    };
  }, [containerRef, settings.tileUrl, settings.attribution]);

  // Leaflet adds its own classes to the container: toggle ours without React rewriting className.
  useEffect(() => {
    containerRef.current?.classList.toggle("caihong-map-picking", isPicking);
  }, [containerRef, isPicking]);

  return { mapRef, hasFittedRef };
}

/** The orange dot of a located point (WGS84) on a basemap in `crs`, with its `data-testid`; remove it to take it off. */
export function addLocatedMarker(map: L.Map, point: { lng: number; lat: number }, crs: Crs, testId: string): L.CircleMarker {
  const circle = L.circleMarker(latLngOnBasemap(point.lng, point.lat, crs), { radius: 8, color: "#ffffff", weight: 3, fillColor: "#fa541c", fillOpacity: 1, interactive: false }).addTo(map);
  circle.getElement()?.setAttribute("data-testid", testId);
  return circle;
}
