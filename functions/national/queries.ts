import { and, asc, between, eq } from "drizzle-orm";
import { departments } from "../departments/schema";
import { indicators } from "../indicators/schema";
import type { Db } from "../platform/db";
import { reports, reportValues } from "../reports/schema";

/** Cross-département reads for national users (the only queries not scoped to one tenant). */

export const allDepartments = (db: Db) =>
  db
    .select({ code: departments.code, name: departments.name, reportDueDays: departments.reportDueDays })
    .from(departments)
    .orderBy(asc(departments.code));

export const reportsOfPeriod = (db: Db, period: string) =>
  db.select().from(reports).where(eq(reports.period, period));

/** The indicator (none or one): a statement, to go in a `db.batch`. */
export const indicatorByCode = (db: Db, code: string) =>
  db.select().from(indicators).where(eq(indicators.code, code));

export const valuesOfIndicator = (db: Db, code: string, from: string, to: string) =>
  db
    .select({
      departmentCode: reportValues.departmentCode,
      period: reportValues.period,
      state: reportValues.state,
      value: reportValues.value,
    })
    .from(reportValues)
    .where(and(eq(reportValues.indicatorCode, code), between(reportValues.period, from, to)));
