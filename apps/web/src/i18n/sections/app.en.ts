import type { appZhCN } from "./app.zh-CN";

/** English strings of the shell: the type makes a missing key a compile error. */
export const appEn: Record<keyof typeof appZhCN, string> = {
  "notifications.title": "Notifications",
  "notifications.bell": "Notifications",
  "notifications.bellUnread": "Notifications, {count} unread",
  "notifications.readAll": "Mark all read",
  "notifications.empty": "No notifications",
  "notifications.unreadMark": "Unread: ",

  "reference.title": "Reference date",
  "reference.explain": "Pages with figures (evaluation and others) count up to this day by default. Demo data sets it to their last day; set it back to today for real use. Deadlines, warnings and escalation always run on the current time.",
  "reference.today": "Today ({date})",
  "reference.pick": "Pick a date",
  "reference.useToday": "Use today",
  "reference.saved": "Reference date saved",
  "reference.note": "The demo data runs until {date}: figures default to that date; deadlines still run on today's clock.",
  "reference.asOf": "as of {date}",
};
