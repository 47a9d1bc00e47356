// Timing helpers of `npm run bench`: repeated runs after warm-ups, median / p90 / min, a table.

export type Result = {
  name: string;
  runs: number;
  medianMs: number;
  p90Ms: number;
  minMs: number;
  maxMs: number;
  totalMs: number;
  /** Median divided by the in-stack floor's median (the same SQL raw in the Worker), for the measures that have one. */
  ratioToFloor?: number;
  /** Median divided by the node:sqlite floor's median (the same SQL in SQLite alone): for comparison. */
  ratioToSqlite?: number;
  /** D1 work per request, as the Worker counted it (X-D1-Statements / X-D1-Round-Trips). */
  d1?: D1Count;
  note?: string;
};

/** The most frequent count over the measured requests, and the range when they differ. */
export type D1Count = { statements: number; roundTrips: number; varied?: string };

/** What a timed call may return so that its D1 counts are kept. */
export type Counted = { d1: { statements: number; roundTrips: number } | null };

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

/** The most frequent (statements, round trips) pair: a token's "last used" write, once a minute, is not the rule. */
export function d1Mode(counts: { statements: number; roundTrips: number }[]): D1Count | undefined {
  if (counts.length === 0) return undefined;
  const tally = new Map<string, number>();
  for (const c of counts)
    tally.set(`${c.statements}/${c.roundTrips}`, (tally.get(`${c.statements}/${c.roundTrips}`) ?? 0) + 1);
  const [top] = [...tally.entries()].sort((a, b) => b[1] - a[1]);
  const [statements, roundTrips] = (top?.[0] ?? "0/0").split("/").map(Number) as [number, number];
  return {
    statements,
    roundTrips,
    ...(tally.size > 1 ? { varied: [...tally.entries()].map(([k, n]) => `${k}×${n}`).join(", ") } : {}),
  };
}

const countsOf = (out: unknown) =>
  out && typeof out === "object" && "d1" in out ? ((out as Counted).d1 ?? undefined) : undefined;

