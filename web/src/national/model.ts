/** Pure helpers of the national page: completeness classes, table sorting, chart scales. */

import type {
  NationalContracts,
  NationalContractsRow,
  NationalIndicator,
  NationalReports,
  NationalRow,
  SeriesPoint,
} from "../../../shared/national";

export type {
  NationalContracts,
  NationalContractsRow,
  NationalIndicator,
  NationalReports,
  NationalRow,
  SeriesPoint,
};

/** A colour class of the map and its legend's text. */
export type LegendClass = { key: string; label: string };

/** Five classes of completeness, from "nothing entered" to "complete". */
export const completenessClasses = [
  { key: "k0", label: "0 % (rien de saisi)", test: (r: number) => r <= 0 },
  { key: "k1", label: "1 à 49 %", test: (r: number) => r > 0 && r < 0.5 },
  { key: "k2", label: "50 à 79 %", test: (r: number) => r >= 0.5 && r < 0.8 },
  { key: "k3", label: "80 à 99 %", test: (r: number) => r >= 0.8 && r < 1 },
  { key: "k4", label: "100 %", test: (r: number) => r >= 1 },
] as const;
export type ClassKey = (typeof completenessClasses)[number]["key"];

/** A département whose report has no row yet: shown apart from a started report at "0 %". */
export const notStartedClass = { key: "ns", label: "Non commencé" } as const;
export type MapClassKey = ClassKey | typeof notStartedClass.key | CoverageClassKey;

export const mapClassOf = (row: Pick<NationalRow, "started" | "completeness">): MapClassKey =>
  row.started ? classOf(row.completeness ?? 0) : notStartedClass.key;

export function classOf(ratio: number): ClassKey {
  // Rounded as displayed, so a département shown "100 %" is never in the 80–99 class.
  const shown = Math.round(ratio * 100) / 100;
  return (completenessClasses.find((c) => c.test(shown)) ?? completenessClasses[0]).key;
}

export type SortKey = "code" | "completeness";
export type SortDirection = "ascending" | "descending";

/** Département codes sort as the INSEE list does: 01…19, 2A, 2B, 21…95, 971… */
export const compareCodes = (a: string, b: string) =>
  a
    .replace(/^2A$/, "20.1")
    .replace(/^2B$/, "20.2")
    .localeCompare(b.replace(/^2A$/, "20.1").replace(/^2B$/, "20.2"), "fr", { numeric: true });

export function sortRows(rows: NationalRow[], key: SortKey, direction: SortDirection): NationalRow[] {
  const sign = direction === "ascending" ? 1 : -1;
  return [...rows].sort((a, b) => {
    // Not started sorts below a started report at 0 %.
    const ratio = (r: NationalRow) => (r.started ? (r.completeness ?? 0) : -1);
    const primary =
      key === "completeness" ? ratio(a) - ratio(b) : compareCodes(a.departmentCode, b.departmentCode);
    return sign * primary || compareCodes(a.departmentCode, b.departmentCode);
  });
}

/** Round tick values from 0 to at least `max` ("nice numbers": 1, 2, 5 × 10^n). */
export function niceTicks(max: number, count = 5): number[] {
  if (!(max > 0)) return [0, 1];
  const raw = max / count;
  const magnitude = 10 ** Math.floor(Math.log10(raw));
  const step = ([1, 2, 2.5, 5, 10].map((m) => m * magnitude).find((s) => s >= raw) ?? raw) as number;
  const ticks: number[] = [];
  for (let v = 0; v < max + step / 2; v += step) ticks.push(Number.parseFloat(v.toPrecision(12)));
  if ((ticks[ticks.length - 1] ?? 0) < max)
    ticks.push(Number.parseFloat((ticks.length * step).toPrecision(12)));
  return ticks;
}

export type Metric = "sum" | "mean" | "count";
export const metricLabels: Record<Metric, string> = {
  sum: "Somme des départements",
  mean: "Moyenne des départements répondants",
  count: "Nombre de départements répondants",
};

