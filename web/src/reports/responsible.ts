/**
 * The entry page's « Renseigné par » filter (pure, unit-tested in responsible.test.ts): every
 * organisation answering an indicator of this quarter, the prefecture, or all. Kept in the
 * address as `?organisation=<id>` or `?organisation=prefecture` (the partners' e-mails link there).
 */
import type { ReportItem } from "../../../shared/reports";

export const PREFECTURE = "prefecture";

export type ResponsibleOption = { value: string; label: string };

/** « toutes », « la préfecture », then each organisation with typed indicators here, by name. */
export function responsibleOptions(
  items: readonly ReportItem[],
  names: ReadonlyMap<string, string> = new Map(),
): ResponsibleOption[] {
  const organisations = new Map<string, string>();
  for (const i of items) {
    if (i.derived || i.responsibleOrganisationId === null) continue;
    organisations.set(
      i.responsibleOrganisationId,
      i.responsibleOrganisationName ?? names.get(i.responsibleOrganisationId) ?? "Organisation inconnue",
    );
  }
  return [
    { value: "", label: "Toutes" },
    { value: PREFECTURE, label: "La préfecture" },
    ...[...organisations]
      .map(([value, label]) => ({ value, label }))
      .sort((a, b) => a.label.localeCompare(b.label, "fr")),
  ];
}

/**
 * The filter in force: the address's value when it names an option, else none (an organisation
 * with nothing to answer this quarter, or a mistyped link, shows every indicator).
 */
export function responsibleFilter(value: string | null, options: readonly ResponsibleOption[]): string {
  return value && options.some((o) => o.value === value) ? value : "";
}

/** Rows the filter keeps: computed indicators are answered by nobody, so only « toutes » shows them. */
export function byResponsible(items: readonly ReportItem[], filter: string): ReportItem[] {
  if (!filter) return [...items];
  return items.filter(
    (i) =>
      !i.derived &&
      (filter === PREFECTURE ? i.responsibleOrganisationId === null : i.responsibleOrganisationId === filter),
  );
}
