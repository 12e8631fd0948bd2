/** Open311 GeoReport v2 at /open311/v2. */
export { open311Routes } from "./open311.routes";
