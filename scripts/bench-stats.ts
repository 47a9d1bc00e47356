// Timing helpers of `npm run bench`: repeated runs after warm-ups, median / p90 / min, a table.

export type Result = {
  name: string;
  runs: number;
  medianMs: number;
  p90Ms: number;
  minMs: number;
  maxMs: number;
  totalMs: number;
  /** Median divided by the floor's median, for the measures that have one. */
  ratioToFloor?: number;
  note?: string;
};

const round = (n: number) => Math.round(n * 100) / 100;

/** Nearest-rank percentile of sorted samples. */
function percentile(sorted: number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const rank = Math.ceil((p / 100) * sorted.length);
  return sorted[Math.min(sorted.length, Math.max(1, rank)) - 1] as number;
}

function median(sorted: number[]): number {
  const n = sorted.length;
  if (n === 0) return Number.NaN;
  const mid = Math.floor(n / 2);
  return n % 2 ? (sorted[mid] as number) : ((sorted[mid - 1] as number) + (sorted[mid] as number)) / 2;
}

export function summarise(name: string, samples: number[], note?: string): Result {
  const sorted = [...samples].sort((a, b) => a - b);
  return {
    name,
    runs: samples.length,
    medianMs: round(median(sorted)),
    p90Ms: round(percentile(sorted, 90)),
    minMs: round(sorted[0] ?? Number.NaN),
    maxMs: round(sorted[sorted.length - 1] ?? Number.NaN),
    totalMs: round(samples.reduce((s, x) => s + x, 0)),
    ...(note ? { note } : {}),
  };
}

/**
 * Runs `prepare` (untimed) then `timed` (timed) `warmups + runs` times; the first `warmups` are
 * thrown away. `timed` gets the run index (warm-ups are negative) and what `prepare` returned.
 */
export async function measure<T>(
  name: string,
  runs: number,
  warmups: number,
  timed: (i: number, prepared: T) => Promise<unknown> | unknown,
  prepare: (i: number) => Promise<T> | T = () => undefined as T,
  note?: string,
): Promise<Result> {
  const samples: number[] = [];
  for (let i = -warmups; i < runs; i++) {
    const prepared = await prepare(i);
    const start = performance.now();
    await timed(i, prepared);
    const ms = performance.now() - start;
    if (i >= 0) samples.push(ms);
  }
  return summarise(name, samples, note);
}

export function table(results: Result[]): string {
  const head = ["measure", "runs", "median ms", "p90 ms", "min ms", "× floor"];
  const rows = results.map((r) => [
    r.name,
    String(r.runs),
    r.medianMs.toFixed(1),
    r.p90Ms.toFixed(1),
    r.minMs.toFixed(1),
    r.ratioToFloor === undefined ? "" : `${r.ratioToFloor.toFixed(1)}×`,
  ]);
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number)))
      .join("  ");
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}
