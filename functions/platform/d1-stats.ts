/**
 * Counts what a request asks of D1: statements, and round trips (one per `first`/`all`/`run`/
 * `raw`, one per `batch` whatever its length). Enabled by the `D1_STATS=1` variable (the
 * benchmark sets it on `wrangler dev`; never set in production): the services middleware then
 * wraps the binding for the request and answers the counts in `X-D1-Statements` and
 * `X-D1-Round-Trips`. Only the binding is wrapped: the counts come from the real code path.
 */
export type D1Stats = { statements: number; roundTrips: number };

export const D1_STATS_HEADERS = { statements: "X-D1-Statements", roundTrips: "X-D1-Round-Trips" } as const;

class CountedStatement {
  constructor(
    readonly inner: D1PreparedStatement,
    private readonly stats: D1Stats,
  ) {}
  private trip() {
    this.stats.statements++;
    this.stats.roundTrips++;
    return this.inner;
  }
  bind(...values: unknown[]) {
    return new CountedStatement(this.inner.bind(...values), this.stats);
  }
  first(column?: string) {
    return column === undefined ? this.trip().first() : this.trip().first(column);
  }
  all() {
    return this.trip().all();
  }
  run() {
    return this.trip().run();
  }
  raw(options?: { columnNames?: boolean }) {
    // The overloads of raw() differ by the literal type of columnNames.
    return this.trip().raw(options as { columnNames: true });
  }
}

/** The binding, counting into `stats`. Batches unwrap their statements for the real binding. */
export function countingD1(d1: D1Database, stats: D1Stats): D1Database {
  const wrapped = {
    prepare: (query: string) => new CountedStatement(d1.prepare(query), stats),
    batch: (statements: (D1PreparedStatement | CountedStatement)[]) => {
      stats.statements += statements.length;
      stats.roundTrips++;
      return d1.batch(statements.map((s) => (s instanceof CountedStatement ? s.inner : s)));
    },
    exec: (query: string) => {
      stats.statements += query.split(";").filter((q) => q.trim()).length;
      stats.roundTrips++;
      return d1.exec(query);
    },
    dump: () => d1.dump(),
    withSession: () => {
      throw new Error("D1 sessions are not counted");
    },
  };
  return wrapped as unknown as D1Database;
}

export const newD1Stats = (): D1Stats => ({ statements: 0, roundTrips: 0 });

/**
 * The benchmark's in-stack floor routes (`/api/v1/dev/bench-floor/…`) exist only where
 * `BENCH_FLOOR=1` (scripts/bench.ts sets it on `wrangler dev`; never in production): 404 otherwise.
 */
export const benchFloorEnabled = (env: unknown) => (env as { BENCH_FLOOR?: string }).BENCH_FLOOR === "1";
