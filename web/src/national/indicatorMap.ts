/** Pure helpers of the indicator map: what a département shows, and the classes of the choropleth. */

import type { NationalIndicator } from "./model";

/** Per-capita figures are given per this many inhabitants. */
export const PER_CAPITA_BASE = 100_000;

/** "valeur": the figure as entered; "habitants": per 100 000 inhabitants (counts only). */
export type MapMode = "valeur" | "habitants";

/** A rate, a delay or a yes/no answer per inhabitant means nothing: per-capita is for counts. */
export const modesFor = (unit: string): MapMode[] =>
  unit === "count" ? ["valeur", "habitants"] : ["valeur"];

export const modeLabels: Record<MapMode, string> = {
  valeur: "Valeur saisie",
  habitants: `Pour ${new Intl.NumberFormat("fr-FR").format(PER_CAPITA_BASE)} habitants`,
};

/** Whether the unit can be drawn at all: a text answer has no colour. */
export const isMappable = (unit: string) => unit !== "text";

export type DepartmentFigure = {
  code: string;
  name: string;
  population: number | null;
  state: string | null;
  /** The stored answer (number, yes/no, text) or null. */
  raw: number | boolean | string | null;
  /** The figure coloured on the map in the chosen mode; null: nothing to colour. */
  figure: number | null;
};

/** One quarter of a series, per département, in a mode. */
export function figuresOf(data: NationalIndicator, period: string, mode: MapMode): DepartmentFigure[] {
  const unit = data.indicator.unit;
  return data.departments.map((d) => {
    const v = d.values.find((x) => x.period === period);
    const raw = v?.state === "value" ? (v.value ?? null) : null;
    let figure: number | null = null;
    if (typeof raw === "number") figure = raw;
    else if (typeof raw === "boolean" && unit === "yes_no") figure = raw ? 1 : 0;
    if (figure !== null && mode === "habitants") {
      figure = d.population ? (figure / d.population) * PER_CAPITA_BASE : null;
    }
    return {
      code: d.departmentCode,
      name: d.departmentName,
      population: d.population ?? null,
      state: v?.state ?? null,
      raw,
      figure,
    };
  });
}

/** Sequential keys, light to dark, and yes/no (national.css colours them). */
export const QUANTILE_KEYS = ["q1", "q2", "q3", "q4", "q5"] as const;
export type IndicatorClassKey = (typeof QUANTILE_KEYS)[number] | "yes" | "no";

export type MapClass = { key: IndicatorClassKey; label: string; min: number; max: number; count: number };

/**
 * Quantile classes (each about as many départements), at most `k`. A class is labelled with the
 * smallest and largest figure it really holds, so no boundary is ambiguous; equal figures always
 * share a class, so there may be fewer than `k` classes.
 */
export function quantileClasses(
  figures: number[],
  format: (value: number) => string,
  k = QUANTILE_KEYS.length,
): MapClass[] {
  const sorted = figures.filter((f) => Number.isFinite(f)).sort((a, b) => a - b);
  if (sorted.length === 0) return [];
  const groups: number[][] = [];
  let start = 0;
  for (let i = 1; i <= k && start < sorted.length; i++) {
    let end = Math.max(start + 1, Math.round((sorted.length * i) / k));
    // Equal figures stay together: the class ends after the last copy of its last figure.
    while (end < sorted.length && sorted[end] === sorted[end - 1]) end++;
    if (i === k) end = sorted.length;
    groups.push(sorted.slice(start, end));
    start = end;
  }
  // Keys spread over the whole scale, so two classes are light and dark, not the two lightest.
  const keys: IndicatorClassKey[] = groups.length === 1 ? [QUANTILE_KEYS[2]] : spread(groups.length);
  return groups.map((g, i) => {
    const min = g[0] as number;
    const max = g[g.length - 1] as number;
    return {
      key: keys[i] as IndicatorClassKey,
      label: min === max ? format(min) : `${format(min)} à ${format(max)}`,
      min,
      max,
      count: g.length,
    };
  });
}

function spread(n: number): IndicatorClassKey[] {
  const last = QUANTILE_KEYS.length - 1;
  return Array.from(
    { length: n },
    (_, i) => QUANTILE_KEYS[Math.round((i * last) / (n - 1))] as IndicatorClassKey,
  );
}

/** The class of a figure: the one whose range holds it (null: no figure). */
export function classOfFigure(figure: number | null, classes: MapClass[]): MapClass | null {
  if (figure === null) return null;
  return classes.find((c) => figure >= c.min && figure <= c.max) ?? null;
}

/** Yes/no answers: two classes, not quantiles. */
export function yesNoClasses(figures: number[]): MapClass[] {
  const yes = figures.filter((f) => f === 1).length;
  const no = figures.filter((f) => f === 0).length;
  return [
    { key: "no", label: "Non", min: 0, max: 0, count: no },
    { key: "yes", label: "Oui", min: 1, max: 1, count: yes },
  ];
}

const stateLabels: Record<string, string> = {
  not_applicable: "non applicable",
  not_available: "non disponible",
};

/** Why a département has no colour, in words. */
export const noFigureLabel = (f: Pick<DepartmentFigure, "state" | "raw">, mode: MapMode) =>
  f.state && f.state !== "value"
    ? (stateLabels[f.state] ?? "sans réponse")
    : f.raw !== null && mode === "habitants"
      ? "population inconnue"
      : "sans réponse";
