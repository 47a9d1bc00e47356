import { index, sqliteTable, text } from "drizzle-orm/sqlite-core";

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
  },
  (t) => [index("audit_department_at").on(t.departmentCode, t.at, t.id)],
);
