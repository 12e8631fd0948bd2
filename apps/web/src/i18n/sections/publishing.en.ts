import type { publishingZhCN } from "./publishing.zh-CN";

/** English strings of what staff choose to publish. */
export const publishingEn: Record<keyof typeof publishingZhCN, string> = {
  "cases.action.isPublic": "Publish this note",
  "cases.action.isPublicHint": "When ticked, Open311 and the reporter's tracking page show this note with phone and ID numbers, e-mail addresses, plates and room numbers starred; otherwise only staff see it.",
};
