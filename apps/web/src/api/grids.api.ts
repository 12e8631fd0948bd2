import type { TGridDetail, TGridFeatureCollection, TGridGeometry, TGridNode, TPartyOrg } from "@caihong/contracts";
import type { z } from "zod";
import type {
  ZConsistencyProblem,
  ZConsistencyReport,
  ZGridImportResult,
  ZGridProblem,
  ZGridSummary,
  ZLocateResult,
  ZTopologyReport,
  ZUpdateGridRequest,
} from "@caihong/contracts";
import type { TCrs } from "@caihong/contracts/constants";
import { api, apiUrl, isApiError } from "./client";

export type { TCrs };

export type TGridSummary = z.infer<typeof ZGridSummary>;
export type TLocateResult = z.infer<typeof ZLocateResult>;
export type TTopologyReport = z.infer<typeof ZTopologyReport>;
export type TGridProblem = z.infer<typeof ZGridProblem>;
export type TGridImportResult = z.infer<typeof ZGridImportResult>;
export type TUpdateGridRequest = z.input<typeof ZUpdateGridRequest>;
export type TConsistencyReport = z.infer<typeof ZConsistencyReport>;
export type TConsistencyProblem = z.infer<typeof ZConsistencyProblem>;

/** Properties of one feature of GET /grids/map.geojson. */
export interface TGridMapProperties {
  id: string;
  code: string;
  name: string;
  level: number;
  type: string;
  parentCode: string | null;
  parentId: string | null;
  organisationName: string | null;
}

/** One current grid in scope with its boundary (WGS84); `id` is the grid id. */
export interface TGridMapFeature {
  type: "Feature";
  id: string;
  properties: TGridMapProperties;
  geometry: TGridGeometry;
}

export interface TGridMapCollection {
  type: "FeatureCollection";
  features: TGridMapFeature[];
}

/** Basemap settings: no tile URL means GeoJSON layers on a plain background. */
export interface TMapSettings {
  tileUrl: string | null;
  tileCrs: TCrs;
  attribution: string | null;
}

export function listGrids(): Promise<{ items: TGridNode[] }> {
  return api("/grids");
}

/** Grid counts per level within the caller's scope. */
export function getGridSummary(): Promise<TGridSummary> {
  return api("/grids/summary");
}

/** Current grids in scope as GeoJSON, optionally one level only. */
export function getGridMap(level?: number): Promise<TGridMapCollection> {
  return api("/grids/map.geojson", { query: { level } });
}

/** Every current grid boundary without signing in (the public report page's map). */
export function getPublicGridMap(level?: number): Promise<TGridMapCollection> {
  return api("/public/grids/map.geojson", { query: { level } });
}

/** The basemap for pages that need no sign-in. */
export function getPublicMapSettings(): Promise<TMapSettings> {
  return api("/public/settings/map");
}

export function getGrid(id: string): Promise<TGridDetail> {
  return api(`/grids/${id}`);
}

/** Attribute edit; 409 VERSION_CONFLICT when someone saved first. */
export function updateGrid(id: string, body: TUpdateGridRequest): Promise<TGridDetail> {
  return api(`/grids/${id}`, { method: "PATCH", body });
}

/** "Which grid is this?" for a point in any of the three coordinate systems. */
export function locateGrid(lng: number, lat: number, crs: TCrs): Promise<TLocateResult> {
  return api("/grids/locate", { query: { lng, lat, crs } });
}

export function getTopologyReport(): Promise<TTopologyReport> {
  return api("/grids/topology");
}

const NO_TILES: TMapSettings = { tileUrl: null, tileCrs: "wgs84", attribution: null };

/** The configured basemap; a server without the settings route means no tiles. */
export async function getMapSettings(): Promise<TMapSettings> {
  try {
    return await api<TMapSettings>("/settings/map");
  } catch (err) {
    if (isApiError(err, "ROUTE_NOT_FOUND", "NOT_FOUND")) return NO_TILES;
    throw err;
  }
}

/** Download addresses of the exports (plain GETs the browser saves). */
export const GRID_EXPORT_URLS = {
  geojson: apiUrl("/grids/export.geojson"),
  xlsx: apiUrl("/grids/export.xlsx"),
} as const;

/** Imports boundaries and attributes; any problem gives 422 with `problems` and writes nothing. */
export function importGridsGeoJson(body: TGridFeatureCollection, dryRun: boolean): Promise<TGridImportResult> {
  return api("/grids/import", { method: "POST", body, query: { dryRun } });
}

const XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet";

/** Updates attributes by 编码 from a workbook; 422 with `problems` naming rows. */
export function importGridsXlsx(file: Blob, dryRun: boolean): Promise<TGridImportResult> {
  return api("/grids/import.xlsx", { method: "POST", rawBody: file, contentType: XLSX_TYPE, query: { dryRun } });
}

/** Every party organisation in scope, unpaged (for the grid ↔ organisation tree). */
export function getPartyOrgTree(): Promise<{ items: TPartyOrg[] }> {
  return api("/party-orgs/tree");
}

/** Violations of "one organisation per grid, one grid per organisation". */
export function getConsistencyReport(): Promise<TConsistencyReport> {
  return api("/party-orgs/consistency");
}

/** The `problems` member of a 422 import answer, or null for any other failure. */
export function importProblems(error: unknown): TGridProblem[] | null {
  if (!isApiError(error) || error.status !== 422) return null;
  const problems = (error.problem as { problems?: unknown }).problems;
  return Array.isArray(problems) ? (problems as TGridProblem[]) : null;
}
