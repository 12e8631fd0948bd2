import { PERMISSIONS, type TLocale, type TPermission } from "@caihong/contracts";
import type { Grant } from "@caihong/domain";
import type { ActorContext, Deps } from "./context";

/**
 * Who is calling: a signed-in user, an API key, or the system itself (the command line, the case
 * clock), with the grants that decide scope.
 */
export interface Principal {
  kind: "user" | "apiKey" | "system";
  tenantId: string;
  /** The user (for API keys: the key's creator, for audit attribution; for the system: SYSTEM_USER_ID, no account). */
  userId: string;
  /** Name shown in the audit log. */
  label: string;
  locale: TLocale;
  /** Session id (hash) for cookie sessions; null for API keys and the system. */
  sessionId: string | null;
  /** CSRF token of the session; null for API keys and the system (no cookie, no CSRF). */
  csrfToken: string | null;
  apiKeyId: string | null;
  mustChangePassword: boolean;
  /** Union of all grants' permissions. */
  permissions: ReadonlySet<TPermission>;
  grants: Grant[];
}

/**
 * The user id of the system actor: no account has it, so a row that would point at it fails its
 * foreign key instead of naming someone. The audit log records the system with no actor id.
 */
export const SYSTEM_USER_ID = "00000000-0000-0000-0000-000000000000";

/**
 * The system as a caller: every permission with the all scope, for work no person starts in a
 * request (the command line, the case clock). `label` is what the audit log shows, e.g. `cli`.
 */
export function systemPrincipal(tenantId: string, label: string, locale: TLocale = "zh-CN"): Principal {
  const permissions = new Set<TPermission>(PERMISSIONS);
  return {
    kind: "system",
    tenantId,
    userId: SYSTEM_USER_ID,
    label,
    locale,
    sessionId: null,
    csrfToken: null,
    apiKeyId: null,
    mustChangePassword: false,
    permissions,
    grants: [{ permissions, scope: "all", gridId: null, gridPath: null }],
  };
}

/**
 * The context a use case receives when the system calls it: the app's dependencies, no request
 * (its id and address stay empty and the audit log records none), the system principal as actor.
 */
export function systemContext(deps: Deps, label: string, locale: TLocale = "zh-CN"): ActorContext {
  return { ...deps, requestId: "", ip: "", locale, userAgent: null, actor: systemPrincipal(deps.tenantId, label, locale) };
}
