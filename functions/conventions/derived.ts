import { sql } from "drizzle-orm";
import { periodEnd, periodStart } from "../../shared/periods";
import type { Db } from "../platform/db";
import {
  type DerivedDefinition,
  type DerivedScope,
  type DerivedStatement,
  derivedProvider,
} from "../platform/derived";
import { PROFESSIONS, professionLabels } from "./domain/professions";

/**
 * Cross-training placements' derived indicators, in ONE grouped query for any départements and
 * quarters: placements completed in the quarter (the plan's "nombre de stages organisés": a
 * convention whose host confirmed the placement took place, counted in the quarter of its last
 * day) and the professionals they trained, in total and by profession (each trainee once per
 * profession and quarter).
 */
const definitions: DerivedDefinition[] = [
  {
    key: "conventions.placements_completed",
    label: "Stages croisés organisés",
    unit: "count",
    description:
      "Stages croisés dont la structure d'accueil a confirmé la réalisation, comptés dans le trimestre de leur dernier jour.",
  },
  {
    key: "conventions.placements_completed_year",
    label: "Stages croisés organisés dans l'année",
    unit: "count",
    description:
      "Stages croisés réalisés depuis le 1er janvier jusqu'au dernier jour du trimestre (au 4e trimestre : l'année entière), comptés à leur dernier jour.",
  },
  {
    key: "conventions.trained",
    label: "Professionnels formés par un stage croisé",
    unit: "count",
    description: "Stagiaires des stages croisés réalisés dans le trimestre (chacun une fois par profession).",
  },
  ...PROFESSIONS.map(
    (p): DerivedDefinition => ({
      key: `conventions.trained_${p}`,
      label: `Professionnels formés par un stage croisé — ${professionLabels[p]}`,
      unit: "count",
      description: `Stagiaires de profession « ${professionLabels[p]} » des stages croisés réalisés dans le trimestre.`,
    }),
  ),
];

type Row = {
  department_code: string;
  period: string;
  profession: string;
  placements: number;
  trainees: number;
  /** Completed from 1 January to the quarter's last day (the quarter's own are in `placements`). */
  year_placements: number;
};

export function completedPlacementsQuery(db: Db, scope: DerivedScope): DerivedStatement<Row[]> {
  const quarters = JSON.stringify(
    scope.periods.map((p) => [p, periodStart(p), periodEnd(p), `${p.slice(0, 4)}-01-01`]),
  );
  const departments =
    scope.departmentCodes === "all"
      ? sql`1 = 1`
      : sql`c.department_code in (select value from json_each(${JSON.stringify([...new Set(scope.departmentCodes)])}))`;
  const inner = sql`
    select c.department_code as department_code, json_extract(q.value, '$[0]') as period,
      c.trainee_profession as profession,
      sum(c.ends_on >= json_extract(q.value, '$[1]')) as placements,
      count(distinct case when c.ends_on >= json_extract(q.value, '$[1]') then c.trainee_user_id end) as trainees,
      count(*) as year_placements
    from conventions c join json_each(${quarters}) q
      on c.ends_on between json_extract(q.value, '$[3]') and json_extract(q.value, '$[2]')
    where c.status = 'completed' and ${departments}
    group by c.department_code, period, c.trainee_profession
  `;
  return db
    .select({
      department_code: sql<string>`f.department_code`,
      period: sql<string>`f.period`,
      profession: sql<string>`f.profession`,
      placements: sql<number>`f.placements`,
      trainees: sql<number>`f.trainees`,
      year_placements: sql<number>`f.year_placements`,
    })
    .from(sql`(${inner}) as f`);
}

export function placementValues(rows: readonly Row[]) {
  const counts = new Map<string, number>();
  const add = (key: string, n: number) => counts.set(key, (counts.get(key) ?? 0) + n);
  for (const r of rows) {
    const at = `${r.department_code}|${r.period}|`;
    add(`${at}placements_completed`, r.placements);
    add(`${at}placements_completed_year`, r.year_placements);
    add(`${at}trained`, r.trainees);
    add(`${at}trained_${r.profession}`, r.trainees);
  }
  return (departmentCode: string, period: string, key: string) =>
    counts.get(`${departmentCode}|${period}|${key.slice("conventions.".length)}`) ?? 0;
}

/** Placements completed (in the quarter, since 1 January) and professionals trained by profession. */
export const conventionsDerived = derivedProvider({
  definitions,
  query: completedPlacementsQuery,
  values: placementValues,
});
