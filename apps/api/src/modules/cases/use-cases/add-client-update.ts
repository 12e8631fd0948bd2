import { randomUUID } from "node:crypto";
import type { CaseRole } from "@caihong/domain";
import type { ActorContext } from "../../../lib/context";
import { AppError, msg } from "../../../lib/errors";
import { authorize } from "../../../lib/policy";
import type { Principal } from "../../../lib/principal";
import { findClientUpdate, findUpdatableCase } from "../published.repository";
import { applyStep } from "./take-step";

/** A citizen's update brought by an integration (Open311 POST servicerequestupdates). */
export interface ClientUpdate {
  /** The case's public id. */
  caseId: string;
  /** The client's own id of the update: a repeat with the same id is not recorded twice. */
  clientUpdateId: string | null;
  /** The status the citizen gave (e.g. FIXED): recorded in the step's facts, never applied. */
  status: string | null;
  text: string;
  /** When the citizen wrote it, if the client says. */
  at: Date | null;
  /** Photos already stored through the cases photo upload by the same caller. */
  photoIds: string[];
}

/**
 * Records a citizen's update as an internal remark (`comment`) on a case the key may follow (a
 * published case, or one it submitted), and returns the remark's id. The key is the remark's
 * author for this one action: the state machine lets a dispatcher or handler comment, and the
 * integration speaks for the citizen, not for either — so it is given that role for `comment`
 * only. The note stays internal until staff publish something of their own.
 */
export async function addClientUpdate(ctx: ActorContext, update: ClientUpdate): Promise<string> {
  authorize(ctx.actor, "cases.report");
  const apiKeyId = ctx.actor.apiKeyId;
  if (!apiKeyId) throw new AppError("FORBIDDEN", msg("只有 API 密钥可以提交居民补充", "Only an API key may bring a citizen's update"));
  const target = await findUpdatableCase(ctx.db, ctx.tenantId, update.caseId, apiKeyId);
  if (!target) throw new AppError("NOT_FOUND", msg(`请求 ${update.caseId} 不存在`, `service_request_id ${update.caseId} not found`));
  if (update.clientUpdateId) {
    const earlier = await findClientUpdate(ctx.db, ctx.tenantId, target.id, apiKeyId, update.clientUpdateId);
    if (earlier) return earlier;
  }
  // The key may not be able to read cases: the remark is written on the case found above.
  const author: Principal = {
    ...ctx.actor,
    permissions: new Set([...ctx.actor.permissions, "cases.read"]),
    grants: [...ctx.actor.grants, { permissions: new Set(["cases.read"]), scope: "all", gridId: null, gridPath: null }],
  };
  const eventId = randomUUID();
  const label = ctx.locale === "en" ? `${ctx.actor.label} (citizen update)` : `${ctx.actor.label}（居民补充）`;
  await applyStep(
    ctx,
    { actor: author, label, system: false, roles: new Set<CaseRole>(["dispatcher"]) },
    target.id,
    { action: "comment", version: target.version, note: update.text, photoIds: update.photoIds },
    { eventId, data: { open311: { apiKeyId, updateId: update.clientUpdateId, status: update.status, writtenAt: update.at?.toISOString() ?? null } } },
  );
  return eventId;
}
