import type { TMembership, TPartyOrg } from "@caihong/contracts";
import type { z } from "zod";
import type { ZCreateMembershipRequest, ZCreatePartyOrgRequest, ZEndMembershipRequest, ZFindPartyOrgsQuery, ZPartyOrgDetail, ZUpdatePartyOrgRequest } from "@caihong/contracts";
import { api, apiUrl } from "./client";
import type { Page } from "./types";

export type TPartyOrgDetail = z.infer<typeof ZPartyOrgDetail>;
export type TCreatePartyOrgRequest = z.input<typeof ZCreatePartyOrgRequest>;
export type TUpdatePartyOrgRequest = z.input<typeof ZUpdatePartyOrgRequest>;
export type TCreateMembershipRequest = z.input<typeof ZCreateMembershipRequest>;
export type TEndMembershipRequest = z.input<typeof ZEndMembershipRequest>;
/** Filters of the organisation list (without paging). */
export type TPartyOrgFilters = Omit<z.input<typeof ZFindPartyOrgsQuery>, "limit" | "cursor">;

/** One page of party organisations matching the filters. */
export function findPartyOrgs(filters: TPartyOrgFilters, cursor?: string, limit = 20): Promise<Page<TPartyOrg>> {
  return api("/party-orgs", { query: { ...filters, cursor, limit } });
}

/** Address of the Excel export of the filtered list (a plain GET the browser downloads). */
export function partyOrgsExportUrl(filters: TPartyOrgFilters): string {
  return apiUrl("/party-orgs/export.xlsx", { ...filters });
}

export function getPartyOrg(id: string): Promise<TPartyOrgDetail> {
  return api(`/party-orgs/${id}`);
}

/** 409 ALREADY_EXISTS when the grid already has an organisation. */
export function createPartyOrg(body: TCreatePartyOrgRequest): Promise<TPartyOrgDetail> {
  return api("/party-orgs", { method: "POST", body });
}

export function updatePartyOrg(id: string, body: TUpdatePartyOrgRequest): Promise<TPartyOrgDetail> {
  return api(`/party-orgs/${id}`, { method: "PATCH", body });
}

export function addMembership(orgId: string, body: TCreateMembershipRequest): Promise<TMembership> {
  return api(`/party-orgs/${orgId}/memberships`, { method: "POST", body });
}

/** Ends a membership on a date (transfer out, term over). */
export function endMembership(id: string, body: TEndMembershipRequest): Promise<TMembership> {
  return api(`/party-memberships/${id}/end`, { method: "POST", body });
}
