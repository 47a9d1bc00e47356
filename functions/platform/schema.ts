import { index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * Every message the mailer handles. In development this table is the outbox the developer reads;
 * in production it is the delivery log. `idempotency_key` makes a reminder go out once.
 */
export const mailLog = sqliteTable(
  "mail_log",
  {
    id: text("id").primaryKey(),
    idempotencyKey: text("idempotency_key").unique(),
    to: text("to").notNull(),
    subject: text("subject").notNull(),
    text: text("text").notNull(),
    html: text("html"),
    status: text("status", { enum: ["pending", "sent", "failed", "outbox"] }).notNull(),
    attempts: integer("attempts").notNull().default(0),
    error: text("error"),
    createdAt: text("created_at").notNull(),
    sentAt: text("sent_at"),
  },
  (t) => [index("mail_log_created").on(t.createdAt)],
);
