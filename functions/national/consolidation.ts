import { dueOn, expectedIn } from "../../shared/periods";
import { onTime } from "../reports/domain/completeness";
import type { reports } from "../reports/schema";

type ReportRow = typeof reports.$inferSelect;
type IndicatorLite = {
  code: string;
  departmentCode: string | null;
  periodicity: "quarterly" | "annual";
  derivedKey: string | null;
};

/**
 * One row per département for a quarter: workflow status, completeness and punctuality. Same
 * rules as a single report (functions/reports/view.ts): derived indicators are always answered,
 * retired indicators count only where they were answered.
 */
export function completenessRows(input: {
  period: string;
  today: string;
  departments: { code: string; name: string; reportDueDays: number }[];
  indicators: IndicatorLite[];
  reports: ReportRow[];
  answered: { departmentCode: string; answered: number; retiredAnswered: number }[];
}) {
  const applicable = input.indicators.filter((i) => expectedIn(i.periodicity, input.period));
  const national = applicable.filter((i) => i.departmentCode === null);
  const localCount = new Map<string, { all: number; derived: number }>();
  for (const i of applicable) {
    if (i.departmentCode === null) continue;
    const n = localCount.get(i.departmentCode) ?? { all: 0, derived: 0 };
    n.all++;
    if (i.derivedKey) n.derived++;
    localCount.set(i.departmentCode, n);
  }
  const nationalDerived = national.filter((i) => i.derivedKey).length;
  const reportOf = new Map(input.reports.map((r) => [r.departmentCode, r]));
  const answeredOf = new Map(input.answered.map((a) => [a.departmentCode, a]));

  return input.departments.map((d) => {
    const local = localCount.get(d.code) ?? { all: 0, derived: 0 };
    const a = answeredOf.get(d.code) ?? { answered: 0, retiredAnswered: 0 };
    const expected = national.length + local.all + Number(a.retiredAnswered ?? 0);
    const answered = Number(a.answered) + nationalDerived + local.derived;
    const r = reportOf.get(d.code);
    const dueDate = dueOn(input.period, d.reportDueDays);
    return {
      departmentCode: d.code,
      departmentName: d.name,
      status: r?.status ?? ("draft" as const),
      started: r !== undefined,
      completeness: expected === 0 ? 1 : answered / expected,
      dueDate,
      submittedAt: r?.submittedAt ?? null,
      validatedAt: r?.validatedAt ?? null,
      onTime: onTime(dueDate, r?.firstSubmittedAt ?? r?.submittedAt ?? null, input.today),
    };
  });
}
