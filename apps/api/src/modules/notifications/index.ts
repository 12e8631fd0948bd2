/** In-app notifications for staff and residents: written with the change that causes them, read by their recipient. */
export { notificationsRoutes } from "./notifications.routes";
export { notifyUsers } from "./use-cases/notify-users";
export type { Bilingual, NewNotification } from "./notifications.repository";
