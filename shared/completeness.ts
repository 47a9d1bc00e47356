import { isOpen } from "./periods.ts";

/**
 * THE completeness of a quarter report, used by every screen and API that shows one (report,
 * quarter list, national table, map, summary): typed indicators answered ÷ typed indicators
 * expected. Derived indicators (computed by the app) count in neither, so a report nobody touched
 * reads 0 %, not the share of what the app computes. A quarter not open yet has none (null).
 * Nothing typed is expected → 1 (nothing is missing).
 */
export function completenessOf(input: {
  period: string;
  today: string;
  /** Typed (non-derived) indicators expected this quarter. */
  expected: number;
  /** Of those, how many have an answer (value, not applicable or not available). */
  answered: number;
}): number | null {
  if (!isOpen(input.period, input.today)) return null;
  if (input.expected <= 0) return 1;
  return Math.min(input.answered, input.expected) / input.expected;
}

/** The mean completeness of rows that have one (null when none has): what a summary shows. */
export function meanCompleteness(rows: readonly { completeness: number | null }[]): number | null {
  const known = rows.flatMap((r) => (r.completeness === null ? [] : [r.completeness]));
  return known.length ? known.reduce((s, c) => s + c, 0) / known.length : null;
}
