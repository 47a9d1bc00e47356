import { and, desc, eq } from "drizzle-orm";
import { type DashboardSections, LAST_REMINDERS } from "../../shared/dashboard";
import { type DashboardRows, type DashboardScope, dashboardSection } from "../platform/dashboard";
import type { Db } from "../platform/db";
import { reminders } from "./schema";

/**
 * The dashboard's reminders section: the last reminders of the département (the log's newest
 * first), or for a member the last ones sent to them. One read.
 */
export function remindersDashboardReads(db: Db, scope: DashboardScope) {
  return [
    db
      .select({
        id: reminders.id,
        kind: reminders.kind,
        title: reminders.title,
        recipient: reminders.recipient,
        status: reminders.status,
        createdAt: reminders.createdAt,
        sentAt: reminders.sentAt,
        link: reminders.link,
      })
      .from(reminders)
      .where(
        and(
          eq(reminders.departmentCode, scope.departmentCode),
          scope.organisationIds === null ? undefined : eq(reminders.userId, scope.userId),
        ),
      )
      .orderBy(desc(reminders.createdAt), desc(reminders.id))
      .limit(LAST_REMINDERS),
  ] as const;
}

type Rows = DashboardRows<ReturnType<typeof remindersDashboardReads>>;

export function remindersDashboardSection(
  [rows]: Rows,
  scope: DashboardScope,
): DashboardSections["reminders"] {
  return {
    items: rows,
    link: scope.organisationIds === null ? `/departements/${scope.departmentCode}/relances` : null,
  };
}

export const remindersDashboard = dashboardSection({
  key: "reminders",
  reads: remindersDashboardReads,
  section: remindersDashboardSection,
});
