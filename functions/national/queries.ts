import { and, asc, between, eq, sql } from "drizzle-orm";
import { communes, departments } from "../departments/schema";
import { indicators } from "../indicators/schema";
import { cachedJsonRows, type Db } from "../platform/db";
import { activeIndicatorCounts, answeredCounts } from "../reports/queries";
import { reports, reportValues } from "../reports/schema";

/** Cross-département reads for national users (the only queries not scoped to one tenant). */

export const allDepartments = (db: Db) =>
  db
    .select({ code: departments.code, name: departments.name, reportDueDays: departments.reportDueDays })
    .from(departments)
    .orderBy(asc(departments.code));

/** What the national view shows of each report of a quarter. */
export const reportsOfPeriod = (db: Db, period: string) =>
  db
    .select({
      departmentCode: reports.departmentCode,
      status: reports.status,
      submittedAt: reports.submittedAt,
      firstSubmittedAt: reports.firstSubmittedAt,
      validatedAt: reports.validatedAt,
    })
    .from(reports)
    .where(eq(reports.period, period));

/** The indicator (none or one): a statement, to go in a `db.batch`. */
export const indicatorByCode = (db: Db, code: string) =>
  db.select().from(indicators).where(eq(indicators.code, code));

/**
 * One indicator's values over quarters, as ONE row holding a JSON array of
 * `[departmentCode, period, state, value]` (see `storedValues`): thousands of values (101
 * départements × 40 quarters) cross the D1 binding as one string instead of one object per row,
 * which costs the Worker far more than SQLite's building it.
 */
export const valuesOfIndicator = (db: Db, code: string, from: string, to: string) =>
  db
    .select({
      values: sql<string>`json_group_array(json_array(${reportValues.departmentCode}, ${reportValues.period}, ${reportValues.state}, json(${reportValues.value})))`,
    })
    .from(reportValues)
    .where(and(eq(reportValues.indicatorCode, code), between(reportValues.period, from, to)));

export type StoredValue = {
  departmentCode: string;
  period: string;
  state: "value" | "not_applicable" | "not_available";
  value: unknown;
};

/** The rows of `valuesOfIndicator`'s one JSON array. */
export function storedValues(rows: readonly { values: string }[]): StoredValue[] {
  const list = JSON.parse(rows[0]?.values ?? "[]") as [string, string, StoredValue["state"], unknown][];
  return list.map(([departmentCode, period, state, value]) => ({ departmentCode, period, state, value }));
}

/** Each département's official population: the sum of its communes' (INSEE reference). */
export const departmentPopulations = (db: Db) =>
  db
    .select({
      departmentCode: communes.departmentCode,
      population: sql<number>`coalesce(sum(${communes.population}), 0)`.mapWith(Number),
    })
    .from(communes)
    .groupBy(communes.departmentCode);

/**
 * The reads of `GET /national/reports`, one `db.batch`. The benchmark's in-stack floor
 * (bench-floor.ts) runs these very statements raw, so the two cannot drift apart.
 */
const nationalReads = {
  departments: cachedJsonRows((db) => allDepartments(db)),
  indicators: cachedJsonRows((db) => activeIndicatorCounts(db)),
  reports: cachedJsonRows((db, period: string) => reportsOfPeriod(db, period)),
  answered: cachedJsonRows((db, period: string) => answeredCounts(db, [period])),
};

export const nationalReportsReads = (db: Db, period: string) =>
  [
    nationalReads.departments(db),
    nationalReads.indicators(db),
    nationalReads.reports(db, period),
    nationalReads.answered(db, period),
  ] as const;

/** The first round trip of `GET /national/indicators/{code}` (the floor runs the same statements). */
export const seriesReads = (db: Db, code: string, first: string, last: string) =>
  [
    indicatorByCode(db, code),
    allDepartments(db),
    valuesOfIndicator(db, code, first, last),
    departmentPopulations(db),
  ] as const;
