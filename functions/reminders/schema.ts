import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { REMINDER_KINDS, REMINDER_STATUSES } from "../../shared/reminders";

/**
 * One row per reminder email, written once under its deterministic `key` (département, kind,
 * period or entity, recipient, occurrence): a run inserts with ON CONFLICT DO NOTHING and enqueues
 * only the rows it inserted, so repeated or concurrent runs never queue a second message.
 */
export const reminders = sqliteTable(
  "reminders",
  {
    departmentCode: text("department_code").notNull(),
    id: text("id").primaryKey(),
    key: text("key").notNull().unique(),
    kind: text("kind", { enum: REMINDER_KINDS }).notNull(),
    subject: text("subject").notNull(),
    occurrence: text("occurrence").notNull(),
    userId: text("user_id").notNull(),
    recipient: text("recipient").notNull(),
    title: text("title").notNull(),
    body: text("body").notNull(),
    reason: text("reason").notNull(),
    link: text("link").notNull(),
    status: text("status", { enum: REMINDER_STATUSES }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    lastError: text("last_error"),
    createdAt: text("created_at").notNull(),
    sentAt: text("sent_at"),
  },
  (t) => [
    index("reminders_department_created").on(t.departmentCode, t.createdAt),
    index("reminders_status_created").on(t.status, t.createdAt),
  ],
);

/** A user's choice to stop a kind of reminder (a missing row: the kind is on). */
export const notificationPreferences = sqliteTable(
  "notification_preferences",
  {
    userId: text("user_id").notNull(),
    kind: text("kind", { enum: REMINDER_KINDS }).notNull(),
    enabled: integer("enabled", { mode: "boolean" }).notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.userId, t.kind] })],
);
