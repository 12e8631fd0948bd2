import type { TUnit } from "@caihong/contracts";
import type { z } from "zod";
import type { ZCreateUnitRequest, ZFindUnitsQuery, ZUnitDetail, ZUpdateUnitRequest } from "@caihong/contracts";
import { api, apiUrl } from "./client";
import type { Page } from "./types";

export type TUnitDetail = z.infer<typeof ZUnitDetail>;
export type TCreateUnitRequest = z.input<typeof ZCreateUnitRequest>;
export type TUpdateUnitRequest = z.input<typeof ZUpdateUnitRequest>;
/** Filters of the unit list (without paging). */
export type TUnitFilters = Omit<z.input<typeof ZFindUnitsQuery>, "limit" | "cursor">;
/** Full contact phones of a unit (audited read). */
export interface TUnitPersonalData {
  contacts: { id: string; phone: string | null }[];
}

/** One page of units matching the filters. */
export function findUnits(filters: TUnitFilters, cursor?: string, limit = 20): Promise<Page<TUnit>> {
  return api("/units", { query: { ...filters, cursor, limit } });
}

/** Address of the Excel export of the filtered unit list. */
export function unitsExportUrl(filters: TUnitFilters): string {
  return apiUrl("/units/export.xlsx", { ...filters });
}

export function getUnit(id: string): Promise<TUnitDetail> {
  return api(`/units/${id}`);
}

/** The server converts the location to WGS84 and locates its micro grid unless gridId overrides. */
export function createUnit(body: TCreateUnitRequest): Promise<TUnitDetail> {
  return api("/units", { method: "POST", body });
}

export function updateUnit(id: string, body: TUpdateUnitRequest): Promise<TUnitDetail> {
  return api(`/units/${id}`, { method: "PATCH", body });
}

/** Full contact phones (needs personal.unmask; the server audits this read). */
export function revealUnitContacts(id: string): Promise<TUnitPersonalData> {
  return api(`/units/${id}/personal-data`);
}

