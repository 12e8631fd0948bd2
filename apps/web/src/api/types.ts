// Request/response types the contracts package defines as schemas but does not name as types.
// Type-only imports: nothing from zod reaches the bundle.
import type { z } from "zod";
import type {
  ZApiKey,
  ZAuditPage,
  ZCreateApiKeyRequest,
  ZCreatedApiKey,
  ZCreateRoleRequest,
  ZFindAuditQuery,
  ZFindUsersQuery,
  ZRegisterRequest,
  ZRequestCodeResponse,
  ZRoleAssignment,
  ZUpdateRoleRequest,
  ZUpdateUserRequest,
  ZUserPage,
  ZUserPersonalData,
  ZSessionRole,
} from "@caihong/contracts";

export type TApiKey = z.infer<typeof ZApiKey>;
export type TCreatedApiKey = z.infer<typeof ZCreatedApiKey>;
export type TCreateApiKeyRequest = z.input<typeof ZCreateApiKeyRequest>;
export type TCreateRoleRequest = z.input<typeof ZCreateRoleRequest>;
export type TUpdateRoleRequest = z.input<typeof ZUpdateRoleRequest>;
export type TUpdateUserRequest = z.input<typeof ZUpdateUserRequest>;
export type TRegisterRequest = z.input<typeof ZRegisterRequest>;
export type TRequestCodeResponse = z.infer<typeof ZRequestCodeResponse>;
export type TRoleAssignment = z.infer<typeof ZRoleAssignment>;
export type TSessionRole = z.infer<typeof ZSessionRole>;
export type TUserPage = z.infer<typeof ZUserPage>;
export type TAuditPage = z.infer<typeof ZAuditPage>;
export type TUserPersonalData = z.infer<typeof ZUserPersonalData>;
/** Filters of the user list (without paging). */
export type TUserFilters = Omit<z.input<typeof ZFindUsersQuery>, "limit" | "cursor">;
/** Filters of the audit log (without paging). */
export type TAuditFilters = Omit<z.input<typeof ZFindAuditQuery>, "limit" | "cursor">;

/** One page of a cursor-paginated list. */
export interface Page<T> {
  items: T[];
  nextCursor: string | null;
}
