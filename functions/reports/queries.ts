import { and, desc, eq, inArray, isNull, or, sql } from "drizzle-orm";
import type { AnySQLiteSelectQueryBuilder, SQLiteSelectJoin } from "drizzle-orm/sqlite-core";
import { users } from "../auth/schema";
import { departments } from "../departments/schema";
import { actionSheets, axes, indicatorAssignments, indicators } from "../indicators/schema";
import { memberships } from "../members/schema";
import { organisations } from "../organisations/schema";
import { cachedJsonRows, type Db } from "../platform/db";
import { reportOrganisationStatus, reports, reportValueHistory, reportValues } from "./schema";

/** Tenant-scoped reads of the reporting tables: the département code always comes first. */

/**
 * Who answers an indicator in the département: an explicit assignment wins, else the local
 * indicator's sheet pilot. Needs both left joins of `withResponsible`.
 */
const responsible = sql<string>`coalesce(${indicatorAssignments.organisationId}, ${actionSheets.pilotOrganisationId})`;

type WithResponsible<T extends AnySQLiteSelectQueryBuilder> = SQLiteSelectJoin<
  SQLiteSelectJoin<T, T["_"]["dynamic"], "left", typeof indicatorAssignments>,
  T["_"]["dynamic"],
  "left",
  typeof actionSheets
>;

/**
 * Adds to a query over `indicators` the two joins `responsible` reads: the indicator's assignment
 * in the département and its sheet there (whose pilot answers a local indicator by default).
 * Typed by hand: drizzle cannot follow joins made on a generic query, the caller's types can.
 */
function withResponsible<T extends AnySQLiteSelectQueryBuilder>(
  query: T,
  departmentCode: string,
): WithResponsible<T> {
  return query
    .leftJoin(
      indicatorAssignments,
      and(
        eq(indicatorAssignments.departmentCode, departmentCode),
        eq(indicatorAssignments.indicatorCode, indicators.code),
      ),
    )
    .leftJoin(
      actionSheets,
      and(eq(actionSheets.departmentCode, departmentCode), eq(actionSheets.code, indicators.sheetCode)),
    ) as WithResponsible<T>;
}

export type IndicatorRow = Awaited<ReturnType<typeof indicatorsOf>>[number];

/**
 * National indicators and the département's own, with who answers them there and their sheet/axis.
 * Batched: D1 answers a batch's rows as objects keyed by column name, so every selected column
 * needs its own name (two "title" columns would shift every value after them).
 */
export function indicatorsOf(db: Db, departmentCode: string) {
  return withResponsible(
    db
      .select({
        code: indicators.code,
        departmentCode: indicators.departmentCode,
        measureNumber: indicators.measureNumber,
        sheetCode: indicators.sheetCode,
        sheetTitle: sql<string | null>`${actionSheets.title}`.as("sheet_title"),
        axisCode: actionSheets.axisCode,
        axisTitle: sql<string | null>`${axes.title}`.as("axis_title"),
        label: indicators.label,
        unit: indicators.unit,
        periodicity: indicators.periodicity,
        derivedKey: indicators.derivedKey,
        target: indicators.target,
        position: indicators.position,
        retiredAt: indicators.retiredAt,
        // An explicit assignment wins; a local indicator otherwise falls to its sheet's pilot.
        responsibleOrganisationId: sql<string | null>`${responsible}`.as("responsible_organisation_id"),
      })
      .from(indicators),
    departmentCode,
  )
    .leftJoin(axes, and(eq(axes.departmentCode, departmentCode), eq(axes.code, actionSheets.axisCode)))
    .where(or(isNull(indicators.departmentCode), eq(indicators.departmentCode, departmentCode)))
    .orderBy(indicators.departmentCode, indicators.measureNumber, indicators.sheetCode, indicators.position);
}

/** The département's row (none or one): a statement, to go in a `db.batch` with the others. */
export function departmentOf(db: Db, departmentCode: string) {
  return db.select().from(departments).where(eq(departments.code, departmentCode));
}

/** The quarter's report row (none or one). */
export function reportOf(db: Db, departmentCode: string, period: string) {
  return db
    .select()
    .from(reports)
    .where(and(eq(reports.departmentCode, departmentCode), eq(reports.period, period)));
}

/** The e-mail shown as `updatedBy` of the values a user writes (none for a system actor). */
export function emailOf(db: Db, userId: string) {
  return db.select({ email: users.email }).from(users).where(eq(users.id, userId));
}

/** `departmentOf`, `reportOf` and `organisationsOf` as one JSON row each, their SQL built once. */
export const departmentJsonOf = cachedJsonRows((db, departmentCode: string) =>
  departmentOf(db, departmentCode),
);
export const reportJsonOf = cachedJsonRows((db, departmentCode: string, period: string) =>
  reportOf(db, departmentCode, period),
);
export const organisationsJsonOf = cachedJsonRows((db, departmentCode: string, period: string) =>
  organisationsOf(db, departmentCode, period),
);

