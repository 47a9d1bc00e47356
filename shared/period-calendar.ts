// Quarter and day arithmetic without zod: the browser loads this module (web/src), where zod would
// add ~90 KB to the entry page. The zod schemas of periods live in ./periods, which re-exports all of it.

/**
 * Reporting periods are calendar quarters written `2026-Q3`. Dates are UTC calendar days written
 * `YYYY-MM-DD`, compared as strings (the format sorts chronologically).
 */
export type Period = `${number}-Q${1 | 2 | 3 | 4}`;
export type Periodicity = "quarterly" | "annual";
export type Quarter = 1 | 2 | 3 | 4;

export const PERIOD_PATTERN = /^(\d{4})-Q([1-4])$/;
/** Longest range accepted by `range()`: ten years of quarters. */
export const MAX_RANGE = 40;

/** What the `Period` schema of ./periods accepts: `AAAA-Tn`, from 2001 on. */
export function isPeriod(value: string): value is Period {
  return PERIOD_PATTERN.test(value) && Number(value.slice(0, 4)) > 2000;
}

export function parsePeriod(value: string): { year: number; quarter: Quarter } {
  const m = PERIOD_PATTERN.exec(value);
  if (!m || Number(m[1]) < 2000)
    throw new RangeError(`Période invalide : « ${value} » (attendu AAAA-Tn, ex. 2026-Q3).`);
  return { year: Number(m[1]), quarter: Number(m[2]) as Quarter };
}

export function formatPeriod(year: number, quarter: number): Period {
  if (!Number.isInteger(year) || year < 2000 || year > 9999 || ![1, 2, 3, 4].includes(quarter)) {
    throw new RangeError(`Période invalide : année ${year}, trimestre ${quarter}.`);
  }
  return `${year}-Q${quarter}` as Period;
}

const pad = (n: number) => String(n).padStart(2, "0");
const ymd = (d: Date) => `${d.getUTCFullYear()}-${pad(d.getUTCMonth() + 1)}-${pad(d.getUTCDate())}`;

export function isValidDate(s: string): boolean {
  const [y, m, d] = s.split("-").map(Number) as [number, number, number];
  const date = new Date(Date.UTC(y, m - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === m - 1 && date.getUTCDate() === d;
}

/** Adds days to a `YYYY-MM-DD` date (UTC calendar arithmetic). */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split("-").map(Number) as [number, number, number];
  return ymd(new Date(Date.UTC(y, m - 1, d + days)));
}

/** The UTC calendar day of an instant. */
export function toDateString(instant: Date): string {
  return ymd(instant);
}

/** First day of the quarter. */
export function periodStart(period: string): string {
  const { year, quarter } = parsePeriod(period);
  return `${year}-${pad((quarter - 1) * 3 + 1)}-01`;
}

/** Last day of the quarter. */
export function periodEnd(period: string): string {
  const { year, quarter } = parsePeriod(period);
  // Day 0 of the next month is the last day of this one.
  return ymd(new Date(Date.UTC(year, quarter * 3, 0)));
}

export function nextPeriod(period: string): Period {
  const { year, quarter } = parsePeriod(period);
  return quarter === 4 ? formatPeriod(year + 1, 1) : formatPeriod(year, quarter + 1);
}

export function previousPeriod(period: string): Period {
  const { year, quarter } = parsePeriod(period);
  return quarter === 1 ? formatPeriod(year - 1, 4) : formatPeriod(year, quarter - 1);
}

/** -1, 0 or 1: chronological order of two periods. */
export function comparePeriods(a: string, b: string): number {
  const pa = parsePeriod(a);
  const pb = parsePeriod(b);
  return Math.sign(pa.year * 4 + pa.quarter - (pb.year * 4 + pb.quarter));
}

/** Every quarter from `from` to `to`, both included; at most MAX_RANGE quarters. */
export function range(from: string, to: string): Period[] {
  const a = parsePeriod(from);
  const b = parsePeriod(to);
  const count = b.year * 4 + b.quarter - (a.year * 4 + a.quarter) + 1;
  if (count < 1) throw new RangeError(`Intervalle invalide : ${from} est après ${to}.`);
  if (count > MAX_RANGE) {
    throw new RangeError(`Intervalle trop long : ${count} trimestres demandés, ${MAX_RANGE} au plus.`);
  }
  const out: Period[] = [formatPeriod(a.year, a.quarter)];
  while (out.length < count) out.push(nextPeriod(out[out.length - 1] as string));
  return out;
}

/** The quarter that contains a day. */
export function periodOf(date: string): Period {
  const [y, m] = date.split("-").map(Number) as [number, number];
  return formatPeriod(y, Math.floor((m - 1) / 3) + 1);
}

/** A quarter's report opens the day after the quarter ends. */
const opening = new Map<string, string>();
export function opensOn(period: string): string {
  // Asked once per row of the national view (completeness, due date): a few hundred periods at most.
  let day = opening.get(period);
  if (day === undefined) {
    day = addDays(periodEnd(period), 1);
    if (opening.size > 1000) opening.clear();
    opening.set(period, day);
  }
  return day;
}

/** The report is due `dueDays` days after it opens (the due day itself is still on time). */
export function dueOn(period: string, dueDays: number): string {
  if (!Number.isInteger(dueDays) || dueDays < 0) throw new RangeError(`Délai invalide : ${dueDays} jours.`);
  return addDays(opensOn(period), dueDays);
}

/** True while the quarter has not ended yet (today is within it or before it). */
export function isFuture(period: string, today: string): boolean {
  return today < opensOn(period);
}

/** True once values may be entered: from the day after the quarter ends. */
export function isOpen(period: string, today: string): boolean {
  return !isFuture(period, today);
}

/** The last quarter whose report is open on `today` (the quarter before today's). */
export function lastOpenPeriod(today: string): Period {
  return previousPeriod(periodOf(today));
}

/** An annual indicator is asked for in Q4 only; a quarterly one every quarter. */
export function expectedIn(periodicity: Periodicity, period: string): boolean {
  return periodicity === "quarterly" || parsePeriod(period).quarter === 4;
}

const parisFormat = new Intl.DateTimeFormat("en-CA", {
  timeZone: "Europe/Paris",
  year: "numeric",
  month: "2-digit",
  day: "2-digit",
});

/** The calendar day in metropolitan France at an instant: due dates are French administrative days. */
export function parisDate(instant: Date | string): string {
  const date = typeof instant === "string" ? new Date(instant) : instant;
  // Paris is UTC+1 or UTC+2: before 22:00 UTC it is the same calendar day there. Skipping
  // Intl's time-zone formatting then matters where a list dates each of its rows (national view).
  if (date.getUTCHours() < 22) return ymd(date);
  return parisFormat.format(date);
}
