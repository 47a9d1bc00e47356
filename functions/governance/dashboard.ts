import { ACTIONS_DUE_WITHIN_DAYS, type DashboardSections } from "../../shared/dashboard";
import { addDays, nextPeriod, periodOf, periodStart } from "../../shared/periods";
import { type DashboardRows, type DashboardScope, dashboardSection } from "../platform/dashboard";
import type { Db } from "../platform/db";
import { quarterCompliance } from "./domain/compliance";
import { actionsOf, bodiesOf, meetingsBetween } from "./queries";

/**
 * The dashboard's governance section: the quarter in progress's compliance (flagged while no
 * plenary meeting has been held), the next meeting, and the open follow-up actions overdue or due
 * within 14 days (a member: those their organisations own). Three reads.
 */
export function governanceDashboardReads(db: Db, scope: DashboardScope) {
  const code = scope.departmentCode;
  const quarter = periodOf(scope.today);
  return [
    bodiesOf(db, code),
    meetingsBetween(db, code, periodStart(quarter), periodStart(nextPeriod(quarter))),
    meetingsBetween(db, code, scope.today, "9999").limit(1),
    actionsOf(db, code, {
      status: "open",
      // Due before the day after the window's last day: overdue ones and those due within 14 days.
      dueBefore: addDays(scope.today, ACTIONS_DUE_WITHIN_DAYS + 1),
      ownerIds: scope.organisationIds ?? undefined,
    }),
  ] as const;
}

type Rows = DashboardRows<ReturnType<typeof governanceDashboardReads>>;

export function governanceDashboardSection(
  [bodies, quarterMeetings, next, actions]: Rows,
  scope: DashboardScope,
): DashboardSections["governance"] {
  const quarter = periodOf(scope.today);
  const compliance = quarterCompliance(quarter, scope.today, bodies, quarterMeetings);
  const link = `/departements/${scope.departmentCode}/gouvernance`;
  const meeting = next[0];
  return {
    period: quarter,
    bodyDesignated: compliance.bodyDesignated,
    flagged: compliance.flagged,
    plenaryMeetings: compliance.plenaryMeetings,
    nextMeeting: meeting
      ? {
          id: meeting.id,
          kind: meeting.kind,
          groupName: meeting.groupName,
          startsAt: meeting.startsAt,
          location: meeting.location,
        }
      : null,
    actionsDue: actions.map((a) => ({
      id: a.id,
      title: a.title,
      owner: { id: a.ownerId, name: a.ownerName },
      dueOn: a.dueOn,
      overdue: a.dueOn < scope.today,
      link: `${link}#actions`,
    })),
    link,
  };
}

export const governanceDashboard = dashboardSection({
  key: "governance",
  reads: governanceDashboardReads,
  section: governanceDashboardSection,
});