/** The metric's name for a unit: a mean of yes/no answers is the share of « oui ». */
export function metricLabel(metric: Metric, unit: string): string {
  if (unit === "yes_no" && metric === "mean") return "Part de « oui »";
  if (unit === "yes_no" && metric === "sum") return "Nombre de départements ayant répondu « oui »";
  return metricLabels[metric];
}

/** The metrics that make sense for a unit, the default first: a sum of percentages or delays means nothing. */
export function metricsFor(unit: string): Metric[] {
  if (unit === "text") return ["count"];
  if (unit === "percent") return ["mean", "count"];
  if (unit === "days" || unit === "yes_no") return ["mean", "sum", "count"];
  return ["sum", "mean", "count"];
}

const unitNames: Record<string, string> = {
  count: "nombre",
  percent: "pourcentage",
  yes_no: "part de « oui », en %",
  days: "jours",
  euros: "euros",
};

/** What the figures of a metric are counted in (axis and caption). */
export function metricUnit(metric: Metric, unit: string): string {
  if (metric === "count") return "nombre de départements";
  if (unit === "yes_no" && metric === "sum") return "nombre de départements";
  return unitNames[unit] ?? unit;
}

const numberFormat = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 2 });

/** A figure of the chart or its table, with its unit: "45 %", "1 500 €", "12 j". */
export function formatMetric(value: number, metric: Metric, unit: string): string {
  if (metric === "count" || (unit === "yes_no" && metric === "sum")) return numberFormat.format(value);
  if (unit === "yes_no") return `${numberFormat.format(Math.round(value * 1000) / 10)}\u00a0%`;
  const n = numberFormat.format(value);
  if (unit === "percent") return `${n}\u00a0%`;
  if (unit === "euros") return `${n}\u00a0€`;
  if (unit === "days") return `${n}\u00a0j`;
  return n;
}

/** The figure of a quarter; no respondent (or not asked) means no sum or mean (not zero). */
export const metricValue = (p: SeriesPoint, metric: Metric): number | null =>
  p.expected === false
    ? null
    : metric === "count"
      ? p.count
      : p.count === 0
        ? null
        : metric === "sum"
          ? p.sum
          : p.mean;

/** Whether any quarter of the range has a figure at all. */
export const hasData = (points: SeriesPoint[]) => points.some((p) => p.expected !== false && p.count > 0);

/**
 * Five classes of the population covered by a local contract in force. "No contract" stands apart;
 * the limits are those a prefect quotes (a tenth, a quarter, half of the population).
 */
export const coverageClasses = [
  {
    key: "c0",
    label: "Aucun contrat en vigueur",
    test: (_share: number, contracts: number) => contracts === 0,
  },
  { key: "c1", label: "Moins de 10 % de la population", test: (share: number) => share < 0.1 },
  { key: "c2", label: "10 à 24 %", test: (share: number) => share < 0.25 },
  { key: "c3", label: "25 à 49 %", test: (share: number) => share < 0.5 },
  { key: "c4", label: "50 % et plus", test: () => true },
] as const;
export type CoverageClassKey = (typeof coverageClasses)[number]["key"];

export function coverageClassOf(
  row: Pick<NationalContractsRow, "share" | "contractsInForce">,
): CoverageClassKey {
  // Rounded as displayed (one decimal of a percentage): a département shown "10 %" is in "10 à 24 %".
  const shown = Math.round(row.share * 1000) / 1000;
  return (coverageClasses.find((c) => c.test(shown, row.contractsInForce)) ?? coverageClasses[4]).key;
}

const shareFormat = new Intl.NumberFormat("fr-FR", { maximumFractionDigits: 1 });

/** A population share with one decimal, as the coverage classes round it: "48,2 %". */
export const sharePercent = (share: number) => `${shareFormat.format(Math.round(share * 1000) / 10)}\u00a0%`;
