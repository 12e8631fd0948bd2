import { foreignKey, index, jsonb, pgTable, primaryKey, text, timestamp, uuid } from "drizzle-orm/pg-core";
import { tenants } from "../tenants/tenants.table";
import { users } from "../users/users.table";

const ts = (name: string) => timestamp(name, { withTimezone: true });

/** In-app notifications for staff and residents with accounts. */
export const notifications = pgTable(
  "notifications",
  {
    tenantId: text("tenant_id").notNull().references(() => tenants.id),
    id: uuid("id").notNull().defaultRandom(),
    userId: uuid("user_id").notNull(),
    kind: text("kind").notNull(),
    caseId: uuid("case_id"),
    /** What the notification is about, as its link shows it (a case number today): written by the sender. */
    subjectLabel: text("subject_label"),
    /** `{ "zh-CN": …, en: … }` */
    title: jsonb("title").notNull(),
    body: jsonb("body").notNull(),
    createdAt: ts("created_at").notNull(),
    readAt: ts("read_at"),
  },
  (t) => [
    primaryKey({ columns: [t.tenantId, t.id] }),
    foreignKey({ columns: [t.tenantId, t.userId], foreignColumns: [users.tenantId, users.id], name: "notifications_user_fk" }).onDelete("cascade"),
    index("notifications_user_idx").on(t.tenantId, t.userId, t.createdAt),
  ],
);

