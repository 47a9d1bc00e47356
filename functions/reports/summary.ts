import { completenessOf } from "../../shared/completeness";
import { dueOn, expectedIn } from "../../shared/periods";
import { onTime } from "./domain/completeness";
import type { reports } from "./schema";

type ReportRow = typeof reports.$inferSelect;
/** Active indicators counted by département (null: national) and periodicity; `derived` of them are derived. */
type IndicatorCount = {
  departmentCode: string | null;
  periodicity: "quarterly" | "annual";
  n: number;
  derived: number;
};

/**
 * One row per département for a quarter: workflow status, completeness and punctuality. Same
 * rules as a single report (functions/reports/view.ts, shared/completeness.ts): derived
 * indicators count in neither term, retired indicators count only where they were answered.
 */
export function completenessRows(input: {
  period: string;
  today: string;
  departments: { code: string; name: string; reportDueDays: number }[];
  indicators: IndicatorCount[];
  reports: Pick<
    ReportRow,
    "departmentCode" | "status" | "submittedAt" | "firstSubmittedAt" | "validatedAt"
  >[];
  answered: { departmentCode: string; answered: number; retiredAnswered: number }[];
}) {
  // Counts summed once per département (a few hundred rows), not filtered again for each of 101.
  const counts = new Map<string | null, { all: number; derived: number }>();
  for (const i of input.indicators) {
    if (!expectedIn(i.periodicity, input.period)) continue;
    const c = counts.get(i.departmentCode) ?? { all: 0, derived: 0 };
    c.all += Number(i.n);
    c.derived += Number(i.derived);
    counts.set(i.departmentCode, c);
  }
  const none = { all: 0, derived: 0 };
  const national = counts.get(null) ?? none;
  const reportOf = new Map(input.reports.map((r) => [r.departmentCode, r]));
  const answeredOf = new Map(input.answered.map((a) => [a.departmentCode, a]));
  // The same due date for every département with the same delay: computed once per delay.
  const dueDates = new Map<number, string>();
  const dueDateOf = (days: number) => {
    let due = dueDates.get(days);
    if (due === undefined) {
      due = dueOn(input.period, days);
      dueDates.set(days, due);
    }
    return due;
  };

  return input.departments.map((d) => {
    const local = counts.get(d.code) ?? none;
    const a = answeredOf.get(d.code) ?? { answered: 0, retiredAnswered: 0 };
    const expected =
      national.all - national.derived + local.all - local.derived + Number(a.retiredAnswered ?? 0);
    const answered = Number(a.answered);
    const r = reportOf.get(d.code);
    const dueDate = dueDateOf(d.reportDueDays);
    return {
      departmentCode: d.code,
      departmentName: d.name,
      status: r?.status ?? ("draft" as const),
      started: r !== undefined,
      completeness: completenessOf({ period: input.period, today: input.today, expected, answered }),
      dueDate,
      submittedAt: r?.submittedAt ?? null,
      validatedAt: r?.validatedAt ?? null,
      onTime: onTime(dueDate, r?.firstSubmittedAt ?? r?.submittedAt ?? null, input.today),
    };
  });
}
