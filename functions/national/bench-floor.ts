import type { Context } from "hono";
import { createMiddleware } from "hono/factory";
import { parisDate } from "../../shared/periods";
import { access, guard } from "../platform/access";
import type { AppEnv } from "../platform/context";
import { benchFloorEnabled } from "../platform/d1-stats";
import type { Db } from "../platform/db";
import { fieldErrorsFromZod, invalid, notFound } from "../platform/errors";
import { createRouter } from "../platform/openapi";
import { nationalReportsReads, seriesReads } from "./queries";
import { PeriodsQuery, periodsOf, seriesDerivedReads } from "./routes";

/**
 * The benchmark's in-stack floor (`npm run bench`, scripts/bench.ts): the statements of the
 * national views, built by the very functions the routes call, run raw on the D1 binding in one
 * `batch` (no drizzle mapping, no shaping beyond answering the rows), behind the same Worker,
 * middleware and sign-in as the routes. What a route costs above it is our code's.
 * Development helpers outside the API contract (absent from the OpenAPI document, like
 * /dev/outbox): 404 unless `BENCH_FLOOR=1`, before anything else; national users only.
 */
export const benchFloorRoutes = createRouter();

const benchOnly = createMiddleware<AppEnv>(async (c, next) => {
  if (!benchFloorEnabled(c.env)) throw notFound("Cette adresse d'API n'existe pas.");
  await next();
});

type Statement = { toSQL(): { sql: string; params: unknown[] } };

/** The statements' SQL and parameters (the bench runs them in node:sqlite too, and explains them). */
const sqlOf = (statements: readonly unknown[]) => statements.map((s) => (s as Statement).toSQL());

/** One round trip: the statements on the binding itself, their rows as D1 answers them. */
async function rawBatch(db: Db, statements: readonly unknown[]): Promise<unknown[][]> {
  if (statements.length === 0) return [];
  const d1 = db.$client;
  const results = await d1.batch(sqlOf(statements).map(({ sql, params }) => d1.prepare(sql).bind(...params)));
  return results.map((r) => r.results);
}

function periodsQuery(c: Context<AppEnv>) {
  const parsed = PeriodsQuery.safeParse(c.req.query());
  if (!parsed.success) throw invalid(fieldErrorsFromZod(parsed.error, "query"));
  return periodsOf(parsed.data, parisDate(c.get("clock").now()));
}

const reportsStatements = (c: Context<AppEnv>) =>
  nationalReportsReads(c.get("db"), periodsQuery(c)[0] as string);

function seriesStatements(c: Context<AppEnv>) {
  const periods = periodsQuery(c);
  return {
    periods,
    statements: seriesReads(
      c.get("db"),
      c.req.param("indicator") ?? "",
      periods[0] as string,
      periods[periods.length - 1] as string,
    ),
  };
}

benchFloorRoutes
  .use("/dev/bench-floor/*", benchOnly, guard(access.national))
  .get("/dev/bench-floor/national/reports", async (c) =>
    c.json(await rawBatch(c.get("db"), reportsStatements(c))),
  )
  .get("/dev/bench-floor/national/reports/statements", (c) => c.json(sqlOf(reportsStatements(c))))
  .get("/dev/bench-floor/national/indicators/:indicator", async (c) => {
    const s = c.get("services");
    const { periods, statements } = seriesStatements(c);
    const rows = await rawBatch(s.db, statements);
    // A derived indicator: its provider's statement, known once the indicator is read, as the route.
    const indicator = rows[0]?.[0] as
      | { derived_key: string | null; department_code: string | null }
      | undefined;
    if (indicator?.derived_key) {
      const { derived } = seriesDerivedReads(
        s,
        { derivedKey: indicator.derived_key, departmentCode: indicator.department_code },
        periods,
        parisDate(s.clock.now()),
      );
      rows.push(...(await rawBatch(s.db, derived?.statements ?? [])));
    }
    return c.json(rows);
  })
  .get("/dev/bench-floor/national/indicators/:indicator/statements", (c) =>
    c.json(sqlOf(seriesStatements(c).statements)),
  );
