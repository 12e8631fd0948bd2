import { z } from "zod";
import { zPage, zTimestamp, ZPageQuery } from "./common";
import { LIMITS } from "./limits";

/** One audit entry: who did what to which record, with before/after (personal data masked). */
export const ZAuditEntry = z.object({
  /** Entry id. */
  id: z.string(),
  /** When. */
  at: zTimestamp,
  /** Acting user id (null for the system or an unauthenticated attempt). */
  actorId: z.string().nullable(),
  /** Acting user's name, API key name or `system`. */
  actorLabel: z.string(),
  /** Action name, `<entity>.<verb>`, e.g. `user.create`, `user.phone.unmask`. */
  action: z.string(),
  /** Entity type. */
  entityType: z.string(),
  /** Entity id. */
  entityId: z.string().nullable(),
  /** State before the change (null for creates and reads). */
  before: z.unknown().nullable(),
  /** State after the change (null for deletes and reads). */
  after: z.unknown().nullable(),
  /** Request id of the HTTP request that caused it. */
  requestId: z.string().nullable(),
  /** Client address. */
  ip: z.string().nullable(),
});
export type TAuditEntry = z.infer<typeof ZAuditEntry>;

export const ZFindAuditQuery = ZPageQuery.extend({
  /** Action prefix, e.g. `user.` or `user.phone.unmask`. */
  action: z.string().trim().max(LIMITS.search.max).optional(),
  /** Acting user id. */
  actorId: z.uuid().optional(),
  /** Entity type. */
  entityType: z.string().trim().max(60).optional(),
  /** Entity id. */
  entityId: z.string().trim().max(100).optional(),
  /** From (inclusive), ISO 8601. */
  from: z.iso.datetime({ offset: true }).optional(),
  /** To (exclusive), ISO 8601. */
  to: z.iso.datetime({ offset: true }).optional(),
});

export const ZAuditPage = zPage(ZAuditEntry);
