import { dueOn, periodOf, previousPeriod } from "../../../shared/period-calendar";

/** The département's report settings as the form edits them: text fields in, API body out. */

export type SettingsForm = { reportDueDays: string; memberEntryDays: string };
export type SettingsBody = { reportDueDays: number; memberEntryDays: number | null };

export const formOf = (s: SettingsBody): SettingsForm => ({
  reportDueDays: String(s.reportDueDays),
  memberEntryDays: s.memberEntryDays === null ? "" : String(s.memberEntryDays),
});

/**
 * The body to send, or the fields the browser can already refuse (the API checks the bounds
 * again). An empty window means "no window": members enter until the report is submitted.
 */
export function bodyOf(form: SettingsForm): { body: SettingsBody } | { errors: Record<string, string> } {
  const errors: Record<string, string> = {};
  const due = wholeDays(form.reportDueDays);
  if (due === null) errors.reportDueDays = "Indiquez un nombre entier de jours.";
  const window = form.memberEntryDays.trim() === "" ? null : wholeDays(form.memberEntryDays);
  if (form.memberEntryDays.trim() !== "" && window === null) {
    errors.memberEntryDays = "Indiquez un nombre entier de jours, ou laissez vide.";
  }
  if (Object.keys(errors).length > 0 || due === null) return { errors };
  return { body: { reportDueDays: due, memberEntryDays: window } };
}

function wholeDays(text: string): number | null {
  const t = text.trim();
  return /^\d{1,4}$/.test(t) ? Number(t) : null;
}

/**
 * The dates the typed settings give the quarter being entered today (the last one ended), so
 * that "N jours" reads as a day: both delays count from the day after the quarter ends.
 */
export function datesFor(form: SettingsForm, today: string) {
  const period = previousPeriod(periodOf(today));
  const due = wholeDays(form.reportDueDays);
  const window = wholeDays(form.memberEntryDays);
  return {
    period,
    dueDate: due === null ? null : dueOn(period, due),
    memberEntryUntil: window === null ? null : dueOn(period, window),
  };
}
