/**
 * A member's list of quarters (pure, unit-tested in quarters.test.ts): only the quarters where
 * their organisation has something to do, the quarter being entered apart from older drafts.
 */
import { periodOf, previousPeriod } from "../../../shared/period-calendar";
import type { QuarterPart, ReportSummary } from "../../../shared/reports";
import { plural } from "../ui/french";
import { progressText } from "./model";

export type MemberQuarters = {
  /**
   * The quarter being entered (the latest open one): null when it is not on this page; `summary`
   * null when the organisation has nothing to enter in it.
   */
  entering: { period: string; summary: ReportSummary | null } | null;
  /**
   * Older quarters not submitted yet where the organisation has indicators and someone answered
   * at least one (a quarter nobody started is not a draft to finish), newest first.
   */
  olderDrafts: ReportSummary[];
  /** Older quarters submitted or validated where the organisation had indicators, newest first. */
  past: ReportSummary[];
};

/** The organisation has indicators to answer in this quarter (open: a future quarter asks nothing yet). */
export const hasWork = (summary: ReportSummary) =>
  summary.open && summary.ownOrganisations.some((o) => o.assigned > 0);

/**
 * At least one typed indicator of the quarter is answered, by anyone in the département
 * (completeness counts typed answers only; null: not open yet).
 */
export const hasAnswers = (summary: Pick<ReportSummary, "completeness">) => (summary.completeness ?? 0) > 0;

/** Groups a page of the list (newest first, as the API gives it) for a member, on `today`. */
export function memberQuarters(items: readonly ReportSummary[], today: string): MemberQuarters {
  const enteringPeriod = previousPeriod(periodOf(today));
  const current = items.find((s) => s.period === enteringPeriod);
  const older = items.filter((s) => s.period < enteringPeriod && hasWork(s));
  return {
    entering: current ? { period: enteringPeriod, summary: hasWork(current) ? current : null } : null,
    olderDrafts: older.filter((s) => s.status === "draft" && hasAnswers(s)),
    past: older.filter((s) => s.status !== "draft"),
  };
}

/** "3 sur 5 indicateurs renseignés", each organisation named when the member has several. */
export function ownProgressText(parts: readonly QuarterPart[]): string {
  const asked = parts.filter((p) => p.assigned > 0);
  if (asked.length === 1) {
    const [p] = asked as [QuarterPart];
    return `${progressText(p.answered, p.assigned)} ${plural(p.assigned, "renseigné", "renseignés")}`;
  }
  return asked.map((p) => `${p.name} : ${progressText(p.answered, p.assigned)}`).join(" ; ");
}

/** The member's deadline: the members' window when the département sets one, else the due date. */
export const memberDeadline = (summary: Pick<ReportSummary, "memberEntryUntil" | "dueDate">) =>
  summary.memberEntryUntil ?? summary.dueDate;
