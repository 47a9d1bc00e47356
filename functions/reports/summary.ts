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
  reports: ReportRow[];
  answered: { departmentCode: string; answered: number; retiredAnswered: number }[];
}) {
  const applicable = input.indicators.filter((i) => expectedIn(i.periodicity, input.period));
  const count = (dept: string | null, derivedOnly: boolean) =>
    applicable
      .filter((i) => i.departmentCode === dept)
      .reduce((sum, i) => sum + Number(derivedOnly ? i.derived : i.n), 0);
  const national = { all: count(null, false), derived: count(null, true) };
  const reportOf = new Map(input.reports.map((r) => [r.departmentCode, r]));
  const answeredOf = new Map(input.answered.map((a) => [a.departmentCode, a]));

  return input.departments.map((d) => {
    const local = { all: count(d.code, false), derived: count(d.code, true) };
    const a = answeredOf.get(d.code) ?? { answered: 0, retiredAnswered: 0 };
    const expected =
      national.all - national.derived + local.all - local.derived + Number(a.retiredAnswered ?? 0);
    const answered = Number(a.answered);
    const r = reportOf.get(d.code);
    const dueDate = dueOn(input.period, d.reportDueDays);
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
