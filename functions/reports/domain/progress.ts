/**
 * Each organisation's part of a quarter report: what it is asked (typed indicators it answers),
 * what it answered, whether it said it had finished, and its last activity. Pure.
 */

export type ProgressItem = {
  responsibleOrganisationId: string | null;
  derived: boolean;
  state: string | null;
  updatedAt: string | null;
};

export type OrganisationPart = { name: string; doneAt: string | null; remindedAt: string | null };

export type OrganisationProgress = {
  organisationId: string;
  name: string;
  assigned: number;
  answered: number;
  doneAt: string | null;
  remindedAt: string | null;
  lastActivityAt: string | null;
};

/** One row per organisation asked at least one typed indicator, by name (French order). */
export function organisationProgress(
  items: readonly ProgressItem[],
  organisations: ReadonlyMap<string, OrganisationPart>,
): OrganisationProgress[] {
  const rows = new Map<string, OrganisationProgress>();
  for (const item of items) {
    const id = item.responsibleOrganisationId;
    if (id === null || item.derived) continue;
    const org = organisations.get(id);
    const row = rows.get(id) ?? {
      organisationId: id,
      name: org?.name ?? "Organisation inconnue",
      assigned: 0,
      answered: 0,
      doneAt: org?.doneAt ?? null,
      remindedAt: org?.remindedAt ?? null,
      lastActivityAt: null,
    };
    row.assigned++;
    if (item.state !== null) row.answered++;
    if (item.updatedAt && (!row.lastActivityAt || item.updatedAt > row.lastActivityAt)) {
      row.lastActivityAt = item.updatedAt;
    }
    rows.set(id, row);
  }
  return [...rows.values()].sort((a, b) => a.name.localeCompare(b.name, "fr"));
}