export function summarise(
  name: string,
  samples: number[],
  note?: string,
  counts: { statements: number; roundTrips: number }[] = [],
): Result {
  const sorted = [...samples].sort((a, b) => a - b);
  const d1 = d1Mode(counts);
  return {
    name,
    runs: samples.length,
    medianMs: round(median(sorted)),
    p90Ms: round(percentile(sorted, 90)),
    minMs: round(sorted[0] ?? Number.NaN),
    maxMs: round(sorted[sorted.length - 1] ?? Number.NaN),
    totalMs: round(samples.reduce((s, x) => s + x, 0)),
    ...(d1 ? { d1 } : {}),
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
  const counts: { statements: number; roundTrips: number }[] = [];
  for (let i = -warmups; i < runs; i++) {
    const prepared = await prepare(i);
    const start = performance.now();
    const out = await timed(i, prepared);
    const ms = performance.now() - start;
    const d1 = countsOf(out);
    if (i >= 0) samples.push(ms);
    if (i >= 0 && d1) counts.push(d1);
  }
  return summarise(name, samples, note, counts);
}

export type Spec<T = unknown> = {
  name: string;
  timed: (i: number, prepared: T) => Promise<unknown> | unknown;
  prepare?: (i: number) => Promise<T> | T;
};

/** A measure whose prepared value has its own type, to go in a list with others. */
export const spec = <T>(s: Spec<T>) => s as unknown as Spec<unknown>;

/**
 * Like `measure` for several measures at once, taken in turns (A B C, A B C…, the first of a
 * turn alternating): a load that comes and goes on a shared machine weighs on each alike, so
 * their ratios hold better than those of measures taken one after the other.
 */
export async function measureInTurns(
  specs: Spec<unknown>[],
  runs: number,
  warmups: number,
): Promise<Result[]> {
  const samples = specs.map(() => [] as number[]);
  const counts = specs.map(() => [] as { statements: number; roundTrips: number }[]);
  for (let i = -warmups; i < runs; i++) {
    const order = specs.map((_, k) => k);
    if (i % 2 !== 0) order.reverse();
    for (const k of order) {
      const spec = specs[k] as Spec<unknown>;
      const prepared = await spec.prepare?.(i);
      const start = performance.now();
      const out = await spec.timed(i, prepared);
      const ms = performance.now() - start;
      const d1 = countsOf(out);
      if (i >= 0) samples[k]?.push(ms);
      if (i >= 0 && d1) counts[k]?.push(d1);
    }
  }
  return specs.map((spec, k) => summarise(spec.name, samples[k] ?? [], undefined, counts[k]));
}

export type Throughput = {
  name: string;
  concurrency: number;
  requests: number;
  seconds: number;
  perSecond: number;
  d1?: D1Count;
};

/**
 * Requests per second with `concurrency` requests always in flight (a small closed-loop load
 * generator, like `wrk -c`): `rounds` slices of `sliceMs` per route, the routes in turns, each
 * slice counting the requests completed until its last one answers.
 */
export async function throughputInTurns(
  specs: { name: string; request: (i: number) => Promise<Counted> }[],
  options: { concurrency: number; rounds: number; sliceMs: number },
): Promise<Throughput[]> {
  const totals = specs.map(() => ({
    requests: 0,
    ms: 0,
    counts: [] as { statements: number; roundTrips: number }[],
  }));
  for (let round = 0; round < options.rounds; round++) {
    const order = specs.map((_, k) => k);
    if (round % 2) order.reverse();
    for (const k of order) {
      const spec = specs[k] as (typeof specs)[number];
      const total = totals[k] as (typeof totals)[number];
      const start = performance.now();
      const end = start + options.sliceMs;
      let n = 0;
      await Promise.all(
        Array.from({ length: options.concurrency }, async () => {
          while (performance.now() < end) {
            const out = await spec.request(n++);
            total.requests++;
            if (out.d1 && total.counts.length < 1000) total.counts.push(out.d1);
          }
        }),
      );
      total.ms += performance.now() - start;
    }
  }
  return specs.map((spec, k) => {
    const t = totals[k] as (typeof totals)[number];
    const d1 = d1Mode(t.counts);
    return {
      name: spec.name,
      concurrency: options.concurrency,
      requests: t.requests,
      seconds: round(t.ms / 1000),
      perSecond: round(t.requests / (t.ms / 1000)),
      ...(d1 ? { d1 } : {}),
    };
  });
}

const d1Cells = (d1: D1Count | undefined) =>
  d1 ? [`${d1.statements}${d1.varied ? "*" : ""}`, String(d1.roundTrips)] : ["", ""];

export function table(results: Result[]): string {
  const head = [
    "measure",
    "runs",
    "median ms",
    "p90 ms",
    "min ms",
    "× floor",
    "× sqlite",
    "D1 stmts",
    "round trips",
  ];
  const rows = results.map((r) => [
    r.name,
    String(r.runs),
    r.medianMs.toFixed(1),
    r.p90Ms.toFixed(1),
    r.minMs.toFixed(1),
    r.ratioToFloor === undefined ? "" : `${r.ratioToFloor.toFixed(1)}×`,
    r.ratioToSqlite === undefined ? "" : `${r.ratioToSqlite.toFixed(1)}×`,
    ...d1Cells(r.d1),
  ]);
  return grid(head, rows);
}

export function throughputTable(results: Throughput[], reference: Throughput): string {
  const head = [
    "route (concurrent requests)",
    "requests",
    "seconds",
    "req/s",
    "of health",
    "D1 stmts",
    "round trips",
  ];
  const rows = results.map((t) => [
    `${t.name} (${t.concurrency})`,
    String(t.requests),
    t.seconds.toFixed(1),
    t.perSecond.toFixed(1),
    `${Math.round((100 * t.perSecond) / reference.perSecond)} %`,
    ...d1Cells(t.d1),
  ]);
  return grid(head, rows);
}

export type Target = { what: string; value: string; limit: string; pass: boolean };

export function targetsTable(targets: Target[]): string {
  return grid(
    ["target", "measured", "limit", ""],
    targets.map((t) => [t.what, t.value, t.limit, t.pass ? "✓ pass" : "✗ FAIL"]),
  );
}

function grid(head: string[], rows: string[][]): string {
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] as string).length)));
  const line = (cells: string[]) =>
    cells
      .map((c, i) => (i === 0 ? c.padEnd(widths[i] as number) : c.padStart(widths[i] as number)))
      .join("  ");
  return [line(head), widths.map((w) => "-".repeat(w)).join("  "), ...rows.map(line)].join("\n");
}
