import type { ZFindAuditQuery } from "@caihong/contracts";
import type { z } from "zod";
import type { ActorContext } from "../../../lib/context";
import { decodeCursor, toPage } from "../../../lib/pagination";
import { authorize } from "../../../lib/policy";
import { presentAuditEntry } from "../audit.presenter";
import { findAuditEntries as queryAuditEntries } from "../audit.repository";

/**
 * Searches the audit log, newest first. Scope follows the grid of the affected record; an
 * `own` scope sees the entries the holder caused.
 */
export async function findAuditEntries(ctx: ActorContext, query: z.infer<typeof ZFindAuditQuery>) {
  const scope = authorize(ctx.actor, "audit.read");
  const after = decodeCursor(query.cursor, 2);
  const rows = await queryAuditEntries(ctx.db, ctx.tenantId, scope, { ...query, after: after ? { at: after[0]!, seq: after[1]! } : undefined });
  return toPage(rows, query.limit, presentAuditEntry, (r) => [r.at.toISOString(), r.seq]);
}
