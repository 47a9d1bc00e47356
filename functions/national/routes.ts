import { z } from "@hono/zod-openapi";
import { meanCompleteness } from "../../shared/completeness";
import {
  NationalContractsSchema as NationalContracts,
  NationalIndicatorSchema as NationalIndicator,
  NationalReportsSchema as NationalReports,
} from "../../shared/national";
import {
  comparePeriods,
  DateString,
  expectedIn,
  lastOpenPeriod,
  Period,
  parisDate,
  range,
} from "../../shared/periods";
import type { Value } from "../../shared/units";
import { contractsOnDayQuery, figuresFrom } from "../contracts/derived";
import { shareOf } from "../contracts/domain/coverage";
import { access } from "../platform/access";
import { defuse, toCsv } from "../platform/csv";
import { fromJsonRows } from "../platform/db";
import type { DerivedStatement } from "../platform/derived";
import { AppError, notFound } from "../platform/errors";
import { createRouter, defineRoute, jsonContent } from "../platform/openapi";
import type { Services } from "../platform/services";
import { derivedReads } from "../reports/derived";
import { aggregate } from "../reports/domain/completeness";
import { completenessRows } from "../reports/summary";
import { allDepartments, nationalReportsReads, seriesReads, storedValues } from "./queries";

const tags = ["Vue nationale"];

export const PeriodsQuery = z.object({
  period: Period.optional().openapi({ description: "Un trimestre (par défaut : le dernier terminé)" }),
  from: Period.optional().openapi({ description: "Début d'un intervalle de trimestres" }),
  to: Period.optional().openapi({ description: "Fin d'un intervalle de trimestres (40 au plus)" }),
});

export function periodsOf(q: z.infer<typeof PeriodsQuery>, today: string): string[] {
  if (q.from || q.to) {
    if (!q.from || !q.to) {
      const missing = q.from ? "to" : "from";
      throw new AppError(422, "validation_failed", "Indiquez le début et la fin de l'intervalle.", {
        errors: [{ in: "query", pointer: `/${missing}`, detail: "Requis avec l'autre borne" }],
      });
    }
    try {
      return range(q.from, q.to);
    } catch (error) {
      throw new AppError(422, "validation_failed", (error as Error).message, {
        errors: [{ in: "query", pointer: "/to", detail: (error as Error).message }],
      });
    }
  }
  return [q.period ?? lastOpenPeriod(today)];
}

export const nationalRoutes = createRouter()
  .openapi(
    defineRoute({
      method: "get",
      path: "/national/reports",
      operationId: "listNationalReports",
      tags,
      summary: "Complétude et ponctualité des rapports de chaque département pour un trimestre",
      access: access.national,
      request: { query: z.object({ period: Period.optional() }) },
      responses: { 200: jsonContent(NationalReports, "Un rang par département") },
    }),
    async (c) => {
      const db = c.get("db");
      const today = parisDate(c.get("clock").now());
      const period = c.req.valid("query").period ?? lastOpenPeriod(today);
      // One round trip: four grouped reads in one batch.
      const [departments, indicators, reports, answered] = await db.batch(nationalReportsReads(db, period));
      const items = completenessRows({
        period,
        today,
        departments: fromJsonRows(departments),
        indicators: fromJsonRows(indicators),
        reports: fromJsonRows(reports),
        answered: fromJsonRows(answered),
      });
      const decided = items.filter((i) => i.onTime !== null);
      return c.json(
        {
          period,
          summary: {
            departments: items.length,
            submitted: items.filter((i) => i.status !== "draft").length,
            validated: items.filter((i) => i.status === "validated").length,
            late: items.filter((i) => i.onTime === false).length,
            onTimeRate: decided.length ? decided.filter((i) => i.onTime).length / decided.length : null,
            meanCompleteness: meanCompleteness(items),
          },
          items,
        },
        200,
      );
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/national/contracts",
      operationId: "listNationalContracts",
      tags,
      summary:
        "Contrats locaux contre les VSS en vigueur dans chaque département : nombre, partenaires, population couverte",
      access: access.national,
      request: {
        query: z.object({
          on: DateString.optional().openapi({
            description: "Jour (par défaut : aujourd'hui, heure de Paris)",
          }),
        }),
      },
      responses: { 200: jsonContent(NationalContracts, "Un rang par département") },
    }),
    async (c) => {
      const db = c.get("db");
      const on = c.req.valid("query").on ?? parisDate(c.get("clock").now());
      // One round trip: the départements and the contracts' one grouped statement for all of them.
      const [departments, rows] = await db.batch([allDepartments(db), contractsOnDayQuery(db, "all", on)]);
      const figures = figuresFrom(rows, () => on);
      const items = departments.map((d) => {
        const { contractsInForce, partners, coveredPopulation, population, share } = figures(d.code, on);
        return {
          departmentCode: d.code,
          departmentName: d.name,
          contractsInForce,
          partners,
          coveredPopulation,
          population,
          share,
        };
      });
      const sum = (pick: (i: (typeof items)[number]) => number) => items.reduce((s, i) => s + pick(i), 0);
      const coveredPopulation = sum((i) => i.coveredPopulation);
      const population = sum((i) => i.population);
      return c.json(
        {
          on,
          summary: {
            departments: items.length,
            departmentsWithContract: items.filter((i) => i.contractsInForce > 0).length,
            contractsInForce: sum((i) => i.contractsInForce),
            coveredPopulation,
            population,
            share: shareOf(coveredPopulation, population),
          },
          items,
        },
        200,
      );
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/national/indicators/{indicator}",
      operationId: "getNationalIndicatorValues",
      tags,
      summary: "Valeurs d'un indicateur dans chaque département, avec somme, moyenne et nombre de répondants",
      access: access.national,
      request: { params: z.object({ indicator: z.string().max(40) }), query: PeriodsQuery },
      responses: { 200: jsonContent(NationalIndicator, "Série par trimestre et par département") },
    }),
    async (c) =>
      c.json(await series(c.get("services"), c.req.valid("param").indicator, c.req.valid("query")), 200),
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/national/indicators/{indicator}/values.csv",
      operationId: "exportNationalIndicatorValuesCsv",
      tags,
      summary: "Export CSV des valeurs d'un indicateur (tous départements)",
      access: access.national,
      request: { params: z.object({ indicator: z.string().max(40) }), query: PeriodsQuery },
      responses: {
        200: {
          description: "CSV UTF-8 (BOM), séparateur ;",
          content: { "text/csv": { schema: z.string() } },
        },
      },
    }),
    async (c) => {
      const data = await series(c.get("services"), c.req.valid("param").indicator, c.req.valid("query"));
      const rows = [["departement", "nom", "periode", "etat", "valeur"]];
      for (const d of data.departments) {
        for (const v of d.values) {
          rows.push([
            d.departmentCode,
            d.departmentName,
            v.period,
            v.state ?? "",
            v.value === null ? "" : defuse(String(v.value)),
          ]);
        }
      }
      return c.body(toCsv(rows).slice().buffer as ArrayBuffer, 200, {
        "content-type": "text/csv; charset=utf-8",
        "content-disposition": `attachment; filename="${data.indicator.code}.csv"`,
      });
    },
  );

