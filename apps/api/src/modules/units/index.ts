/** Units in the area (驻区单位). */
export { unitsRoutes } from "./units.routes";
export { findUnitName, unitNameOf } from "./units.repository";
