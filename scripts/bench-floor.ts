// The floors of `npm run bench`'s national views.
// - In the stack (the ✓/✗ targets): the Worker's /api/v1/dev/bench-floor/… routes (only where
//   BENCH_FLOOR=1, functions/national/bench-floor.ts) run the routes' own statements raw on the D1
//   binding in one batch, behind the same wrangler dev, middleware and sign-in.
// - node:sqlite (printed for comparison): those same statements (as the Worker lists them at
//   …/statements) run directly on a copy of the D1 file. No Worker, no D1 bridge, no JSON: what
//   the same reads cost in SQLite itself.
import type { DatabaseSync, SQLInputValue } from "node:sqlite";

/** A statement as drizzle builds it (`toSQL()`), listed by the floor route. */
export type Statement = { sql: string; params: SQLInputValue[] };

/** The statements, one after the other, in node:sqlite; returns the number of rows read. */
export function floorSqlite(db: DatabaseSync, statements: readonly Statement[]): number {
  return statements.reduce((n, s) => n + db.prepare(s.sql).all(...s.params).length, 0);
}

/** EXPLAIN QUERY PLAN of each statement, one line per step ("SCAN report_values", "SEARCH … USING INDEX …"). */
export function explainAll(
  db: DatabaseSync,
  named: Record<string, Statement | undefined>,
): Record<string, string[]> {
  return Object.fromEntries(
    Object.entries(named).map(([name, s]) => [
      name,
      s
        ? (db.prepare(`explain query plan ${s.sql}`).all(...s.params) as { detail: string }[]).map(
            (r) => r.detail,
          )
        : ["(missing)"],
    ]),
  );
}
