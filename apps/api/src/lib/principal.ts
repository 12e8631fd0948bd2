import type { TLocale, TPermission } from "@caihong/contracts";
import type { Grant } from "@caihong/domain";

/** Who is calling: a signed-in user or an API key, with the grants that decide scope. */
export interface Principal {
  kind: "user" | "apiKey";
  tenantId: string;
  /** The user (for API keys: the key's creator, for audit attribution). */
  userId: string;
  /** Name shown in the audit log. */
  label: string;
  locale: TLocale;
  /** Session id (hash) for cookie sessions; null for API keys. */
  sessionId: string | null;
  /** CSRF token of the session; null for API keys (no cookie, no CSRF). */
  csrfToken: string | null;
  apiKeyId: string | null;
  mustChangePassword: boolean;
  /** Union of all grants' permissions. */
  permissions: ReadonlySet<TPermission>;
  grants: Grant[];
}
