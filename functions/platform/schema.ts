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
    status: text("status", { enum: ["pending", "sending", "sent", "failed", "outbox"] }).notNull(),
    /** When the send in progress claimed the row (`sending`); a stale claim may be taken over. */
    claimedAt: text("claimed_at"),
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

/**
 * Who changed what, when, under which request or job. Written in the same batch as the change
 * (`platform/audit.ts`); read by the département's audit listing (`functions/audit/`).
 * `actor_kind` is "user" (a person, with the membership used) or a system job ("system:cron",
 * "system:queue"); `request_id` is the id the server gave the request, or for a system job its
 * job or message id.
 */
export const auditEvents = sqliteTable(
  "audit_events",
  {
    departmentCode: text("department_code"),
    id: text("id").primaryKey(),
    at: text("at").notNull(),
    actorUserId: text("actor_user_id"),
    membershipId: text("membership_id"),
    action: text("action").notNull(),
    entityType: text("entity_type").notNull(),
    entityId: text("entity_id").notNull(),
    before: text("before", { mode: "json" }),
    after: text("after", { mode: "json" }),
    requestId: text("request_id").notNull(),
    // Nullable with a default so that adding it is one ALTER TABLE (no table rebuild); always written.
    actorKind: text("actor_kind", { enum: ["user", "system:cron", "system:queue"] }).default("user"),
    /** The caller's own `X-Request-Id`, bounded and sanitised: for correlation only, never trusted. */
    clientRequestId: text("client_request_id"),
  },
  (t) => [index("audit_department_at").on(t.departmentCode, t.at, t.id)],
);
