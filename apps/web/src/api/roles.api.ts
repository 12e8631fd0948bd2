import type { TRole } from "@caihong/contracts";
import { api } from "./client";
import type { TCreateRoleRequest, TUpdateRoleRequest } from "./types";

export function listRoles(): Promise<{ items: TRole[] }> {
  return api("/roles");
}

export function createRole(body: TCreateRoleRequest): Promise<TRole> {
  return api("/roles", { method: "POST", body });
}

export function updateRole(id: string, body: TUpdateRoleRequest): Promise<TRole> {
  return api(`/roles/${id}`, { method: "PATCH", body });
}

export function deleteRole(id: string): Promise<void> {
  return api(`/roles/${id}`, { method: "DELETE" });
}
