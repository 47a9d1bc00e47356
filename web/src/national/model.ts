/** Pure helpers of the national page: completeness classes, table sorting, chart scales. */

export type NationalRow = {
  departmentCode: string;
  departmentName: string;
  status: "draft" | "submitted" | "validated";
  started: boolean;
  completeness: number;
  dueDate: string;
  submittedAt: string | null;
  validatedAt: string | null;
  onTime: boolean | null;
};

export type NationalReports = {
  period: string;
  summary: {
    departments: number;
    submitted: number;
    validated: number;
    late: number;
    onTimeRate: number | null;
    meanCompleteness: number;
  };
  items: NationalRow[];
};

export type SeriesPoint = {
  period: string;
  count: number;
  sum: number | null;
  mean: number | null;
  notApplicable: number;
  notAvailable: number;
  missing: number;
};

export type NationalIndicator = {
  indicator: { code: string; label: string; unit: string; measureNumber: number | null; derived: boolean };
  periods: SeriesPoint[];
  departments: {
    departmentCode: string;
    departmentName: string;
    values: { period: string; state: string | null; value: number | boolean | string | null }[];
  }[];
};

/** Five classes of completeness, from "nothing entered" to "complete". */
export const completenessClasses = [
  { key: "k0", label: "0 % (rien de saisi)", test: (r: number) => r <= 0 },
  { key: "k1", label: "1 à 49 %", test: (r: number) => r > 0 && r < 0.5 },
  { key: "k2", label: "50 à 79 %", test: (r: number) => r >= 0.5 && r < 0.8 },
  { key: "k3", label: "80 à 99 %", test: (r: number) => r >= 0.8 && r < 1 },
  { key: "k4", label: "100 %", test: (r: number) => r >= 1 },
] as const;
export type ClassKey = (typeof completenessClasses)[number]["key"];

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
    const primary =
      key === "completeness"
        ? a.completeness - b.completeness
        : compareCodes(a.departmentCode, b.departmentCode);
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

/** The metrics that make sense for a unit (the API gives no sum for percentages, neither sum nor mean for text). */
export function metricsFor(unit: string): Metric[] {
  if (unit === "text") return ["count"];
  if (unit === "percent") return ["mean", "count"];
  return ["sum", "mean", "count"];
}

/** The figure of a quarter; no respondent means no sum or mean (not zero). */
export const metricValue = (p: SeriesPoint, metric: Metric): number | null =>
  metric === "count" ? p.count : p.count === 0 ? null : metric === "sum" ? p.sum : p.mean;
