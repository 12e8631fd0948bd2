/** The four-level grid tree: boundaries and history, attribute edits, import/export, topology and point lookup. */
export { gridsRoutes } from "./grids.routes";
export { GridLocator } from "./grids.locator";
// For the seed: the geometry columns of a boundary, and the one way to add a grid below another.
export { geometryColumns, insertChildGrid, nextChildCode } from "./grids.repository";
export { GRID_CODE_DIGITS, typesOfLevel } from "./grids.policy";
// Use cases the command line runs with the system actor (caihong grids, caihong locate, caihong user add --grid).
export { exportGridsGeoJson, exportGridsXlsx } from "./use-cases/export-grids";
export { findGrids } from "./use-cases/find-grids";
export { importGridsGeoJson } from "./use-cases/import-grid-features";
export { importGridsXlsx } from "./use-cases/import-grid-workbook";
export type { GridImportOptions, GridImportResult } from "./use-cases/run-grid-import";
export { locatePoint } from "./use-cases/locate-point";
