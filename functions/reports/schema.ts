import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { REPORT_STATUSES } from "../../shared/reports";
import { ROLES } from "../../shared/roles";

/** One quarter report of a département. `version` is the ETag; every write bumps it. */
export const reports = sqliteTable(
  "reports",
  {
    departmentCode: text("department_code").notNull(),
    period: text("period").notNull(),
    status: text("status", { enum: REPORT_STATUSES }).notNull(),
    version: integer("version").notNull().default(1),
    submittedAt: text("submitted_at"),
    submittedBy: text("submitted_by"),
    /** Kept across reopenings: the on-time flag is judged on the first submission. */
    firstSubmittedAt: text("first_submitted_at"),
    validatedAt: text("validated_at"),
    validatedBy: text("validated_by"),
    validatedByRole: text("validated_by_role", { enum: ROLES }),
    reopenedAt: text("reopened_at"),
    reopenedBy: text("reopened_by"),
    reopenReason: text("reopen_reason"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.departmentCode, t.period] }), index("reports_period").on(t.period)],
);

/** The current value of an indicator in a quarter report. `value` is JSON (number, boolean or string). */
export const reportValues = sqliteTable(
  "report_values",
  {
    departmentCode: text("department_code").notNull(),
    period: text("period").notNull(),
    indicatorCode: text("indicator_code").notNull(),
    state: text("state", { enum: ["value", "not_applicable", "not_available"] }).notNull(),
    value: text("value", { mode: "json" }),
    comment: text("comment"),
    updatedAt: text("updated_at").notNull(),
    updatedBy: text("updated_by"),
  },
  (t) => [
    primaryKey({ columns: [t.departmentCode, t.period, t.indicatorCode] }),
    // One indicator across départements and quarters (national series), read from the index alone.
    index("report_values_indicator").on(t.indicatorCode, t.period, t.departmentCode, t.state, t.value),
    // national consolidation: every département's answers of one quarter
    index("report_values_period").on(t.period, t.departmentCode, t.indicatorCode),
  ],
);

/** Every change of a value, kept forever. */
export const reportValueHistory = sqliteTable(
  "report_value_history",
  {
    departmentCode: text("department_code").notNull(),
    id: text("id").primaryKey(),
    period: text("period").notNull(),
    indicatorCode: text("indicator_code").notNull(),
    state: text("state").notNull(),
    value: text("value", { mode: "json" }),
    comment: text("comment"),
    changedAt: text("changed_at").notNull(),
    changedBy: text("changed_by"),
    source: text("source").notNull(),
    requestId: text("request_id").notNull(),
  },
  (t) => [
    index("report_value_history_lookup").on(t.departmentCode, t.period, t.indicatorCode, t.changedAt),
    // "was this indicator ever answered?" (catalogue: unit changes, deletion)
    index("report_value_history_indicator").on(t.indicatorCode),
  ],
);

/**
 * An organisation's part of a quarter report: when its members said they had finished ("J'ai
 * terminé") and when the prefecture last reminded it ("Relancer", at most once a day).
 */
export const reportOrganisationStatus = sqliteTable(
  "report_organisation_status",
  {
    departmentCode: text("department_code").notNull(),
    period: text("period").notNull(),
    organisationId: text("organisation_id").notNull(),
    doneAt: text("done_at"),
    doneBy: text("done_by"),
    remindedAt: text("reminded_at"),
    /** The French calendar day of the last reminder: one a day at most. */
    remindedOn: text("reminded_on"),
  },
  (t) => [primaryKey({ columns: [t.departmentCode, t.period, t.organisationId] })],
);
