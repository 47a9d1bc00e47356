import { sql } from "drizzle-orm";
import { nextPeriod, periodStart } from "../../shared/periods";
import type { Db } from "../platform/db";
import {
  type DerivedDefinition,
  type DerivedScope,
  type DerivedStatement,
  derivedProvider,
} from "../platform/derived";

/**
 * Governance's derived indicators: meetings of the body held in each quarter (every meeting whose
 * Paris day falls in the quarter, so as of the quarter's last day), of any kind and in plenary
 * session. ONE grouped statement for any départements and quarters (lists as JSON parameters).
 */
export const GOVERNANCE_INDICATORS = {
  "governance.meetings_held": {
    label: "Réunions de l'instance de gouvernance (CLAV ou CDPD) tenues dans le trimestre",
    unit: "count",
    description: "Séances plénières et groupes thématiques dont la date tombe dans le trimestre.",
  },
  "governance.plenary_meetings": {
    label: "Séances plénières de l'instance de gouvernance tenues dans le trimestre",
    unit: "count",
    description: "Séances plénières dont la date tombe dans le trimestre (au moins une par trimestre).",
  },
} as const;
export type GovernanceIndicatorKey = keyof typeof GOVERNANCE_INDICATORS;

export type MeetingCountRow = { department_code: string; period: string; meetings: number; plenary: number };

export function meetingCountsQuery(db: Db, scope: DerivedScope): DerivedStatement<MeetingCountRow[]> {
  const quarters = JSON.stringify(scope.periods.map((p) => [p, periodStart(p), periodStart(nextPeriod(p))]));
  const inDepartments =
    scope.departmentCodes === "all"
      ? sql`1 = 1`
      : sql`m.department_code in (select value from json_each(${JSON.stringify([...new Set(scope.departmentCodes)])}))`;
  const inner = sql`
    with q(period, first_day, next_first_day) as (
      select json_extract(value, '$[0]'), json_extract(value, '$[1]'), json_extract(value, '$[2]')
      from json_each(${quarters})
    )
    select m.department_code as department_code, q.period as period,
      count(*) as meetings, sum(case when m.kind = 'plenary' then 1 else 0 end) as plenary
    from governance_meetings m
    join q on m.starts_at >= q.first_day and m.starts_at < q.next_first_day
    where ${inDepartments}
    group by m.department_code, q.period
  `;
  return db
    .select({
      department_code: sql<string>`f.department_code`,
      period: sql<string>`f.period`,
      meetings: sql<number>`f.meetings`,
      plenary: sql<number>`f.plenary`,
    })
    .from(sql`(${inner}) as f`);
}

/** The values from the statement's rows (pure): zero where a département held no meeting. */
export function meetingCountValues(rows: readonly MeetingCountRow[]) {
  const byKey = new Map(rows.map((r) => [`${r.department_code}|${r.period}`, r]));
  return (departmentCode: string, period: string, key: string): number => {
    const r = byKey.get(`${departmentCode}|${period}`);
    if (key === "governance.plenary_meetings") return Number(r?.plenary ?? 0);
    if (key === "governance.meetings_held") return Number(r?.meetings ?? 0);
    throw new Error(`unknown governance indicator ${key}`);
  };
}

const definitions: DerivedDefinition[] = Object.entries(GOVERNANCE_INDICATORS).map(([key, d]) => ({
  key,
  ...d,
}));

export const governanceDerived = derivedProvider({
  definitions,
  query: meetingCountsQuery,
  values: meetingCountValues,
});
