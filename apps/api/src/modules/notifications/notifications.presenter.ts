import type { TLocale } from "@caihong/contracts";
import type { NotificationRow } from "./notifications.repository";

const pick = (text: unknown, locale: TLocale) => (text as Record<string, string>)[locale] ?? (text as Record<string, string>)["zh-CN"] ?? "";

/** A notification in the reader's language. */
export function presentNotification(n: NotificationRow, locale: TLocale) {
  return {
    id: n.id,
    kind: n.kind,
    caseId: n.caseId,
    caseNumber: n.caseId ? n.subjectLabel : null,
    title: pick(n.title, locale),
    body: pick(n.body, locale),
    createdAt: n.createdAt.toISOString(),
    readAt: n.readAt?.toISOString() ?? null,
  };
}
