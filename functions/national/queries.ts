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

export async function indicatorByCode(db: Db, code: string) {
  const [row] = await db.select().from(indicators).where(eq(indicators.code, code));
  return row;
}

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
