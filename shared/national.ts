import { z } from "zod";
import { UnitSchema } from "./catalogue.ts";
import { ReportStatusSchema } from "./reports.ts";

/** Shapes of the national consolidation API, shared by the Worker (validation, OpenAPI) and the UI. */

export const NationalReportRowSchema = z
  .object({
    departmentCode: z.string(),
    departmentName: z.string(),
    status: ReportStatusSchema,
    started: z.boolean(),
    completeness: z.number().nullable(),
    dueDate: z.string(),
    submittedAt: z.string().nullable(),
    validatedAt: z.string().nullable(),
    onTime: z.boolean().nullable(),
  })
  .meta({ id: "NationalReportRow" });
export type NationalRow = z.infer<typeof NationalReportRowSchema>;

export const NationalReportsSchema = z
  .object({
    period: z.string(),
    summary: z.object({
      departments: z.number().int(),
      submitted: z.number().int(),
      validated: z.number().int(),
      late: z.number().int(),
      onTimeRate: z.number().nullable(),
      meanCompleteness: z.number().nullable(),
    }),
    items: z.array(NationalReportRowSchema),
  })
  .meta({ id: "NationalReports" });
export type NationalReports = z.infer<typeof NationalReportsSchema>;

const ValueSchema = z.union([z.number(), z.boolean(), z.string()]).nullable();

export const SeriesPointSchema = z.object({
  period: z.string(),
  expected: z
    .boolean()
    .meta({ description: "Faux pour un indicateur annuel hors T4 : il n'est pas demandé" }),
  count: z.number().int(),
  sum: z.number().nullable(),
  mean: z.number().nullable(),
  notApplicable: z.number().int(),
  notAvailable: z.number().int(),
  missing: z.number().int(),
});
export type SeriesPoint = z.infer<typeof SeriesPointSchema>;

export const NationalIndicatorSchema = z
  .object({
    indicator: z.object({
      code: z.string(),
      label: z.string(),
      unit: UnitSchema,
      measureNumber: z.number().int().nullable(),
      derived: z.boolean(),
    }),
    periods: z.array(SeriesPointSchema),
    departments: z.array(
      z.object({
        departmentCode: z.string(),
        departmentName: z.string(),
        population: z.number().int().nullable().meta({
          description: "Population officielle (somme des communes, INSEE) ; null si inconnue",
        }),
        values: z.array(z.object({ period: z.string(), state: z.string().nullable(), value: ValueSchema })),
      }),
    ),
  })
  .meta({ id: "NationalIndicator" });
export type NationalIndicator = z.infer<typeof NationalIndicatorSchema>;

/** Local contracts against sexist and sexual violence in one département, on a day. */
export const NationalContractsRowSchema = z
  .object({
    departmentCode: z.string(),
    departmentName: z.string(),
    contractsInForce: z.number().int(),
    partners: z.number().int().meta({
      description: "Organisations porteuses ou signataires des contrats en vigueur, chacune une fois",
    }),
    coveredPopulation: z.number().int(),
    population: z.number().int().meta({ description: "Population officielle du département" }),
    share: z.number().meta({ description: "Part de la population couverte (0–1, 4 décimales)" }),
  })
  .meta({ id: "NationalContractsRow" });
export type NationalContractsRow = z.infer<typeof NationalContractsRowSchema>;

export const NationalContractsSchema = z
  .object({
    on: z
      .string()
      .meta({ description: "Le jour (AAAA-MM-JJ, heure de Paris) où les contrats sont en vigueur" }),
    summary: z.object({
      departments: z.number().int(),
      departmentsWithContract: z.number().int(),
      contractsInForce: z.number().int(),
      coveredPopulation: z.number().int(),
      population: z.number().int(),
      share: z.number().meta({ description: "Part de la population française couverte (0–1)" }),
    }),
    items: z.array(NationalContractsRowSchema),
  })
  .meta({ id: "NationalContracts" });
export type NationalContracts = z.infer<typeof NationalContractsSchema>;
