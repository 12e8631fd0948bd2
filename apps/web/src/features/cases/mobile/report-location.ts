import type { Crs } from "@caihong/domain/geo/coords";

/** A point as the reporter gave it: the coordinate system travels with it and the server converts. */
export interface ReportLocation {
  lng: number;
  lat: number;
  crs: Crs;
}
