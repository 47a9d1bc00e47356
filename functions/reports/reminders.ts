import { and, eq, isNotNull, sql } from "drizzle-orm";
import { dueOn, lastOpenPeriod, opensOn, previousPeriod } from "../../shared/periods";
import { departments } from "../departments/schema";
import { actionSheets, indicatorAssignments } from "../indicators/schema";
import type { Db } from "../platform/db";
import { codesJson, type DueReminder, type ReminderRun, type ReminderSource } from "../platform/reminders";
import { reports } from "./schema";
import { memberEntryUntil } from "./view";

/** Days a late "quarter open" reminder may still go out (a missed quarter-start run catches up). */
const QUARTER_OPEN_DAYS = 7;
const DUE_SOON_DAYS = 7;
const ENTRY_CLOSING_DAYS = 3;

export type DepartmentReportRow = {
  code: string;
  reportDueDays: number;
  memberEntryDays: number | null;
  period: string | null;
  status: string | null;
};

const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(to) - Date.parse(from)) / 86_400_000);
const fr = (day: string) => day.split("-").reverse().join("/");

/**
 * The reports' reminders for a run, from the départements' settings and the reports of the last
 * open quarter and the one before (a report may be due after the next quarter has opened). Pure.
 */
export function reportReminders(
  today: string,
  rows: readonly DepartmentReportRow[],
  responsible: ReadonlyMap<string, readonly string[]>,
): DueReminder[] {
  const current = lastOpenPeriod(today);
  const periods = [current, previousPeriod(current)];
  const byDepartment = new Map<string, { settings: DepartmentReportRow; status: Map<string, string> }>();
  for (const row of rows) {
    const entry = byDepartment.get(row.code) ?? { settings: row, status: new Map() };
    if (row.period && row.status) entry.status.set(row.period, row.status);
    byDepartment.set(row.code, entry);
  }
  const out: DueReminder[] = [];
  for (const [code, { settings, status }] of byDepartment) {
    const organisationIds = responsible.get(code) ?? [];
    for (const period of periods) {
      const draft = (status.get(period) ?? "draft") === "draft";
      if (!draft) continue;
      const link = `/departements/${code}/trimestres/${period}`;
      const opens = opensOn(period);
      const due = dueOn(period, settings.reportDueDays);
      const base = { departmentCode: code, subject: period, link };
      if (period === current && today >= opens && daysBetween(opens, today) < QUARTER_OPEN_DAYS) {
        out.push({
          ...base,
          kind: "quarter_open",
          occurrence: "once",
          audience: { prefecture: true, organisationIds },
          title: `Le rapport trimestriel ${period} est ouvert à la saisie`,
          body: `La saisie des indicateurs du trimestre ${period} est ouverte. Le rapport est attendu le ${fr(due)}.`,
          reason: `le rapport ${period} de votre département attend vos indicateurs`,
        });
      }
      if (today < due && daysBetween(today, due) <= DUE_SOON_DAYS) {
        out.push({
          ...base,
          kind: "report_due_soon",
          occurrence: "once",
          audience: { prefecture: true, organisationIds: [] },
          title: `Le rapport ${period} est attendu le ${fr(due)}`,
          body: `Le rapport trimestriel ${period} doit être soumis au plus tard le ${fr(due)}.`,
          reason: `vous répondez du rapport trimestriel de votre département`,
        });
      }
      if (today > due) {
        // Weekly while it is not submitted: week 0 from the day after the due date, then every 7 days.
        const week = Math.floor((daysBetween(due, today) - 1) / 7);
        out.push({
          ...base,
          kind: "report_overdue",
          occurrence: `w${week}`,
          audience: { prefecture: true, organisationIds: [] },
          title: `Rapport ${period} en retard`,
          body: `Le rapport trimestriel ${period} était attendu le ${fr(due)} et n'a pas encore été soumis.`,
          reason: `vous répondez du rapport trimestriel de votre département (ce rappel ne peut pas être désactivé)`,
        });
      }
      const until = memberEntryUntil(period, settings.memberEntryDays);
      if (until && today <= until && daysBetween(today, until) <= ENTRY_CLOSING_DAYS && today >= opens) {
        out.push({
          ...base,
          kind: "member_entry_closing",
          occurrence: "once",
          audience: { prefecture: false, organisationIds },
          title: `Saisie du rapport ${period} : dernier jour le ${fr(until)}`,
          body: `La saisie des organisations pour le rapport ${period} se termine le ${fr(until)} au soir. Après cette date, transmettez vos chiffres à la préfecture.`,
          reason: `votre organisation répond à des indicateurs du rapport ${period}`,
        });
      }
    }
  }
  return out;
}

/** Two grouped statements whatever the number of départements. */
export const reportsReminderSource: ReminderSource = {
  kinds: ["quarter_open", "report_due_soon", "report_overdue", "member_entry_closing"],
  async due(db: Db, run: ReminderRun) {
    if (run.departmentCodes.length === 0) return [];
    const current = lastOpenPeriod(run.today);
    const codes = codesJson(run.departmentCodes);
    const [rows, owners] = await db.batch([
      db
        .select({
          code: departments.code,
          reportDueDays: departments.reportDueDays,
          memberEntryDays: departments.memberEntryDays,
          period: reports.period,
          status: reports.status,
        })
        .from(departments)
        .leftJoin(
          reports,
          and(
            eq(reports.departmentCode, departments.code),
            sql`${reports.period} in (${current}, ${previousPeriod(current)})`,
          ),
        )
        .where(sql`${departments.code} in (select value from json_each(${codes}))`),
      db
        .selectDistinct({
          code: indicatorAssignments.departmentCode,
          id: indicatorAssignments.organisationId,
        })
        .from(indicatorAssignments)
        .where(sql`${indicatorAssignments.departmentCode} in (select value from json_each(${codes}))`)
        .union(
          db
            .selectDistinct({
              code: actionSheets.departmentCode,
              id: sql<string>`${actionSheets.pilotOrganisationId}`,
            })
            .from(actionSheets)
            .where(
              and(
                isNotNull(actionSheets.pilotOrganisationId),
                sql`${actionSheets.departmentCode} in (select value from json_each(${codes}))`,
              ),
            ),
        ),
    ]);
    const responsible = new Map<string, string[]>();
    for (const o of owners) responsible.set(o.code, [...(responsible.get(o.code) ?? []), o.id]);
    return reportReminders(run.today, rows, responsible);
  },
};
