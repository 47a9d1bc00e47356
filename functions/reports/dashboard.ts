import { completenessOf } from "../../shared/completeness";
import type { DashboardSections } from "../../shared/dashboard";
import { lastOpenPeriod } from "../../shared/periods";
import { type DashboardRows, type DashboardScope, dashboardSection } from "../platform/dashboard";
import type { Db } from "../platform/db";
import { departmentOf, indicatorsOf, organisationsOf, reportOf, valuesOf } from "./queries";
import { buildReportView } from "./view";

/**
 * The dashboard's report section: the quarter being entered (the last one that ended), its status,
 * due date, completeness and each organisation's progress (who has not answered yet). A member
 * sees their own organisations' part, and the completeness of that part. The same five reads as a
 * report view, minus the previous quarter and the derived indicators (which count in no
 * completeness): one batch with the other sections.
 */
export function reportsDashboardReads(db: Db, scope: DashboardScope) {
  const period = lastOpenPeriod(scope.today);
  const code = scope.departmentCode;
  return [
    departmentOf(db, code),
    indicatorsOf(db, code),
    reportOf(db, code, period),
    valuesOf(db, code, [period]),
    organisationsOf(db, code, period),
  ] as const;
}

type Rows = DashboardRows<ReturnType<typeof reportsDashboardReads>>;

export function reportsDashboardSection(
  [departmentRows, indicators, reportRows, values, organisationRows]: Rows,
  scope: DashboardScope,
): DashboardSections["reports"] {
  const period = lastOpenPeriod(scope.today);
  const department = departmentRows[0] ?? { reportDueDays: 30, memberEntryDays: null };
  const mine = scope.organisationIds;
  const view = buildReportView({
    departmentCode: scope.departmentCode,
    period,
    department,
    report: reportRows[0] ?? null,
    indicators,
    values,
    derived: new Map(),
    organisations: new Map(
      organisationRows.map((o) => [o.id, { name: o.name, doneAt: o.doneAt, remindedAt: o.remindedAt }]),
    ),
    today: scope.today,
    // The view filters the organisations' progress by who asks: a member sees their own only.
    actor:
      mine === null
        ? { roles: ["prefecture"], organisationIds: [] }
        : { roles: ["member"], organisationIds: [...mine] },
  });
  const completeness =
    mine === null
      ? view.completeness
      : completenessOf({
          period,
          today: scope.today,
          expected: view.organisations.reduce((n, o) => n + o.assigned, 0),
          answered: view.organisations.reduce((n, o) => n + o.answered, 0),
        });
  const deadline = mine === null ? view.dueDate : (view.memberEntryUntil ?? view.dueDate);
  return {
    period,
    status: view.status,
    opensOn: view.opensOn,
    dueDate: view.dueDate,
    memberEntryUntil: view.memberEntryUntil,
    deadline,
    overdue: view.status === "draft" && scope.today > view.dueDate,
    completeness,
    organisations: view.organisations.map((o) => ({
      organisationId: o.organisationId,
      name: o.name,
      assigned: o.assigned,
      answered: o.answered,
      done: o.doneAt !== null,
      remindedAt: o.remindedAt,
    })),
    link: `/departements/${scope.departmentCode}/trimestres/${period}${mine === null ? "" : "?mes-indicateurs=1"}`,
  };
}

export const reportsDashboard = dashboardSection({
  key: "reports",
  reads: reportsDashboardReads,
  section: reportsDashboardSection,
});
