import type { TCreateUserRequest, TUser } from "@caihong/contracts";
import { api, apiRaw } from "./client";
import type { Page, TUpdateUserRequest, TUserFilters, TUserPersonalData } from "./types";

/** One page of users matching the filters. */
export function findUsers(filters: TUserFilters, cursor?: string, limit = 20): Promise<Page<TUser>> {
  return api("/users", { query: { ...filters, cursor, limit } });
}

/** Downloads the filtered user list as CSV. */
export async function exportUsersCsv(filters: TUserFilters): Promise<{ blob: Blob; filename: string }> {
  const response = await apiRaw("/users/export.csv", { query: { ...filters } });
  const disposition = response.headers.get("Content-Disposition") ?? "";
  const match = /filename\*?=(?:UTF-8'')?"?([^";]+)"?/i.exec(disposition);
  return { blob: await response.blob(), filename: match?.[1] ? decodeURIComponent(match[1]) : "users.csv" };
}

export function getUser(id: string): Promise<TUser> {
  return api(`/users/${id}`);
}

export function createUser(body: TCreateUserRequest): Promise<TUser> {
  return api("/users", { method: "POST", body });
}

export function updateUser(id: string, body: TUpdateUserRequest): Promise<TUser> {
  return api(`/users/${id}`, { method: "PATCH", body });
}

export function setUserStatus(id: string, version: number, status: TUser["status"]): Promise<TUser> {
  return api(`/users/${id}/status`, { method: "POST", body: { version, status } });
}

/** Sets a temporary password the user must change at next sign-in. */
export function resetUserPassword(id: string, password: string): Promise<void> {
  return api(`/users/${id}/password`, { method: "POST", body: { password } });
}

/** Reveals the unmasked phone (the server audits this read). */
export function revealPersonalData(id: string): Promise<TUserPersonalData> {
  return api(`/users/${id}/personal-data`);
}
