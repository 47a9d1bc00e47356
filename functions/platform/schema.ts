import { sql } from "drizzle-orm";
import { check, index, integer, sqliteTable, text } from "drizzle-orm/sqlite-core";

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

/**
 * A batch that must not commit unless its first conditional UPDATE matched inserts a row here
 * with `ok = changes()`: the CHECK fails when the update matched nothing, and D1 rolls the
 * whole batch back. The row is deleted by the last statement of the same batch.
 */
export const writeGuards = sqliteTable(
  "write_guards",
  {
    id: text("id").primaryKey(),
    ok: integer("ok").notNull(),
  },
  (t) => [check("write_guards_ok", sql`${t.ok} = 1`)],
);
