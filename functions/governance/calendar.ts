import ical, { ICalCalendarMethod } from "ical-generator";
import { DateTime } from "luxon";
import { tzlib_get_ical_block } from "timezones-ical-library";
import type { Action, BodyKind, MeetingKind } from "../../shared/governance";
import { bodyKindShort } from "../../shared/governance";
import type { ReportDueDate } from "../reports/due-dates";

/**
 * The département's iCalendar feed (RFC 5545): meetings at their Paris wall-clock time with the
 * Europe/Paris VTIMEZONE (from timezones-ical-library: its data is bundled JS, it reads no file),
 * report due dates and open actions as all-day events. Pure: the route gathers the data.
 *
 * Luxon DateTimes in the Paris zone, never native Dates: ical-generator writes a Date with a
 * timezone from its UTC fields (wrong hour). The calendar itself has no named timezone, so that
 * DTSTAMP keeps its `Z`.
 */
export const PARIS = "Europe/Paris";

export type CalendarMeeting = {
  id: string;
  kind: MeetingKind;
  groupName: string | null;
  startsAt: string;
  durationMinutes: number;
  location: string;
  agenda: string;
};

export function calendarIcs(input: {
  departmentCode: string;
  departmentName: string;
  bodyKind: BodyKind | null;
  meetings: readonly CalendarMeeting[];
  reportDueDates: readonly ReportDueDate[];
  actions: readonly Action[];
  /** Links in the events point at the UI on this origin. */
  origin: string;
  now: Date;
}): string {
  const body = input.bodyKind ? bodyKindShort[input.bodyKind] : "Instance de gouvernance";
  const page = `${input.origin}/departements/${input.departmentCode}/gouvernance`;
  const calendar = ical({
    name: `Maillage — ${input.departmentName} (${input.departmentCode})`,
    description: `Réunions de l'instance de gouvernance, échéances des rapports trimestriels et actions de suivi.`,
    prodId: { company: "Maillage", product: "gouvernance", language: "FR" },
    method: ICalCalendarMethod.PUBLISH,
    ttl: 3600,
    timezone: { name: null, generator: (tz) => vtimezone(tz) },
  });
  const stamp = DateTime.fromJSDate(input.now, { zone: "utc" });
  for (const m of input.meetings) {
    const start = DateTime.fromISO(m.startsAt, { zone: PARIS });
    calendar.createEvent({
      id: `meeting-${m.id}@maillage`,
      start,
      end: start.plus({ minutes: m.durationMinutes }),
      timezone: PARIS,
      stamp,
      summary:
        m.kind === "plenary"
          ? `${body} — séance plénière`
          : `${body} — groupe « ${m.groupName ?? "thématique"} »`,
      description: m.agenda ? `Ordre du jour :\n${m.agenda}` : undefined,
      location: m.location || undefined,
      url: page,
    });
  }
  for (const r of input.reportDueDates) {
    const day = DateTime.fromISO(r.dueOn, { zone: PARIS });
    calendar.createEvent({
      id: `report-${input.departmentCode}-${r.period}@maillage`,
      start: day,
      end: day.plus({ days: 1 }),
      allDay: true,
      stamp,
      summary: `Rapport trimestriel ${r.period} à transmettre${r.submitted ? " (transmis)" : ""}`,
      url: `${input.origin}/departements/${input.departmentCode}/trimestres/${r.period}`,
    });
  }
  for (const a of input.actions) {
    const day = DateTime.fromISO(a.dueOn, { zone: PARIS });
    calendar.createEvent({
      id: `action-${a.id}@maillage`,
      start: day,
      end: day.plus({ days: 1 }),
      allDay: true,
      stamp,
      summary: `Action à échéance : ${a.title} (${a.owner.name})`,
      url: page,
    });
  }
  return calendar.toString();
}

function vtimezone(tz: string): string | null {
  const block = tzlib_get_ical_block(tz);
  return Array.isArray(block) ? (block[0] ?? null) : null;
}