/** `indicatorsOf` as one JSON row, its SQL built once (what a report read batches). */
export const indicatorsJsonOf = cachedJsonRows((db, departmentCode: string) =>
  indicatorsOf(db, departmentCode),
);

export type ValueRow = Awaited<ReturnType<typeof valuesOf>>[number];

/** `valuesOf` a quarter and the previous one as one JSON row, its SQL built once. */
export const valuesJsonOf = cachedJsonRows((db, departmentCode: string, period: string, previous: string) =>
  valuesOf(db, departmentCode, [period, previous]),
);

export function valuesOf(db: Db, departmentCode: string, periods: string[]) {
  return db
    .select({
      period: reportValues.period,
      indicatorCode: reportValues.indicatorCode,
      state: reportValues.state,
      value: reportValues.value,
      comment: reportValues.comment,
      updatedAt: reportValues.updatedAt,
      updatedBy: users.email,
    })
    .from(reportValues)
    .leftJoin(users, eq(users.id, reportValues.updatedBy))
    .where(and(eq(reportValues.departmentCode, departmentCode), inArray(reportValues.period, periods)));
}

export function historyOf(db: Db, departmentCode: string, period: string, indicatorCode: string) {
  return db
    .select({
      id: reportValueHistory.id,
      state: reportValueHistory.state,
      value: reportValueHistory.value,
      comment: reportValueHistory.comment,
      changedAt: reportValueHistory.changedAt,
      changedBy: users.email,
      source: reportValueHistory.source,
    })
    .from(reportValueHistory)
    .leftJoin(users, eq(users.id, reportValueHistory.changedBy))
    .where(
      and(
        eq(reportValueHistory.departmentCode, departmentCode),
        eq(reportValueHistory.period, period),
        eq(reportValueHistory.indicatorCode, indicatorCode),
      ),
    )
    .orderBy(desc(reportValueHistory.changedAt), desc(reportValueHistory.id));
}

/**
 * Active indicators counted by département (null: national) and periodicity, with how many of
 * them are derived: a few hundred rows, not one per indicator. Given a département, only the
 * national ones and its own. Grouped on the columns of the covering index `indicators_counts`,
 * so SQLite reads that index in order (no table rows, no temporary B-tree).
 */
export function activeIndicatorCounts(db: Db, departmentCode?: string) {
  return db
    .select({
      departmentCode: indicators.departmentCode,
      periodicity: indicators.periodicity,
      n: sql<number>`count(*)`.as("n"),
      derived: sql<number>`count(${indicators.derivedKey})`.as("derived"),
    })
    .from(indicators)
    .where(
      and(
        isNull(indicators.retiredAt),
        departmentCode === undefined
          ? undefined
          : or(isNull(indicators.departmentCode), eq(indicators.departmentCode, departmentCode)),
      ),
    )
    .groupBy(indicators.departmentCode, indicators.periodicity);
}

/** The département's first quarter with a report (none: null). Quarters written YYYY-Qn sort as text. */
export function earliestReport(db: Db, departmentCode: string) {
  return db
    .select({ period: sql<string | null>`min(${reports.period})` })
    .from(reports)
    .where(eq(reports.departmentCode, departmentCode));
}

export function reportsIn(db: Db, departmentCode: string, periods: string[]) {
  return db
    .select()
    .from(reports)
    .where(and(eq(reports.departmentCode, departmentCode), inArray(reports.period, periods)));
}

/**
 * Answers typed in, per département and quarter (derived indicators excluded: they are always
 * answered; annual indicators count in Q4 only). Every département, or one.
 */
export function answeredCounts(db: Db, periods: string[], departmentCode?: string) {
  return db
    .select({
      departmentCode: reportValues.departmentCode,
      period: reportValues.period,
      answered: sql<number>`count(*)`.as("answered"),
      retiredAnswered: sql<number>`sum(${indicators.retiredAt} is not null)`.as("retired_answered"),
    })
    .from(reportValues)
    .innerJoin(indicators, eq(indicators.code, reportValues.indicatorCode))
    .where(
      and(
        inArray(reportValues.period, periods),
        departmentCode === undefined ? undefined : eq(reportValues.departmentCode, departmentCode),
        isNull(indicators.derivedKey),
        or(eq(indicators.periodicity, "quarterly"), sql`${reportValues.period} like '%-Q4'`),
      ),
    )
    .groupBy(reportValues.departmentCode, reportValues.period);
}

/**
 * The département's organisations (archived ones too: they may still answer for old quarters),
 * with their part of this quarter's report: done ("J'ai terminé") and last reminder.
 */
