import { sql } from "drizzle-orm";
import { periodEnd } from "../../shared/periods";
import type { Db } from "../platform/db";
import {
  type DerivedDefinition,
  type DerivedScope,
  type DerivedStatement,
  derivedProvider,
} from "../platform/derived";
import { shareOf } from "./domain/coverage";

/**
 * Contracts' derived indicators for quarter reports and the national view, computed for many
 * départements and quarters in ONE grouped query: on the last day of each quarter, the contracts
 * in force (same rule as domain/status.ts), the partner organisations they gather (carriers and
 * signatories, each once), and the official population of the communes they cover (each commune
 * once) with its share of the département's population.
 *
 * `contractsDerived` is the provider registered in functions/derived-providers.ts (keys
 * `contracts.*`); `contractFigures` gives the same figures as plain rows (coverage views, exports).
 */
export type ContractQuarterFigures = {
  departmentCode: string;
  period: string;
  /** The last day of the quarter: the day the figures hold on. */
  on: string;
  contractsInForce: number;
  partners: number;
  coveredPopulation: number;
  population: number;
  /** coveredPopulation / population, 0–1, 4 decimals. */
  share: number;
};

export const CONTRACT_INDICATORS = {
  "contracts.in_force": {
    label: "Contrats locaux contre les VSS en vigueur",
    unit: "count",
    description:
      "Contrats signés dont la période couvre le dernier jour du trimestre (non résiliés à cette date).",
  },
  "contracts.partners": {
    label: "Organisations partenaires des contrats locaux en vigueur",
    unit: "count",
    description:
      "Collectivités porteuses et signataires des contrats en vigueur au dernier jour du trimestre, chacune une fois.",
  },
  "contracts.population_covered": {
    label: "Population couverte par un contrat local en vigueur",
    unit: "count",
    description:
      "Somme des populations officielles des communes couvertes par un contrat en vigueur au dernier jour du trimestre.",
  },
  "contracts.population_share": {
    label: "Part de la population couverte par un contrat local",
    unit: "percent",
    description: "Population couverte rapportée à la population du département, en %.",
  },
} as const;
export type ContractIndicatorKey = keyof typeof CONTRACT_INDICATORS;

/** The value of one indicator in a figures row (the share as a percentage, 2 decimals). */
export function indicatorValue(f: ContractQuarterFigures, key: ContractIndicatorKey): number {
  switch (key) {
    case "contracts.in_force":
      return f.contractsInForce;
    case "contracts.partners":
      return f.partners;
    case "contracts.population_covered":
      return f.coveredPopulation;
    case "contracts.population_share":
      return Math.round(f.share * 10_000) / 100;
  }
}

type Row = {
  department_code: string;
  period: string;
  day: string;
  contracts: number;
  partners: number;
  covered: number;
  population: number;
};

/**
 * The ONE grouped statement: one row per (département, quarter) of the scope that has communes or
 * contracts. Lists travel as one JSON parameter each (D1 binds 100 at most).
 */
export const contractFiguresQuery = (db: Db, scope: DerivedScope): DerivedStatement<Row[]> =>
  figuresOnDaysQuery(
    db,
    scope.departmentCodes,
    scope.periods.map((p) => [p, periodEnd(p)]),
  );

/**
 * The same figures on any day (the national view's "today"): one row per département of the scope,
 * its `period` column holding the day.
 */
export const contractsOnDayQuery = (db: Db, departmentCodes: DerivedScope["departmentCodes"], day: string) =>
  figuresOnDaysQuery(db, departmentCodes, [[day, day]]);

