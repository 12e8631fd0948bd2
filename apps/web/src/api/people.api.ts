import type { TPerson } from "@caihong/contracts";
import type { z } from "zod";
import type {
  ZCreatePersonRequest,
  ZCreateStaffAssignmentRequest,
  ZEndStaffAssignmentRequest,
  ZFindPeopleQuery,
  ZFindStaffQuery,
  ZPersonDetail,
  ZPersonPersonalData,
  ZStaffAssignment,
  ZUpdatePersonRequest,
} from "@caihong/contracts";
import { api, apiUrl } from "./client";
import type { Page } from "./types";

export type TPersonDetail = z.infer<typeof ZPersonDetail>;
export type TPersonPersonalData = z.infer<typeof ZPersonPersonalData>;
export type TStaffAssignment = z.infer<typeof ZStaffAssignment>;
export type TCreatePersonRequest = z.input<typeof ZCreatePersonRequest>;
export type TUpdatePersonRequest = z.input<typeof ZUpdatePersonRequest>;
export type TCreateStaffAssignmentRequest = z.input<typeof ZCreateStaffAssignmentRequest>;
export type TEndStaffAssignmentRequest = z.input<typeof ZEndStaffAssignmentRequest>;
/** Filters of the people list (without paging). */
export type TPeopleFilters = Omit<z.input<typeof ZFindPeopleQuery>, "limit" | "cursor">;
/** Filters of the staff-assignment list (without paging). */
export type TStaffFilters = Omit<z.input<typeof ZFindStaffQuery>, "limit" | "cursor">;

/** One page of people matching the filters. */
export function findPeople(filters: TPeopleFilters, cursor?: string, limit = 20): Promise<Page<TPerson>> {
  return api("/people", { query: { ...filters, cursor, limit } });
}

/** Address of the Excel export of the filtered people list. */
export function peopleExportUrl(filters: TPeopleFilters): string {
  return apiUrl("/people/export.xlsx", { ...filters });
}

export function getPerson(id: string): Promise<TPersonDetail> {
  return api(`/people/${id}`);
}

export function createPerson(body: TCreatePersonRequest): Promise<TPersonDetail> {
  return api("/people", { method: "POST", body });
}

export function updatePerson(id: string, body: TUpdatePersonRequest): Promise<TPersonDetail> {
  return api(`/people/${id}`, { method: "PATCH", body });
}

/** Full phone and ID number (needs personal.unmask; the server audits this read). */
export function revealPersonData(id: string): Promise<TPersonPersonalData> {
  return api(`/people/${id}/personal-data`);
}

/** One page of staff assignments (current only unless includeEnded). */
export function findStaffAssignments(filters: TStaffFilters, cursor?: string, limit = 20): Promise<Page<TStaffAssignment>> {
  return api("/staff-assignments", { query: { ...filters, cursor, limit } });
}

/** Address of the Excel export of the filtered staff assignments. */
export function staffExportUrl(filters: TStaffFilters): string {
  return apiUrl("/staff-assignments/export.xlsx", { ...filters });
}

/** Assigns a post; while current it grants the person's linked account the post's role and scope. */
export function createStaffAssignment(body: TCreateStaffAssignmentRequest): Promise<TStaffAssignment> {
  return api("/staff-assignments", { method: "POST", body });
}

export function endStaffAssignment(id: string, body: TEndStaffAssignmentRequest): Promise<TStaffAssignment> {
  return api(`/staff-assignments/${id}/end`, { method: "POST", body });
}
