import type { ReportItem } from "../../../shared/reports";

/** A typed national indicator with no answer, for the reports' unit tests; `fields` overrides any part. */
export const reportItem = (indicator: string, fields: Partial<ReportItem> = {}): ReportItem => ({
  indicator,
  label: `Indicateur ${indicator}`,
  unit: "count",
  periodicity: "quarterly",
  scope: "national",
  measureNumber: 1,
  axisCode: null,
  axisTitle: null,
  sheetCode: null,
  sheetTitle: null,
  responsibleOrganisationId: null,
  responsibleOrganisationName: null,
  target: null,
  derived: false,
  state: null,
  value: null,
  comment: null,
  previousState: null,
  previousValue: null,
  updatedAt: null,
  updatedBy: null,
  retired: false,
  editable: true,
  ...fields,
});
