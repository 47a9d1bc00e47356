import type { DepartmentSummary } from "../../../shared/departments";

/** Lower-case, without accents or hyphens, so "pas de calais" finds "Pas-de-Calais". */
export const normalise = (s: string) =>
  s
    .normalize("NFD")
    .replace(/\p{Diacritic}/gu, "")
    .replace(/[-'’\s]+/g, " ")
    .trim()
    .toLowerCase();

/** Départements whose code starts with, or whose name or region contains, the search. */
export function filterDepartments(items: DepartmentSummary[], search: string): DepartmentSummary[] {
  const q = normalise(search);
  if (!q) return items;
  return items.filter(
    (d) =>
      d.code.toLowerCase().startsWith(q) ||
      normalise(d.name).includes(q) ||
      normalise(d.regionName).includes(q),
  );
}
