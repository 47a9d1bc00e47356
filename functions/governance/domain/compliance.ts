import type { QuarterCompliance } from "../../../shared/governance";
import { addDays, nextPeriod, periodEnd, periodStart } from "../../../shared/periods";

/**
 * The circulars' rule: the body meets at least once a quarter in plenary session. A quarter is
 * flagged while no plenary has been held in it: a quarter that ended without one stays flagged; the
 * quarter in progress is flagged until one is held (a plenary planned later in the quarter is shown,
 * but is not yet a meeting held). Meetings count from their day in Europe/Paris.
 */
export type MeetingFact = { startsAt: string; kind: "plenary" | "thematic" };
export type BodyFact = { designatedOn: string; replacedAt: string | null };

/** Whether a body stood on the quarter's last day (or, for the quarter in progress, today). */
export function bodyStood(bodies: readonly BodyFact[], day: string): boolean {
  return bodies.some(
    (b) => b.designatedOn <= day && (b.replacedAt === null || b.replacedAt.slice(0, 10) > day),
  );
}

export function quarterCompliance(
  period: string,
  today: string,
  bodies: readonly BodyFact[],
  meetings: readonly MeetingFact[],
): QuarterCompliance {
  const start = periodStart(period);
  const end = periodEnd(period);
  const inProgress = today >= start && today <= end;
  // Held: on a day of the quarter that is not after today (a later one is planned, not held).
  const lastDay = inProgress ? today : end;
  const inQuarter = meetings.filter(
    (m) => m.startsAt.slice(0, 10) >= start && m.startsAt < periodStart(nextPeriod(period)),
  );
  const held = inQuarter.filter((m) => m.startsAt.slice(0, 10) <= lastDay);
  const plenaries = held.filter((m) => m.kind === "plenary").length;
  const next = inQuarter
    .filter((m) => m.kind === "plenary" && m.startsAt.slice(0, 10) > today)
    .map((m) => m.startsAt)
    .sort()[0];
  return {
    period,
    bodyDesignated: bodyStood(bodies, lastDay),
    plenaryMeetings: plenaries,
    meetingsHeld: held.length,
    nextPlenaryAt: next ?? null,
    flagged: today >= start && plenaries === 0,
    inProgress,
  };
}

/** The "no plenary yet" reminder starts three weeks before the quarter's last day. */
export const NO_PLENARY_WARNING_DAYS = 21;

/** Whether `today` falls in the last three weeks of its quarter (the "no plenary yet" window). */
export function inNoPlenaryWindow(period: string, today: string): boolean {
  const end = periodEnd(period);
  return today >= addDays(end, -NO_PLENARY_WARNING_DAYS) && today <= end;
}
