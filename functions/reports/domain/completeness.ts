import { parisDate } from "../../../shared/periods";
import type { Unit, Value, ValueState } from "../../../shared/units";

/** An answer as stored: `state` null or absent means not answered yet. */
export type Answer = { indicator: string; state: ValueState | null };

/** Expected indicators without an answer, in the order given (what blocks a submission). */
export function missingIndicators(expected: readonly string[], answers: readonly Answer[]): string[] {
  const answered = new Set(answers.filter((a) => a.state).map((a) => a.indicator));
  return [...new Set(expected)].filter((code) => !answered.has(code));
}

/**
 * On time: submitted on or before the due date (French calendar day of the submission).
 * Not submitted: late once today is past the due date, otherwise `null` (not decided yet).
 * Pass the first submission instant: reopening a report does not make it late.
 */
export function onTime(
  dueDate: string,
  submittedAt: string | null | undefined,
  today: string,
): boolean | null {
  if (submittedAt) return parisDate(submittedAt) <= dueDate;
  return today > dueDate ? false : null;
}

/** One département's answer to one indicator for one quarter. */
export type DepartmentValue = { departmentCode: string; state: ValueState | null; value: Value | null };

export type Aggregate = {
  /** Départements whose state is `value` with a usable figure. */
  count: number;
  /** Sum of the figures (for yes/no: number of "oui"); null for percent and text, where it means nothing. */
  sum: number | null;
  /** Plain mean over reporting départements (for yes/no: share of "oui"); null when none report. */
  mean: number | null;
  notApplicable: number;
  notAvailable: number;
  missing: number;
};

/** National consolidation of one indicator over départements (one entry per département). */
export function aggregate(unit: Unit, values: readonly DepartmentValue[]): Aggregate {
  let count = 0;
  let total = 0;
  let notApplicable = 0;
  let notAvailable = 0;
  let missing = 0;
  for (const v of values) {
    if (v.state === "not_applicable") notApplicable++;
    else if (v.state === "not_available") notAvailable++;
    else if (v.state !== "value") missing++;
    else {
      const n =
        typeof v.value === "number" ? v.value : typeof v.value === "boolean" ? (v.value ? 1 : 0) : null;
      if (unit === "text") count++;
      else if (n !== null && Number.isFinite(n)) {
        count++;
        total += n;
      } else missing++;
    }
  }
  const numeric = unit !== "text";
  return {
    count,
    // No figure at all is "no data", not a sum of zero.
    sum: numeric && unit !== "percent" && count > 0 ? round(total) : null,
    mean: numeric && count > 0 ? round(total / count) : null,
    notApplicable,
    notAvailable,
    missing,
  };
}

/** Rounds away binary noise (0.1 + 0.2) without hiding real decimals. */
function round(n: number): number {
  return Number.parseFloat(n.toPrecision(12));
}
