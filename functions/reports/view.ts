import { completenessOf } from "../../shared/completeness";
import { addDays, dueOn, expectedIn, opensOn, previousPeriod } from "../../shared/periods";
import type { Value } from "../../shared/units";
import { onTime } from "./domain/completeness";
import { type OrganisationPart, organisationProgress } from "./domain/progress";
import { type Actor, canEdit, isMemberWindowClosed, type ReportSnapshot } from "./domain/workflow";
import type { IndicatorRow, ValueRow } from "./queries";
import type { reports } from "./schema";

export type ReportRow = typeof reports.$inferSelect;

/** The members' last day of entry, from the département's setting (null: no window). */
export function memberEntryUntil(period: string, memberEntryDays: number | null): string | null {
  return memberEntryDays === null ? null : dueOn(period, memberEntryDays);
}

export function snapshotOf(
  period: string,
  row: ReportRow | null,
  department: { memberEntryDays: number | null },
): ReportSnapshot & { version: number } {
  return {
    period,
    status: row?.status ?? "draft",
    submittedAt: row?.submittedAt ?? null,
    firstSubmittedAt: row?.firstSubmittedAt ?? null,
    validatedAt: row?.validatedAt ?? null,
    validatedByRole: row?.validatedByRole ?? null,
    version: row?.version ?? 0,
    memberEntryUntil: memberEntryUntil(period, department.memberEntryDays),
  };
}

/**
 * The report row a successful conditional write leaves: the row read (or, for the first write of
 * the quarter, a new draft) with the fields written. Answering from it spares a second read.
 */
export function reportAfterWrite(
  row: ReportRow | null,
  key: { departmentCode: string; period: string; now: string },
  written: Partial<ReportRow> & { version: number },
): ReportRow {
  const base: ReportRow = row ?? {
    departmentCode: key.departmentCode,
    period: key.period,
    status: "draft",
    version: 0,
    submittedAt: null,
    submittedBy: null,
    firstSubmittedAt: null,
    validatedAt: null,
    validatedBy: null,
    validatedByRole: null,
    reopenedAt: null,
    reopenedBy: null,
    reopenReason: null,
    createdAt: key.now,
    updatedAt: key.now,
  };
  return { ...base, updatedAt: key.now, ...written };
}

/** The quarter's values once `changes` are written (a null state clears the value). */
export function valuesAfterWrite(
  values: ValueRow[],
  period: string,
  changes: { indicator: string; state: ValueRow["state"] | null; value: unknown; comment: string | null }[],
  stamp: { updatedAt: string; updatedBy: string | null },
): ValueRow[] {
  const touched = new Set(changes.map((ch) => ch.indicator));
  return [
    ...values.filter((v) => v.period !== period || !touched.has(v.indicatorCode)),
    ...changes.flatMap((ch) =>
      ch.state === null
        ? []
        : [
            {
              period,
              indicatorCode: ch.indicator,
              state: ch.state,
              value: ch.value,
              comment: ch.comment,
              ...stamp,
            },
          ],
    ),
  ];
}

/** Indicators asked for in this quarter: by periodicity, and retired ones only where they were answered. */
export function expectedIndicators(
  all: IndicatorRow[],
  period: string,
  answered: Set<string>,
): IndicatorRow[] {
  return all.filter((i) => expectedIn(i.periodicity, period) && (!i.retiredAt || answered.has(i.code)));
}

export type ReportView = ReturnType<typeof buildReportView>;

