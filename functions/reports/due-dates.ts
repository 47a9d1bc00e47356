import { and, eq, inArray, sql } from "drizzle-orm";
import { dueOn } from "../../shared/periods";
import type { ReportStatus } from "../../shared/reports";
import { departments } from "../departments/schema";
import type { Db } from "../platform/db";
import { reports } from "./schema";

/**
 * The public answer of reports to other capabilities (governance's calendar, reminders): when each
 * quarter's report is due in a département and where it stands. One round trip.
 */
export type ReportDueDate = { period: string; dueOn: string; status: ReportStatus; submitted: boolean };

export async function reportDueDates(
  db: Db,
  departmentCode: string,
  periods: readonly string[],
): Promise<ReportDueDate[]> {
  if (periods.length === 0) return [];
  const [department, rows] = await db.batch([
    db
      .select({ reportDueDays: departments.reportDueDays })
      .from(departments)
      .where(eq(departments.code, departmentCode)),
    db
      .select({ period: reports.period, status: reports.status, firstSubmittedAt: reports.firstSubmittedAt })
      .from(reports)
      .where(
        and(
          eq(reports.departmentCode, departmentCode),
          inArray(reports.period, sql`(select value from json_each(${JSON.stringify(periods)}))`),
        ),
      ),
  ]);
  const days = department[0]?.reportDueDays;
  if (days === undefined) return [];
  const byPeriod = new Map(rows.map((r) => [r.period, r]));
  return periods.map((period) => {
    const r = byPeriod.get(period);
    return {
      period,
      dueOn: dueOn(period, days),
      status: r?.status ?? "draft",
      submitted: r?.status === "submitted" || r?.status === "validated",
    };
  });
}
