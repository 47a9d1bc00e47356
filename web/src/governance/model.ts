import type { QuarterCompliance } from "../../../shared/governance";

const timeFormat = new Intl.DateTimeFormat("fr-FR", {
  dateStyle: "long",
  timeStyle: "short",
  timeZone: "UTC",
});

/**
 * A meeting's Paris wall-clock time as French text: "2026-11-12T14:00" → "12 novembre 2026 à 14:00".
 * The value is already Paris time: it is formatted as is (read as UTC, shown as UTC), never shifted.
 */
export function meetingTime(startsAt: string): string {
  const [date, time] = startsAt.split("T") as [string, string];
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  const [h, min] = time.split(":").map(Number) as [number, number];
  return timeFormat.format(new Date(Date.UTC(y, m - 1, d, h, min)));
}

/** What the compliance of a quarter says in one sentence. */
export function complianceText(c: QuarterCompliance): string {
  if (!c.flagged) {
    const n = c.plenaryMeetings;
    return `${n} séance${n > 1 ? "s" : ""} plénière${n > 1 ? "s" : ""} tenue${n > 1 ? "s" : ""}.`;
  }
  if (c.inProgress)
    return c.nextPlenaryAt
      ? `Aucune séance plénière tenue pour l'instant ; la prochaine est prévue le ${meetingTime(c.nextPlenaryAt)}.`
      : "Aucune séance plénière tenue ni prévue ce trimestre.";
  return "Aucune séance plénière tenue ce trimestre.";
}

/**
 * The subscription address in the `webcal://` scheme, which a browser hands to the default calendar
 * application (Thunderbird, Outlook, Apple Calendar); the https address stays for Google Agenda.
 */
export function webcalUrl(url: string): string {
  return url.replace(/^https?:\/\//i, "webcal://");
}

/** Where Google Agenda offers to add a calendar from a URL (the URL itself is pasted there). */
export const GOOGLE_ADD_BY_URL = "https://calendar.google.com/calendar/r/settings/addbyurl";
