import { and, desc, eq, isNull, sql } from "drizzle-orm";
import type { Db } from "../../db/client";
import { notifications } from "./notifications.table";

export type NotificationRow = typeof notifications.$inferSelect;

/** A text in both languages. */
export type Bilingual = { "zh-CN": string; en: string };

/** One notification as the sender writes it. */
export interface NewNotification {
  kind: string;
  /** The case it is about (null for none). */
  caseId: string | null;
  /** How its link reads (the case number). */
  subjectLabel: string | null;
  title: Bilingual;
  body: Bilingual;
  at: Date;
}

/** Writes one notification per user; call it in the transaction of the change it announces. */
export async function insertNotifications(tx: Db, tenantId: string, userIds: readonly string[], n: NewNotification): Promise<void> {
  if (userIds.length === 0) return;
  await tx.insert(notifications).values(userIds.map((userId) => ({ tenantId, userId, kind: n.kind, caseId: n.caseId, subjectLabel: n.subjectLabel, title: n.title, body: n.body, createdAt: n.at })));
}

/** A user's notifications, newest first, from before `before`; one extra row for paging. */
export async function findNotifications(db: Db, tenantId: string, userId: string, f: { unread?: boolean; before?: Date; limit: number }): Promise<NotificationRow[]> {
  return db
    .select()
    .from(notifications)
    .where(
      and(
        eq(notifications.tenantId, tenantId),
        eq(notifications.userId, userId),
        f.unread ? isNull(notifications.readAt) : undefined,
        f.before ? sql`${notifications.createdAt} < ${f.before.toISOString()}::timestamptz` : undefined,
      ),
    )
    .orderBy(desc(notifications.createdAt), desc(notifications.id))
    .limit(f.limit + 1);
}

/** How many of a user's notifications are unread. */
export async function countUnread(db: Db, tenantId: string, userId: string): Promise<number> {
  const [row] = await db
    .select({ n: sql<number>`count(*)::int` })
    .from(notifications)
    .where(and(eq(notifications.tenantId, tenantId), eq(notifications.userId, userId), isNull(notifications.readAt)));
  return row!.n;
}

/** Marks one (or, with `id` null, every) unread notification of a user read. */
export async function markRead(db: Db, tenantId: string, userId: string, id: string | null, at: Date): Promise<void> {
  await db
    .update(notifications)
    .set({ readAt: at })
    .where(and(eq(notifications.tenantId, tenantId), eq(notifications.userId, userId), isNull(notifications.readAt), id ? eq(notifications.id, id) : undefined));
}

/** True when the notification is the user's (read or not). */
export async function isOwnNotification(db: Db, tenantId: string, userId: string, id: string): Promise<boolean> {
  const [row] = await db
    .select({ id: notifications.id })
    .from(notifications)
    .where(and(eq(notifications.tenantId, tenantId), eq(notifications.userId, userId), eq(notifications.id, id)))
    .limit(1);
  return !!row;
}