/** One row per (département, label) for days given as [label, day] pairs. */
function figuresOnDaysQuery(
  db: Db,
  departmentCodes: DerivedScope["departmentCodes"],
  days: readonly (readonly [string, string])[],
): DerivedStatement<Row[]> {
  const quarters = JSON.stringify(days);
  const departments =
    departmentCodes === "all"
      ? sql`select code from departments`
      : sql`select value from json_each(${JSON.stringify([...new Set(departmentCodes)])})`;
  const inner = sql`
    with q(period, day) as (
      select json_extract(value, '$[0]'), json_extract(value, '$[1]') from json_each(${quarters})
    ),
    d(code) as (${departments}),
    live as (
      select c.department_code as dc, q.period as period, c.id as id, c.carrier_organisation_id as carrier
      from contracts c join d on c.department_code = d.code join q
      where (c.state = 'signed' or (c.state = 'terminated' and c.terminated_on > q.day))
        and c.starts_on is not null and c.starts_on <= q.day
        and coalesce(c.signed_on, '') <= q.day
        and (c.ends_on is null or c.ends_on >= q.day)
    ),
    partner as (
      select dc, period, carrier as org from live
      union
      select l.dc, l.period, s.organisation_id from live l
      join contract_signatories s on s.department_code = l.dc and s.contract_id = l.id
    ),
    covered as (
      select distinct l.dc, l.period, cc.insee_code from live l
      join contract_communes cc on cc.department_code = l.dc and cc.contract_id = l.id
    ),
    counts as (select dc, period, count(*) as contracts from live group by dc, period),
    partners as (select dc, period, count(*) as partners from partner group by dc, period),
    populations as (
      select v.dc, v.period, sum(m.population) as covered from covered v
      join communes m on m.department_code = v.dc and m.insee_code = v.insee_code
      group by v.dc, v.period
    ),
    department_population as (
      select m.department_code as dc, sum(m.population) as population from communes m
      join d on m.department_code = d.code group by m.department_code
    )
    select d.code as department_code, q.period as period, q.day as day,
      coalesce(counts.contracts, 0) as contracts,
      coalesce(partners.partners, 0) as partners,
      coalesce(populations.covered, 0) as covered,
      coalesce(dp.population, 0) as population
    from d join q
    left join counts on counts.dc = d.code and counts.period = q.period
    left join partners on partners.dc = d.code and partners.period = q.period
    left join populations on populations.dc = d.code and populations.period = q.period
    left join department_population dp on dp.dc = d.code
  `;
  // A select over the grouped subquery (not db.all): a query builder statement goes in db.batch too.
  return db
    .select({
      department_code: sql<string>`f.department_code`,
      period: sql<string>`f.period`,
      day: sql<string>`f.day`,
      contracts: sql<number>`f.contracts`,
      partners: sql<number>`f.partners`,
      covered: sql<number>`f.covered`,
      population: sql<number>`f.population`,
    })
    .from(sql`(${inner}) as f`);
}

/**
 * The figures of a (département, quarter) from the statement's rows; zeros when it had none. For
 * rows of `contractsOnDayQuery`, pass the day as `period` and as `on`.
 */
export function figuresFrom(rows: readonly Row[], onOf: (period: string) => string = periodEnd) {
  const byKey = new Map(rows.map((r) => [`${r.department_code}|${r.period}`, r]));
  return (departmentCode: string, period: string): ContractQuarterFigures => {
    const r = byKey.get(`${departmentCode}|${period}`);
    const covered = r?.covered ?? 0;
    const population = r?.population ?? 0;
    return {
      departmentCode,
      period,
      on: onOf(period),
      contractsInForce: r?.contracts ?? 0,
      partners: r?.partners ?? 0,
      coveredPopulation: covered,
      population,
      share: shareOf(covered, population),
    };
  };
}

/** One row per (département, quarter) asked for, in the order of `departmentCodes` then `periods`. */
export async function contractFigures(
  db: Db,
  departmentCodes: readonly string[],
  periods: readonly string[],
): Promise<ContractQuarterFigures[]> {
  if (departmentCodes.length === 0 || periods.length === 0) return [];
  const figures = figuresFrom(await contractFiguresQuery(db, { departmentCodes, periods }));
  return departmentCodes.flatMap((code) => periods.map((period) => figures(code, period)));
}

const definitions: DerivedDefinition[] = Object.entries(CONTRACT_INDICATORS).map(([key, d]) => ({
  key,
  ...d,
}));

/** Contracts in force, their partners and the population they cover, at the end of each quarter. */
export const contractsDerived = derivedProvider({
  definitions,
  query: contractFiguresQuery,
  values: (rows: Row[]) => {
    const figures = figuresFrom(rows);
    return (departmentCode: string, period: string, key: string) =>
      indicatorValue(figures(departmentCode, period), key as ContractIndicatorKey);
  },
});
