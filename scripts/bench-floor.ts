// The floor of `npm run bench`: the national views' SQL (as functions/national/queries.ts and functions/reports/queries.ts have
// drizzle write it) run directly with node:sqlite on a copy of the D1 file. No Worker, no D1
// bridge, no JSON: what the same aggregation costs in SQLite itself.
import type { DatabaseSync } from "node:sqlite";

export const NATIONAL_REPORTS_SQL = {
  allDepartments: `select "code", "name", "report_due_days" from "departments" order by "departments"."code" asc`,
  activeIndicators: `select "department_code", "periodicity", count(*), count("indicators"."derived_key") from "indicators"
    where "indicators"."retired_at" is null group by "indicators"."department_code", "indicators"."periodicity"`,
  reportsOfPeriod: `select * from "reports" where "reports"."period" = ?`,
  // answeredCounts(db, [period]) in functions/reports/queries.ts
  answeredCounts: `select "report_values"."department_code", "report_values"."period", count(*), sum("indicators"."retired_at" is not null)
    from "report_values" inner join "indicators" on "indicators"."code" = "report_values"."indicator_code"
    where ("report_values"."period" in (?) and "indicators"."derived_key" is null
      and ("indicators"."periodicity" = 'quarterly' or "report_values"."period" like '%-Q4'))
    group by "report_values"."department_code", "report_values"."period"`,
} as const;

export const INDICATOR_SERIES_SQL = {
  indicatorByCode: `select * from "indicators" where "indicators"."code" = ?`,
  allDepartments: NATIONAL_REPORTS_SQL.allDepartments,
  valuesOfIndicator: `select json_group_array(json_array("department_code", "period", "state", json("value"))) from "report_values"
    where ("report_values"."indicator_code" = ? and "report_values"."period" between ? and ?)`,
} as const;

/** The four queries of GET /national/reports for one quarter; returns the number of rows read. */
export function floorNationalReports(db: DatabaseSync, period: string): number {
  const rows = [
    db.prepare(NATIONAL_REPORTS_SQL.allDepartments).all(),
    db.prepare(NATIONAL_REPORTS_SQL.activeIndicators).all(),
    db.prepare(NATIONAL_REPORTS_SQL.reportsOfPeriod).all(period),
    db.prepare(NATIONAL_REPORTS_SQL.answeredCounts).all(period),
  ];
  return rows.reduce((n, r) => n + r.length, 0);
}

/** The queries of GET /national/indicators/{code}?from&to. */
export function floorIndicatorSeries(db: DatabaseSync, code: string, from: string, to: string): number {
  const rows = [
    db.prepare(INDICATOR_SERIES_SQL.indicatorByCode).all(code),
    db.prepare(INDICATOR_SERIES_SQL.allDepartments).all(),
    db.prepare(INDICATOR_SERIES_SQL.valuesOfIndicator).all(code, from, to),
  ];
  return rows.reduce((n, r) => n + r.length, 0);
}

/** EXPLAIN QUERY PLAN of each query, one line per step ("SCAN report_values", "SEARCH … USING INDEX …"). */
export function explainAll(
  db: DatabaseSync,
  period: string,
  code: string,
  from: string,
  to: string,
): Record<string, string[]> {
  const plan = (sql: string, ...args: string[]) =>
    (db.prepare(`explain query plan ${sql}`).all(...args) as { detail: string }[]).map((r) => r.detail);
  return {
    answeredCounts: plan(NATIONAL_REPORTS_SQL.answeredCounts, period),
    reportsOfPeriod: plan(NATIONAL_REPORTS_SQL.reportsOfPeriod, period),
    activeIndicators: plan(NATIONAL_REPORTS_SQL.activeIndicators),
    valuesOfIndicator: plan(INDICATOR_SERIES_SQL.valuesOfIndicator, code, from, to),
  };
}
