import { api } from "./client";
import type { TApiKey, TCreateApiKeyRequest, TCreatedApiKey } from "./types";

export function listApiKeys(): Promise<{ items: TApiKey[] }> {
  return api("/api-keys");
}

/** Creates a key; the response carries the secret, shown once. */
export function createApiKey(body: TCreateApiKeyRequest): Promise<TCreatedApiKey> {
  return api("/api-keys", { method: "POST", body });
}

export function revokeApiKey(id: string): Promise<void> {
  return api(`/api-keys/${id}`, { method: "DELETE" });
}
