import { sql } from "drizzle-orm";
import type { ValuesExist } from "../indicators/value-stores";
import { reportValueHistory, reportValues } from "./schema";

/** A value of the indicator is, or was, in a quarter report (the history keeps erased answers). */
export const reportValuesExist: ValuesExist = (code, departmentCode) => {
  const dept = (column: typeof reportValues.departmentCode | typeof reportValueHistory.departmentCode) =>
    departmentCode === null ? sql`` : sql` and ${column} = ${departmentCode}`;
  return sql`exists (select 1 from ${reportValues} where ${reportValues.indicatorCode} = ${code}${dept(
    reportValues.departmentCode,
  )}) or exists (select 1 from ${reportValueHistory} where ${reportValueHistory.indicatorCode} = ${code}${dept(
    reportValueHistory.departmentCode,
  )})`;
};
