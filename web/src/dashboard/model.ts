/**
 * Pure helpers of the département's dashboard (no React: unit-tested in model.test.ts).
 */
import type { Dashboard } from "../../../shared/dashboard";
import { countOf } from "../ui/french";

export type DashboardReport = Dashboard["sections"]["reports"];
export type OrganisationProgress = DashboardReport["organisations"][number];

/** "3e trimestre 2026", "1er trimestre 2027". */
export function quarterLabel(period: string): string {
  // Not shared/periods' parsePeriod: that module brings zod into the département page's first load.
  const [year, quarter] = [period.slice(0, 4), period.slice(-1)];
  return `${quarter === "1" ? "1er" : `${quarter}e`} trimestre ${year}`;
}

/** "50 %" (French spacing: a narrow no-break space before the sign); "—" when there is none. */
export function percent(value: number | null): string {
  return value === null ? "—" : `${Math.round(value * 100)}\u202f%`;
}

/** Whole days from `from` to `to` (both `YYYY-MM-DD`). */
export const daysBetween = (from: string, to: string) =>
  Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000);

/** "dans 3 jours", "aujourd'hui", "depuis 5 jours" (past due). */
export function dueIn(today: string, day: string): string {
  const n = daysBetween(today, day);
  if (n === 0) return "aujourd'hui";
  if (n === 1) return "demain";
  return n > 0 ? `dans ${countOf(n, "jour", "jours")}` : `en retard de ${countOf(-n, "jour", "jours")}`;
}

/**
 * Organisations that have not finished their part (not said « J'ai terminé » and not every
 * indicator answered), those with the least done first; then the ones that have.
 */
export function pendingFirst(rows: readonly OrganisationProgress[]) {
  const finished = (o: OrganisationProgress) => o.done || o.answered >= o.assigned;
  const pending = rows
    .filter((o) => !finished(o))
    .sort((a, b) => a.answered / a.assigned - b.answered / b.assigned || a.name.localeCompare(b.name, "fr"));
  return { pending, finished: rows.filter(finished) };
}
