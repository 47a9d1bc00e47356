import joursFeries from "@socialgouv/jours-feries";
import { parisDate } from "../../shared/periods";
import type { ReminderTrigger } from "../platform/reminders";

/**
 * When reminders run. Cron triggers run in UTC and France changes hour twice a year, so each run
 * has two expressions (winter, UTC+1; summer, UTC+2) and the handler keeps only the one that falls
 * at the chosen Paris hour (wrangler.toml lists the same strings; calendar.test.ts checks both).
 */
export const QUARTER_START_CRONS = ["0 7 1 1 *", "0 6 1 4,7,10 *"] as const; // 08:00 Paris on 1 Jan / 1 Apr, Jul, Oct
export const DAILY_CRONS = ["30 6 * * 1-5", "30 7 * * 1-5"] as const; // 08:30 Paris, Monday to Friday
export const DAILY_PARIS_TIME = "08:30";
export const QUARTER_START_PARIS_TIME = "08:00";

const parisTime = new Intl.DateTimeFormat("en-GB", {
  timeZone: "Europe/Paris",
  hour: "2-digit",
  minute: "2-digit",
  hourCycle: "h23",
});
const parisWeekday = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Paris", weekday: "short" });

/** `HH:MM` in Paris at an instant. */
export const parisClock = (at: Date) => parisTime.format(at);

/** Which reminder run a cron firing is, or null (not a reminder cron, or the off-season twin). */
export function triggerOf(cron: string, at: Date): ReminderTrigger | null {
  if ((QUARTER_START_CRONS as readonly string[]).includes(cron))
    return parisClock(at) === QUARTER_START_PARIS_TIME ? "quarter_start" : null;
  if ((DAILY_CRONS as readonly string[]).includes(cron)) {
    const weekday = parisWeekday.format(at);
    if (weekday === "Sat" || weekday === "Sun") return null;
    return parisClock(at) === DAILY_PARIS_TIME ? "daily" : null;
  }
  return null;
}

const ALSACE_MOSELLE = new Set(["57", "67", "68"]);
/** Abolition of slavery, a public holiday on its own day in each overseas département. */
const ABOLITION: Record<string, string> = {
  "971": "05-27",
  "972": "05-22",
  "973": "06-10",
  "974": "12-20",
  "976": "04-27",
};

const pad = (n: number) => String(n).padStart(2, "0");
const cache = new Map<string, Set<string>>();

/** The public holidays of a département in a year, `YYYY-MM-DD` (national, Alsace-Moselle, DROM). */
export function holidays(departmentCode: string, year: number): Set<string> {
  const cacheKey = `${departmentCode}:${year}`;
  const cached = cache.get(cacheKey);
  if (cached) return cached;
  const alsace = ALSACE_MOSELLE.has(departmentCode);
  const days = new Set(
    Object.values(joursFeries(year, { alsace })).map(
      // The library builds local-midnight Dates; workerd's local time zone is UTC.
      (d) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`,
    ),
  );
  const abolition = ABOLITION[departmentCode];
  if (abolition) days.add(`${year}-${abolition}`);
  cache.set(cacheKey, days);
  return days;
}

/** Monday to Friday and not a public holiday of the département. */
export function isWorkingDay(departmentCode: string, day: string): boolean {
  const weekday = new Date(`${day}T12:00:00Z`).getUTCDay();
  if (weekday === 0 || weekday === 6) return false;
  return !holidays(departmentCode, Number(day.slice(0, 4))).has(day);
}

/** The départements a run concerns: all on a quarter start, those on a working day for the daily run. */
export function departmentsFor(trigger: ReminderTrigger, at: Date, codes: readonly string[]): string[] {
  if (trigger === "quarter_start") return [...codes];
  const day = parisDate(at);
  return codes.filter((code) => isWorkingDay(code, day));
}
