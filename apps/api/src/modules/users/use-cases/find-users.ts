import type { TUser, ZFindUsersQuery } from "@caihong/contracts";
import type { z } from "zod";
import type { ActorContext } from "../../../lib/context";
import { AppError } from "../../../lib/errors";
import { decodeCursor, toPage } from "../../../lib/pagination";
import { assertInScope, authorize } from "../../../lib/policy";
import { userLocation } from "../users.policy";
import { presentUser, toCsv, userCsvLines } from "../users.presenter";
import { findUserById, findUserByUsername as queryUserByUsername, findUsers as queryUsers } from "../users.repository";

const PHONE = /^1[3-9]\d{9}$/;
/** The most rows an export writes. */
const EXPORT_MAX = 10_000;

/** A page of users inside the caller's users.read scope. */
export async function findUsers(ctx: ActorContext, query: z.infer<typeof ZFindUsersQuery>) {
  const scope = authorize(ctx.actor, "users.read");
  const after = decodeCursor(query.cursor, 2);
  const rows = await queryUsers(ctx.database, ctx.actor.tenantId, scope, {
    q: query.q,
    phoneHash: query.q && PHONE.test(query.q) ? ctx.pd.hash("phone", query.q) : undefined,
    status: query.status,
    roleId: query.roleId,
    after: after ? { createdAt: after[0]!, id: after[1]! } : undefined,
    limit: query.limit,
  });
  return toPage(rows, query.limit, (r) => presentUser(r, ctx.pd, ctx.locale), (r) => [r.createdAt.toISOString(), r.id]);
}

/** Every user matching the filters (up to 10,000), as CSV for Excel (UTF-8 with BOM). */
export async function exportUsersCsv(ctx: ActorContext, query: z.infer<typeof ZFindUsersQuery>): Promise<string> {
  authorize(ctx.actor, "users.read");
  const items: TUser[] = [];
  let cursor: string | undefined;
  do {
    const page = await findUsers(ctx, { ...query, limit: 200, cursor });
    items.push(...page.items);
    cursor = page.nextCursor ?? undefined;
  } while (cursor && items.length < EXPORT_MAX);
  return toCsv(userCsvLines(items, ctx.locale));
}

/** One user; 404 when absent, 403 when outside the caller's scope. */
export async function getUser(ctx: ActorContext, id: string): Promise<TUser> {
  const scope = authorize(ctx.actor, "users.read");
  const row = await findUserById(ctx.db, ctx.actor.tenantId, id);
  if (!row) throw new AppError("NOT_FOUND");
  assertInScope(scope, userLocation(row));
  return presentUser(row, ctx.pd, ctx.locale);
}

/** The user with this login name (trimmed, case-insensitive), or null; FORBIDDEN outside the caller's scope. */
export async function findUserByUsername(ctx: ActorContext, username: string): Promise<TUser | null> {
  const scope = authorize(ctx.actor, "users.read");
  const row = await queryUserByUsername(ctx.db, ctx.actor.tenantId, username.trim().toLowerCase());
  if (!row) return null;
  assertInScope(scope, userLocation(row));
  return presentUser(row, ctx.pd, ctx.locale);
}
