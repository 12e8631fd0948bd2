import type { Db } from "../../../db/client";
import { insertNotifications, type NewNotification } from "../notifications.repository";

/**
 * Notifies accounts (each once; nulls and `except` — usually the one who acted — dropped). No
 * authorization: it is part of the change that causes it; call it in that change's transaction.
 */
export async function notifyUsers(tx: Db, tenantId: string, userIds: Iterable<string | null | undefined>, n: NewNotification, except?: string): Promise<void> {
  const ids = [...new Set([...userIds].filter((u): u is string => !!u && u !== except))];
  await insertNotifications(tx, tenantId, ids, n);
}