type SeriesValue = {
  period: string;
  state: "value" | "not_applicable" | "not_available" | null;
  value: Value | null;
};

/**
 * A derived indicator's second round trip: its provider's one grouped statement covers every
 * département and every closed quarter asked for (the benchmark's floor runs the same).
 */
export function seriesDerivedReads(
  s: Services,
  indicator: { derivedKey: string | null; departmentCode: string | null },
  periods: string[],
  today: string,
) {
  const closed = new Set(periods.filter((p) => comparePeriods(p, lastOpenPeriod(today)) <= 0));
  const derived = indicator.derivedKey
    ? derivedReads(
        s.derived,
        s.db,
        {
          departmentCodes: indicator.departmentCode === null ? "all" : [indicator.departmentCode],
          periods: [...closed],
        },
        [indicator.derivedKey],
      )
    : null;
  return { closed, derived };
}

/**
 * One indicator in every département over one or more quarters. One round trip reads the
 * indicator, the départements, their populations and its stored values; a derived indicator adds a second for its
 * provider's one grouped statement (101 départements × up to 40 quarters), known once the
 * indicator is read.
 */
async function series(s: Services, code: string, query: z.infer<typeof PeriodsQuery>) {
  const { db } = s;
  const today = parisDate(s.clock.now());
  const periods = periodsOf(query, today);
  const first = periods[0] as string;
  const last = periods[periods.length - 1] as string;
  const [[indicator], allDepartmentRows, storedRows, populations] = await db.batch(
    seriesReads(db, code, first, last),
  );
  if (!indicator) throw notFound("Cet indicateur n'existe pas.");
  const stored = storedValues(storedRows);
  const departments = allDepartmentRows.filter(
    (d) => indicator.departmentCode === null || d.code === indicator.departmentCode,
  );
  const { closed, derived } = seriesDerivedReads(s, indicator, periods, today);
  const derivedResults = derived?.statements.length
    ? await db.batch(derived.statements as [DerivedStatement<unknown>, ...DerivedStatement<unknown>[]])
    : [];
  const byKey = new Map(stored.map((v) => [`${v.departmentCode}|${v.period}`, v]));
  const derivedOf = derived?.values(derivedResults);

  const populationOf = new Map(populations.map((p) => [p.departmentCode, p.population]));
  const rows: {
    departmentCode: string;
    departmentName: string;
    population: number | null;
    values: SeriesValue[];
  }[] = [];
  for (const d of departments) {
    const values: SeriesValue[] = [];
    for (const period of periods) {
      if (derivedOf && indicator.derivedKey && closed.has(period)) {
        values.push({
          period,
          state: "value" as const,
          value: derivedOf(d.code, period, indicator.derivedKey),
        });
      } else {
        const v = byKey.get(`${d.code}|${period}`);
        values.push({
          period,
          state: v?.state ?? null,
          value: (v?.value as Value | null | undefined) ?? null,
        });
      }
    }
    // No commune in the reference: population unknown (never 0, which would divide by zero).
    const population = populationOf.get(d.code) || null;
    rows.push({ departmentCode: d.code, departmentName: d.name, population, values });
  }
  return {
    indicator: {
      code: indicator.code,
      label: indicator.label,
      unit: indicator.unit,
      measureNumber: indicator.measureNumber,
      derived: indicator.derivedKey !== null,
    },
    periods: periods.map((period, index) => {
      const totals = aggregate(
        indicator.unit,
        rows.map((r) => ({
          departmentCode: r.departmentCode,
          state: r.values[index]?.state ?? null,
          value: r.values[index]?.value ?? null,
        })),
      );
      // An annual indicator is not asked for in Q1–Q3: nobody is missing it there.
      const expected = expectedIn(indicator.periodicity, period);
      return { period, expected, ...totals, missing: expected ? totals.missing : 0 };
    }),
    departments: rows,
  };
}