/** The quarter report as clients see it: header, workflow state and one item per expected indicator. */
export function buildReportView(input: {
  departmentCode: string;
  period: string;
  department: { reportDueDays: number; memberEntryDays: number | null };
  report: ReportRow | null;
  indicators: IndicatorRow[];
  values: ValueRow[];
  derived: Map<string, Value>;
  /** Organisations by id (who answers each indicator, their part of the report). */
  organisations?: ReadonlyMap<string, OrganisationPart>;
  /** Who submitted and validated (e-mails), and the users holding the validator right. */
  people?: {
    submittedBy: string | null;
    validatedBy: string | null;
    validators: readonly string[];
    validatorEmails?: readonly string[];
  };
  today: string;
  actor: Actor;
}) {
  const { period, report } = input;
  const previous = previousPeriod(period);
  const current = new Map(input.values.filter((v) => v.period === period).map((v) => [v.indicatorCode, v]));
  const before = new Map(input.values.filter((v) => v.period === previous).map((v) => [v.indicatorCode, v]));
  const expected = expectedIndicators(input.indicators, period, new Set(current.keys()));
  const snapshot = snapshotOf(period, report, input.department);
  const dueDate = dueOn(period, input.department.reportDueDays);
  const isPrefecture = input.actor.roles.includes("prefecture");
  // The window closes members' entry only: national users read, and never write, either way.
  const isMemberOnly = !isPrefecture && input.actor.roles.includes("member");

  const items = expected.map((i) => {
    const derived = i.derivedKey !== null;
    const v = current.get(i.code);
    const p = before.get(i.code);
    const decision = canEdit(
      snapshot,
      input.actor,
      { code: i.code, derived, responsibleOrganisationId: i.responsibleOrganisationId },
      input.today,
    );
    return {
      indicator: i.code,
      label: i.label,
      unit: i.unit,
      periodicity: i.periodicity,
      scope: i.departmentCode === null ? ("national" as const) : ("local" as const),
      measureNumber: i.measureNumber,
      axisCode: i.axisCode,
      axisTitle: i.axisTitle,
      sheetCode: i.sheetCode,
      sheetTitle: i.sheetTitle,
      responsibleOrganisationId: i.responsibleOrganisationId,
      responsibleOrganisationName:
        i.responsibleOrganisationId === null
          ? null
          : (input.organisations?.get(i.responsibleOrganisationId)?.name ?? null),
      target: i.target,
      derived,
      state: derived ? ("value" as const) : (v?.state ?? null),
      value: derived ? (input.derived.get(i.code) ?? null) : ((v?.value as Value | null | undefined) ?? null),
      comment: v?.comment ?? null,
      previousState: p?.state ?? null,
      previousValue: (p?.value as Value | null | undefined) ?? null,
      updatedAt: v?.updatedAt ?? null,
      updatedBy: v?.updatedBy ?? null,
      retired: i.retiredAt !== null,
      editable: decision.allowed,
    };
  });

  const lock =
    snapshot.status === "validated"
      ? {
          reason: "validated" as const,
          at: snapshot.validatedAt ?? null,
          byRole: snapshot.validatedByRole ?? null,
        }
      : input.today < opensOn(period)
        ? { reason: "period_not_open" as const, at: opensOn(period), byRole: null }
        : snapshot.status === "submitted" && !isPrefecture
          ? { reason: "submitted" as const, at: snapshot.submittedAt ?? null, byRole: "prefecture" as const }
          : isMemberOnly && isMemberWindowClosed(snapshot, input.today)
            ? {
                reason: "window_closed" as const,
                at: addDays(snapshot.memberEntryUntil as string, 1),
                byRole: "prefecture" as const,
              }
            : null;

  return {
    departmentCode: input.departmentCode,
    period,
    status: snapshot.status,
    version: snapshot.version,
    opensOn: opensOn(period),
    dueDate,
    memberEntryUntil: snapshot.memberEntryUntil ?? null,
    onTime: onTime(dueDate, snapshot.firstSubmittedAt ?? snapshot.submittedAt, input.today),
    completeness: completenessOf({
      period,
      today: input.today,
      expected: items.filter((i) => !i.derived).length,
      answered: items.filter((i) => !i.derived && i.state !== null).length,
    }),
    submittedAt: snapshot.submittedAt ?? null,
    submittedBy: snapshot.status === "draft" ? null : (input.people?.submittedBy ?? null),
    validatedAt: snapshot.validatedAt ?? null,
    validatedBy: snapshot.status === "validated" ? (input.people?.validatedBy ?? null) : null,
    validatedByRole: snapshot.validatedByRole ?? null,
    validators: input.people?.validators.length ?? 0,
    validatorEmails: [...(input.people?.validatorEmails ?? [])],
    // The prefecture follows every organisation; a member sees their own organisation's part.
    organisations: organisationProgress(items, input.organisations ?? new Map()).filter(
      (o) =>
        isPrefecture ||
        input.actor.roles.includes("national") ||
        input.actor.organisationIds.includes(o.organisationId),
    ),
    reopenedAt: report?.reopenedAt ?? null,
    reopenReason: report?.reopenReason ?? null,
    lock,
    items,
  };
}
