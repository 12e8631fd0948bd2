/** Units in the area (驻区单位): credit code, location → micro grid, 两新党组织, contacts. */
export { unitsRoutes } from "./units.routes";
// What other modules need of units: their names on cases, their count on the grid card.
export { countUnitsUnder, findUnitName, unitNameOf } from "./units.repository";
