import { inArray, sql } from "drizzle-orm";
import { ORGANISATION_KINDS, organisationKindLabels } from "../../shared/organisation";
import { periodEnd } from "../../shared/periods";
import type { Db } from "../platform/db";
import { type DerivedDefinition, type DerivedScope, derivedProvider } from "../platform/derived";
import { organisations } from "./schema";

/** Kinds counted one by one ("other" is only in the total). */
export const COUNTED_ORGANISATION_KINDS = ORGANISATION_KINDS.filter((k) => k !== "other");

const definitions: DerivedDefinition[] = [
  {
    key: "organisations.total",
    label: "Organisations partenaires inscrites dans Maillage",
    unit: "count",
    description: "Organisations du département non archivées au dernier jour du trimestre.",
  },
  ...COUNTED_ORGANISATION_KINDS.map(
    (kind): DerivedDefinition => ({
      key: `organisations.${kind}`,
      label: `Organisations partenaires de type « ${organisationKindLabels[kind]} »`,
      unit: "count",
      description: `Organisations de type « ${organisationKindLabels[kind]} » non archivées au dernier jour du trimestre.`,
    }),
  ),
];

export type OrganisationCount = { departmentCode: string; day: string; kind: string; n: number };

/**
 * Organisations existing on each of the given days (created on or before it, not archived on or
 * before it), counted by département, day and kind: one grouped query for any number of
 * départements and days. Lists travel as one JSON parameter each (D1 binds 100 at most).
 */
export function organisationCountsOn(
  db: Db,
  departmentCodes: readonly string[] | "all",
  days: readonly string[],
) {
  const day = sql<string>`d.value`;
  return db
    .select({
      departmentCode: organisations.departmentCode,
      day,
      kind: organisations.kind,
      n: sql<number>`count(*)`,
    })
    .from(organisations)
    .innerJoin(
      sql`json_each(${JSON.stringify(days)}) as d`,
      sql`substr(${organisations.createdAt}, 1, 10) <= d.value and (${organisations.archivedAt} is null or substr(${organisations.archivedAt}, 1, 10) > d.value)`,
    )
    .where(
      departmentCodes === "all"
        ? undefined
        : inArray(
            organisations.departmentCode,
            sql`(select value from json_each(${JSON.stringify(departmentCodes)}))`,
          ),
    )
    .groupBy(organisations.departmentCode, day, organisations.kind);
}

/** The counts a quarter's derived indicators show, from the grouped rows. */
export function organisationValues(rows: readonly OrganisationCount[]) {
  const counts = new Map<string, number>();
  const add = (key: string, n: number) => counts.set(key, (counts.get(key) ?? 0) + n);
  for (const r of rows) {
    add(`${r.departmentCode}|${r.day}|${r.kind}`, r.n);
    add(`${r.departmentCode}|${r.day}|total`, r.n);
  }
  return (departmentCode: string, period: string, key: string) =>
    counts.get(`${departmentCode}|${periodEnd(period)}|${key.slice("organisations.".length)}`) ?? 0;
}

/** Partner organisations of the département at the end of the quarter: in total and by kind. */
export const organisationsDerived = derivedProvider({
  definitions,
  query: (db: Db, scope: DerivedScope) =>
    organisationCountsOn(db, scope.departmentCodes, scope.periods.map(periodEnd)),
  values: organisationValues,
});
