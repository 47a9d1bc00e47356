import { inArray, sql } from "drizzle-orm";
import { addDays, parisDate, periodEnd, periodStart } from "../../shared/periods";
import type { Db } from "../platform/db";
import { type DerivedDefinition, type DerivedScope, derivedProvider } from "../platform/derived";
import { placementOffers } from "./schema";

const definitions: DerivedDefinition[] = [
  {
    key: "placements.offers_published",
    label: "Offres de stage croisé publiées dans le trimestre",
    unit: "count",
    description:
      "Offres dont la première publication (heure de Paris) tombe dans le trimestre, qu'elles soient depuis complètes ou clôturées.",
  },
  {
    key: "placements.places_published",
    label: "Places de stage croisé offertes dans le trimestre",
    unit: "count",
    description: "Capacité totale des offres publiées pour la première fois dans le trimestre.",
  },
];

/** The instant (ISO, UTC) a day starts in metropolitan France. */
export function parisMidnight(day: string): string {
  for (const offset of ["+01:00", "+02:00"]) {
    const t = Date.parse(`${day}T00:00:00${offset}`);
    if (parisDate(new Date(t)) === day && parisDate(new Date(t - 1)) !== day)
      return new Date(t).toISOString();
  }
  throw new Error(`no Paris midnight for ${day}`);
}

/** A quarter as the instants it runs from (included) and to (excluded), in Paris time. */
export const quarterInstants = (period: string) => ({
  p: period,
  s: parisMidnight(periodStart(period)),
  e: parisMidnight(addDays(periodEnd(period), 1)),
});

export type PublishedCount = { departmentCode: string; period: string; offers: number; places: number };

/** Offers first published in each quarter, by département: one grouped statement for the whole scope. */
export function publishedCounts(db: Db, scope: DerivedScope) {
  const period = sql<string>`json_extract(q.value, '$.p')`;
  return db
    .select({
      departmentCode: placementOffers.departmentCode,
      period,
      offers: sql<number>`count(*)`,
      places: sql<number>`sum(${placementOffers.capacity})`,
    })
    .from(placementOffers)
    .innerJoin(
      sql`json_each(${JSON.stringify(scope.periods.map(quarterInstants))}) as q`,
      sql`${placementOffers.publishedAt} >= json_extract(q.value, '$.s') and ${placementOffers.publishedAt} < json_extract(q.value, '$.e')`,
    )
    .where(
      scope.departmentCodes === "all"
        ? undefined
        : inArray(
            placementOffers.departmentCode,
            sql`(select value from json_each(${JSON.stringify(scope.departmentCodes)}))`,
          ),
    )
    .groupBy(placementOffers.departmentCode, period);
}

export function publishedValues(rows: readonly PublishedCount[]) {
  const byKey = new Map(rows.map((r) => [`${r.departmentCode}|${r.period}`, r]));
  return (departmentCode: string, period: string, key: string) => {
    const row = byKey.get(`${departmentCode}|${period}`);
    return key === "placements.places_published" ? (row?.places ?? 0) : (row?.offers ?? 0);
  };
}

/** Placements' derived indicators (part 1: offers). */
export const placementsDerived = derivedProvider({
  definitions,
  query: publishedCounts,
  values: publishedValues,
});