export function organisationsOf(db: Db, departmentCode: string, period: string) {
  return db
    .select({
      id: organisations.id,
      name: organisations.name,
      doneAt: reportOrganisationStatus.doneAt,
      remindedAt: reportOrganisationStatus.remindedAt,
    })
    .from(organisations)
    .leftJoin(
      reportOrganisationStatus,
      and(
        eq(reportOrganisationStatus.departmentCode, departmentCode),
        eq(reportOrganisationStatus.period, period),
        eq(reportOrganisationStatus.organisationId, organisations.id),
      ),
    )
    .where(eq(organisations.departmentCode, departmentCode));
}

/**
 * Who submitted and who validated the report (their e-mails), and the users holding the validator
 * right in the département (four eyes): one statement.
 */
export function reportPeopleOf(db: Db, departmentCode: string, period: string) {
  return db
    .select({
      submittedBy: sql<string | null>`(select u.email from users u join reports r on r.submitted_by = u.id
        where r.department_code = ${departmentCode} and r.period = ${period})`.as("submitted_by_email"),
      validatedBy: sql<string | null>`(select u.email from users u join reports r on r.validated_by = u.id
        where r.department_code = ${departmentCode} and r.period = ${period})`.as("validated_by_email"),
      validators: sql<string>`(select coalesce(json_group_array(distinct m.user_id), '[]') from memberships m
        where m.department_code = ${departmentCode} and m.role = 'prefecture' and m.validator = 1
        and m.revoked_at is null)`.as("validator_ids"),
      validatorEmails:
        sql<string>`(select coalesce(json_group_array(distinct u.email), '[]') from memberships m
        join users u on u.id = m.user_id
        where m.department_code = ${departmentCode} and m.role = 'prefecture' and m.validator = 1
        and m.revoked_at is null)`.as("validator_emails"),
    })
    .from(sql`(select 1)`);
}

/** Active members' and prefecture users' e-mails in the département (who mails go to). */
export function recipientsOf(db: Db, departmentCode: string) {
  return db
    .select({
      userId: users.id,
      email: users.email,
      role: memberships.role,
      organisationId: memberships.organisationId,
    })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(and(eq(memberships.departmentCode, departmentCode), isNull(memberships.revokedAt)));
}

/**
 * Typed active indicators a set of organisations answer in the département, counted by
 * organisation and periodicity: a few rows whatever the catalogue's size.
 */
export function organisationIndicatorCounts(db: Db, departmentCode: string, organisationIds: string[]) {
  return withResponsible(
    db
      .select({
        organisationId: responsible.as("organisation_id"),
        periodicity: indicators.periodicity,
        n: sql<number>`count(*)`.as("n"),
      })
      .from(indicators),
    departmentCode,
  )
    .where(
      and(
        or(isNull(indicators.departmentCode), eq(indicators.departmentCode, departmentCode)),
        isNull(indicators.retiredAt),
        isNull(indicators.derivedKey),
        inArray(responsible, organisationIds),
      ),
    )
    .groupBy(responsible, indicators.periodicity);
}

/**
 * Answers typed in by organisation and quarter, for a set of organisations (derived excluded,
 * annual indicators in Q4 only; retired ones counted apart: they are expected only where answered).
 */
export function organisationAnsweredCounts(
  db: Db,
  departmentCode: string,
  periods: string[],
  organisationIds: string[],
) {
  return withResponsible(
    db
      .select({
        organisationId: responsible.as("organisation_id"),
        period: reportValues.period,
        answered: sql<number>`count(*)`.as("answered"),
        retiredAnswered: sql<number>`sum(${indicators.retiredAt} is not null)`.as("retired_answered"),
      })
      .from(reportValues)
      .innerJoin(indicators, eq(indicators.code, reportValues.indicatorCode))
      // A join's result is no longer a plain select builder: dynamic mode makes it one again.
      .$dynamic(),
    departmentCode,
  )
    .where(
      and(
        eq(reportValues.departmentCode, departmentCode),
        inArray(reportValues.period, periods),
        isNull(indicators.derivedKey),
        or(eq(indicators.periodicity, "quarterly"), sql`${reportValues.period} like '%-Q4'`),
        inArray(responsible, organisationIds),
      ),
    )
    .groupBy(responsible, reportValues.period);
}

/** A set of the département's organisations with their « J'ai terminé » in each of the quarters. */
export function organisationPartsIn(
  db: Db,
  departmentCode: string,
  periods: string[],
  organisationIds: string[],
) {
  return db
    .select({
      id: organisations.id,
      name: organisations.name,
      period: reportOrganisationStatus.period,
      doneAt: reportOrganisationStatus.doneAt,
    })
    .from(organisations)
    .leftJoin(
      reportOrganisationStatus,
      and(
        eq(reportOrganisationStatus.departmentCode, departmentCode),
        inArray(reportOrganisationStatus.period, periods),
        eq(reportOrganisationStatus.organisationId, organisations.id),
      ),
    )
    .where(and(eq(organisations.departmentCode, departmentCode), inArray(organisations.id, organisationIds)));
}
