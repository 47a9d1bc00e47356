import { z } from "zod";
import { UnitSchema } from "./catalogue.ts";
import { RoleSchema } from "./roles.ts";

/** Shapes of the quarter report API, shared by the Worker (validation, OpenAPI) and the UI. */

export const VALUE_STATES = ["value", "not_applicable", "not_available"] as const;
export const ValueStateSchema = z.enum(VALUE_STATES);
/** The statuses of a quarter report: the one list the Worker and the UI use. */
export const REPORT_STATUSES = ["draft", "submitted", "validated"] as const;
export const ReportStatusSchema = z.enum(REPORT_STATUSES);
export type ReportStatus = (typeof REPORT_STATUSES)[number];
/** Why a report cannot be written (in the report and in the problem that refuses a write). */
export const LockReasonSchema = z.enum(["validated", "submitted", "period_not_open", "window_closed"]);
const ValueSchema = z.union([z.number(), z.boolean(), z.string()]).nullable();

export const ReportItemSchema = z
  .object({
    indicator: z.string(),
    label: z.string(),
    unit: UnitSchema,
    periodicity: z.enum(["quarterly", "annual"]),
    scope: z.enum(["national", "local"]),
    measureNumber: z.number().int().nullable(),
    axisCode: z.string().nullable(),
    axisTitle: z.string().nullable(),
    sheetCode: z.string().nullable(),
    sheetTitle: z.string().nullable(),
    responsibleOrganisationId: z.string().nullable(),
    responsibleOrganisationName: z
      .string()
      .nullable()
      .meta({ description: "Organisation qui renseigne l'indicateur ; null : la préfecture" }),
    target: z.number().nullable(),
    derived: z.boolean(),
    state: ValueStateSchema.nullable(),
    value: ValueSchema,
    comment: z.string().nullable(),
    previousState: ValueStateSchema.nullable(),
    previousValue: ValueSchema,
    updatedAt: z.string().nullable(),
    updatedBy: z.string().nullable(),
    retired: z.boolean(),
    editable: z.boolean(),
  })
  .meta({ id: "ReportItem" });

export const OrganisationProgressSchema = z
  .object({
    organisationId: z.string(),
    name: z.string(),
    assigned: z.number().int().meta({ description: "Indicateurs saisis dont elle a la charge" }),
    answered: z.number().int(),
    doneAt: z.string().nullable().meta({ description: "« J'ai terminé » : quand ses membres l'ont dit" }),
    remindedAt: z.string().nullable().meta({ description: "Dernière relance de la préfecture" }),
    lastActivityAt: z.string().nullable(),
  })
  .meta({ id: "OrganisationProgress" });
export type OrganisationProgress = z.infer<typeof OrganisationProgressSchema>;

export const ReportSchema = z
  .object({
    departmentCode: z.string(),
    period: z.string(),
    status: ReportStatusSchema,
    version: z.number().int(),
    opensOn: z.string(),
    dueDate: z.string(),
    memberEntryUntil: z.string().nullable().meta({
      description: "Dernier jour de saisie des organisations membres ; null : jusqu'à la soumission",
    }),
    onTime: z.boolean().nullable(),
    completeness: z.number().min(0).max(1).nullable().meta({
      description:
        "Indicateurs saisis renseignés ÷ indicateurs saisis attendus (calculés exclus) ; null : trimestre pas encore ouvert",
    }),
    submittedAt: z.string().nullable(),
    submittedBy: z.string().nullable().meta({ description: "Adresse de qui a soumis le rapport" }),
    validatedAt: z.string().nullable(),
    validatedBy: z.string().nullable().meta({ description: "Adresse de qui a validé le rapport" }),
    validatedByRole: RoleSchema.nullable(),
    validators: z.number().int().meta({
      description:
        "Valideurs désignés dans le département ; à partir de deux, qui a soumis ne valide pas (quatre yeux)",
    }),
    validatorEmails: z.array(z.string()).meta({
      description: "Adresses des valideurs désignés (vide : tout agent de la préfecture valide)",
    }),
    organisations: z.array(OrganisationProgressSchema).meta({
      description: "Avancement par organisation (un membre ne voit que la sienne)",
    }),
    reopenedAt: z.string().nullable(),
    reopenReason: z.string().nullable(),
    lock: z
      .object({
        reason: LockReasonSchema,
        at: z.string().nullable(),
        byRole: RoleSchema.nullable(),
      })
      .nullable(),
    items: z.array(ReportItemSchema),
  })
  .meta({ id: "Report" });
export type Report = z.infer<typeof ReportSchema>;
export type ReportItem = z.infer<typeof ReportItemSchema>;

/** One value as sent by a client. Checked by unit on the server (shared/units.ts). */
export const ValueEntrySchema = z
  .object({
    indicator: z.string().min(1).max(40),
    state: ValueStateSchema.nullable(),
    value: ValueSchema.optional(),
    comment: z.string().nullable().optional(),
  })
  .strict()
  .meta({ id: "ValueEntry" });

export const SaveValuesSchema = z
  .object({ values: z.array(ValueEntrySchema).min(1).max(2000) })
  .strict()
  .meta({ id: "SaveValues" });

export const ReopenSchema = z
  .object({ reason: z.string().max(2000) })
  .strict()
  .meta({ id: "Reopen" });

export const ValueHistorySchema = z
  .object({
    items: z.array(
      z.object({
        id: z.string(),
        state: z.string(),
        value: ValueSchema,
        comment: z.string().nullable(),
        changedAt: z.string(),
        changedBy: z.string().nullable(),
        source: z.string(),
      }),
    ),
  })
  .meta({ id: "ValueHistory" });

/** An organisation's part of one quarter, in the list of quarters (its members' own progress). */
export const QuarterPartSchema = z
  .object({
    organisationId: z.string(),
    name: z.string(),
    assigned: z.number().int().meta({
      description: "Indicateurs saisis qu'elle renseigne ce trimestre (calculés exclus)",
    }),
    answered: z.number().int(),
    doneAt: z.string().nullable().meta({ description: "« J'ai terminé » : quand ses membres l'ont dit" }),
  })
  .meta({ id: "QuarterPart" });
export type QuarterPart = z.infer<typeof QuarterPartSchema>;

/** One quarter in the list of a département's reports (no items: see the report itself). */
export const ReportSummarySchema = z
  .object({
    period: z.string(),
    open: z.boolean(),
    opensOn: z.string(),
    status: ReportStatusSchema,
    started: z.boolean(),
    completeness: z.number().min(0).max(1).nullable().meta({
      description:
        "Indicateurs saisis renseignés ÷ indicateurs saisis attendus (calculés exclus) ; null : trimestre pas encore ouvert",
    }),
    dueDate: z.string(),
    submittedAt: z.string().nullable(),
    validatedAt: z.string().nullable(),
    onTime: z.boolean().nullable(),
    memberEntryUntil: z.string().nullable().meta({
      description: "Dernier jour de saisie des organisations membres ; null : jusqu'à la soumission",
    }),
    ownOrganisations: z.array(QuarterPartSchema).meta({
      description:
        "La part de l'organisation de l'appelant (un membre) dans ce trimestre : vide pour la préfecture et l'administration centrale",
    }),
  })
  .meta({ id: "ReportSummary" });
export type ReportSummary = z.infer<typeof ReportSummarySchema>;
