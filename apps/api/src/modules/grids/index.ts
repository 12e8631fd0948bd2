/** The four-level grid tree, its boundaries, import/export, topology and point lookup. */
export { gridsRoutes } from "./grids.routes";
export { GridLocator } from "./grids.locator";
export { geometryColumns } from "./grids.repository";
