import { index, integer, primaryKey, real, sqliteTable, text } from "drizzle-orm/sqlite-core";
import { UNITS } from "../../shared/catalogue";

/** The 53 national measures (Grenelle 2019 + Mérignac 2021). */
export const measures = sqliteTable("measures", {
  number: integer("number").primaryKey(),
  origin: text("origin").notNull(),
  text: text("text").notNull(),
  pilot: text("pilot").notNull(),
});

/** Axes of a département's framework plan. */
export const axes = sqliteTable(
  "axes",
  {
    departmentCode: text("department_code").notNull(),
    code: text("code").notNull(),
    title: text("title").notNull(),
  },
  (t) => [primaryKey({ columns: [t.departmentCode, t.code] })],
);

/** Local action sheets ("fiches action") of a département. */
export const actionSheets = sqliteTable(
  "action_sheets",
  {
    departmentCode: text("department_code").notNull(),
    code: text("code").notNull(),
    axisCode: text("axis_code").notNull(),
    title: text("title").notNull(),
    pilotOrganisationId: text("pilot_organisation_id"),
    pilot: text("pilot"),
    partners: text("partners"),
    territory: text("territory"),
    frequency: text("frequency"),
    means: text("means"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.departmentCode, t.code] })],
);

/**
 * National indicators have no département (every département reports them); local ones belong
 * to one département and one of its action sheets. Codes are stable: `N48-1`, `62-2.5-1`.
 */
export const indicators = sqliteTable(
  "indicators",
  {
    code: text("code").primaryKey(),
    departmentCode: text("department_code"),
    measureNumber: integer("measure_number"),
    sheetCode: text("sheet_code"),
    label: text("label").notNull(),
    unit: text("unit", { enum: UNITS }).notNull(),
    periodicity: text("periodicity", { enum: ["quarterly", "annual"] }).notNull(),
    derivedKey: text("derived_key"),
    target: real("target"),
    position: integer("position").notNull().default(0),
    retiredAt: text("retired_at"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    index("indicators_department").on(t.departmentCode, t.sheetCode, t.position),
    // Covering indexes of the completeness counts (reports/queries.ts): the active indicators
    // counted by département and periodicity, and the rules of an answered indicator by code.
    index("indicators_counts").on(t.departmentCode, t.periodicity, t.retiredAt, t.derivedKey),
    index("indicators_rules").on(t.code, t.derivedKey, t.periodicity, t.retiredAt),
  ],
);

/** Which organisation of a département answers an indicator there (its members may enter it). */
export const indicatorAssignments = sqliteTable(
  "indicator_assignments",
  {
    departmentCode: text("department_code").notNull(),
    indicatorCode: text("indicator_code").notNull(),
    organisationId: text("organisation_id").notNull(),
  },
  (t) => [primaryKey({ columns: [t.departmentCode, t.indicatorCode] })],
);

/** Every label (and unit/target) an indicator has had, so a changed label keeps its history. */
export const indicatorRevisions = sqliteTable(
  "indicator_revisions",
  {
    indicatorCode: text("indicator_code").notNull(),
    version: integer("version").notNull(),
    label: text("label").notNull(),
    target: real("target"),
    changedAt: text("changed_at").notNull(),
    changedBy: text("changed_by"),
  },
  (t) => [primaryKey({ columns: [t.indicatorCode, t.version] })],
);
