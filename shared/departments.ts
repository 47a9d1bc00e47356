import { z } from "zod";

/** Shapes of the département API (tenants and their territory), shared by the Worker and the UI. */

export const DepartmentSchema = z
  .object({ code: z.string(), name: z.string(), regionCode: z.string(), regionName: z.string() })
  .meta({ id: "Department" });
export type DepartmentSummary = z.infer<typeof DepartmentSchema>;

export const DepartmentDetailSchema = DepartmentSchema.extend({
  reportDueDays: z.number().int(),
  /** Days after the quarter during which members enter; null: until the report is submitted. */
  memberEntryDays: z.number().int().nullable(),
  arrondissements: z.array(z.object({ code: z.string(), name: z.string() })),
}).meta({ id: "DepartmentDetail" });
export type Department = z.infer<typeof DepartmentDetailSchema>;

export const CommuneSchema = z
  .object({ inseeCode: z.string(), siren: z.string(), name: z.string() })
  .meta({ id: "Commune" });
export type Commune = z.infer<typeof CommuneSchema>;

export const EpciSchema = z
  .object({ siren: z.string(), name: z.string(), type: z.string() })
  .meta({ id: "Epci" });
export type Epci = z.infer<typeof EpciSchema>;
