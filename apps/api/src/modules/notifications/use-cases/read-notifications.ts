import type { ActorContext } from "../../../lib/context";
import { AppError } from "../../../lib/errors";
import { countUnread, findNotifications, isOwnNotification, markRead } from "../notifications.repository";
import { presentNotification } from "../notifications.presenter";

// Any signed-in caller reads and marks only their own notifications: the user id is the scope.

/** The caller's notifications, newest first, with the unread count. */
export async function listNotifications(ctx: ActorContext, q: { limit: number; cursor?: string; unread?: boolean }) {
  const me = ctx.actor.userId;
  const before = q.cursor ? new Date(Buffer.from(q.cursor, "base64url").toString()) : undefined;
  if (before && Number.isNaN(before.getTime())) throw new AppError("VALIDATION_FAILED", undefined, { errors: [{ path: "querystring.cursor", message: "cursor.invalid" }] });
  const rows = await findNotifications(ctx.db, ctx.tenantId, me, { unread: q.unread, before, limit: q.limit });
  const page = rows.slice(0, q.limit);
  return {
    items: page.map((n) => presentNotification(n, ctx.locale)),
    nextCursor: rows.length > q.limit ? Buffer.from(page.at(-1)!.createdAt.toISOString()).toString("base64url") : null,
    unread: await countUnread(ctx.db, ctx.tenantId, me),
  };
}

/** Marks one of the caller's notifications (or, with `id` null, all of them) read. */
export async function markNotificationsRead(ctx: ActorContext, id: string | null) {
  // Another user's notification is not there for the caller: 404, nothing marked.
  if (id && !(await isOwnNotification(ctx.db, ctx.tenantId, ctx.actor.userId, id))) throw new AppError("NOT_FOUND");
  await markRead(ctx.db, ctx.tenantId, ctx.actor.userId, id, ctx.clock());
  return { ok: true as const };
}
