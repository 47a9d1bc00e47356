import { sql } from "drizzle-orm";
import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";

/**
 * The département's governance body (CLAV, or else CDPD). Designating a new one closes the current
 * row (`replaced_at`) and inserts the new one in the same batch, so the history keeps every body;
 * at most one row per département is current (partial unique index).
 */
export const governanceBodies = sqliteTable(
  "governance_bodies",
  {
    departmentCode: text("department_code").notNull(),
    id: text("id").notNull(),
    kind: text("kind", { enum: ["clav", "cdpd"] }).notNull(),
    designatedOn: text("designated_on").notNull(),
    /** [{ function, name }]: the prefect and the prosecutor for a CLAV. */
    coChairs: text("co_chairs", { mode: "json" }).notNull().$type<{ function: string; name: string }[]>(),
    secretariatName: text("secretariat_name").notNull(),
    secretariatEmail: text("secretariat_email").notNull(),
    secretariatPhone: text("secretariat_phone"),
    createdAt: text("created_at").notNull(),
    createdBy: text("created_by"),
    replacedAt: text("replaced_at"),
  },
  (t) => [
    primaryKey({ columns: [t.departmentCode, t.id] }),
    uniqueIndex("governance_bodies_current").on(t.departmentCode).where(sql`replaced_at is null`),
  ],
);

/**
 * A meeting of the body. `starts_at` is the wall-clock time in Europe/Paris (`2026-11-12T14:00`):
 * what people agreed on, compared as text with quarter bounds, converted only for the calendar.
 */
export const governanceMeetings = sqliteTable(
  "governance_meetings",
  {
    departmentCode: text("department_code").notNull(),
    id: text("id").notNull(),
    kind: text("kind", { enum: ["plenary", "thematic"] }).notNull(),
    /** The thematic group's name (e.g. « violences intrafamiliales »); null for a plenary. */
    groupName: text("group_name"),
    startsAt: text("starts_at").notNull(),
    durationMinutes: integer("duration_minutes").notNull(),
    location: text("location").notNull().default(""),
    agenda: text("agenda").notNull().default(""),
    decisions: text("decisions").notNull().default(""),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.departmentCode, t.id] }),
    index("governance_meetings_department_start").on(t.departmentCode, t.startsAt, t.kind),
  ],
);

/** Organisations of the département present at a meeting. */
export const governanceAttendees = sqliteTable(
  "governance_attendees",
  {
    departmentCode: text("department_code").notNull(),
    meetingId: text("meeting_id").notNull(),
    organisationId: text("organisation_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.departmentCode, t.meetingId, t.organisationId] })],
);

/** A follow-up action decided at a meeting, owned by an organisation of the département. */
export const governanceActions = sqliteTable(
  "governance_actions",
  {
    departmentCode: text("department_code").notNull(),
    id: text("id").notNull(),
    meetingId: text("meeting_id").notNull(),
    title: text("title").notNull(),
    ownerOrganisationId: text("owner_organisation_id").notNull(),
    dueOn: text("due_on").notNull(),
    status: text("status", { enum: ["open", "done"] }).notNull(),
    doneAt: text("done_at"),
    doneBy: text("done_by"),
    createdAt: text("created_at").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.departmentCode, t.id] }),
    index("governance_actions_department_status_due").on(t.departmentCode, t.status, t.dueOn),
    index("governance_actions_meeting").on(t.departmentCode, t.meetingId),
  ],
);

/** Minutes of a meeting: the bytes are in R2 under `r2_key`, written before this row. */
export const governanceMinutes = sqliteTable(
  "governance_minutes",
  {
    departmentCode: text("department_code").notNull(),
    id: text("id").notNull(),
    meetingId: text("meeting_id").notNull(),
    r2Key: text("r2_key").notNull(),
    name: text("name").notNull(),
    fileType: text("file_type", { enum: ["pdf", "odt", "docx"] }).notNull(),
    mediaType: text("media_type").notNull(),
    size: integer("size").notNull(),
    uploadedAt: text("uploaded_at").notNull(),
    uploadedBy: text("uploaded_by"),
  },
  (t) => [
    primaryKey({ columns: [t.departmentCode, t.id] }),
    index("governance_minutes_meeting").on(t.departmentCode, t.meetingId, t.uploadedAt),
    index("governance_minutes_r2_key").on(t.r2Key),
  ],
);

/**
 * Calendar subscription links: a read-only secret per user and département that opens only that
 * département's `calendar.ics` (feed.ts). Only its SHA-256 is kept. A table of its own rather than
 * a kind of API token: the Bearer lookup (members/principal.ts) never reads it, so a feed token
 * cannot authenticate anything else. At most one live link per user and département (a new one
 * revokes the previous one in the same batch).
 */
export const calendarFeedTokens = sqliteTable(
  "calendar_feed_tokens",
  {
    id: text("id").primaryKey(),
    userId: text("user_id").notNull(),
    departmentCode: text("department_code").notNull(),
    tokenHash: text("token_hash").notNull().unique(),
    prefix: text("prefix").notNull(),
    createdAt: text("created_at").notNull(),
    lastUsedAt: text("last_used_at"),
    revokedAt: text("revoked_at"),
  },
  (t) => [
    index("calendar_feed_tokens_user").on(t.userId),
    uniqueIndex("calendar_feed_tokens_live").on(t.userId, t.departmentCode).where(sql`revoked_at is null`),
  ],
);
