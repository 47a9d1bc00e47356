import { z } from "zod";

/**
 * Shapes of the indicator catalogue API, shared by the Worker (validation, OpenAPI) and the UI.
 *
 * Codes are stable and never reused, even after an indicator is retired or deleted:
 * - national: `N<measure>-<n>` (e.g. `N48-1`), numbered within the measure;
 * - local: `<département>-<sheet>-<n>` (e.g. `62-2.5-1`), numbered within the action sheet.
 */

export const UNITS = ["count", "percent", "yes_no", "days", "euros", "text"] as const;
export type Unit = (typeof UNITS)[number];
export const PERIODICITIES = ["quarterly", "annual"] as const;

export const unitLabels: Record<Unit, string> = {
  count: "Nombre",
  percent: "Pourcentage (0 à 100)",
  yes_no: "Oui / non",
  days: "Nombre de jours",
  euros: "Montant en euros",
  text: "Texte libre",
};

export const periodicityLabels: Record<(typeof PERIODICITIES)[number], string> = {
  quarterly: "Trimestrielle",
  annual: "Annuelle (demandée au 4e trimestre)",
};

/** How the organisation answering an indicator in a département was chosen. */
export const assignmentSourceLabels = {
  explicit: "Désignée par la préfecture",
  sheet_pilot: "Pilote de la fiche action",
  prefecture: "La préfecture (aucune organisation désignée)",
} as const;

export const UnitSchema = z.enum(UNITS, { error: "Unité inconnue." });
export const PeriodicitySchema = z.enum(PERIODICITIES, {
  error: "Périodicité inconnue (quarterly ou annual).",
});

const label = z
  .string({ error: "Le libellé est obligatoire." })
  .trim()
  .min(3, "Le libellé doit faire au moins 3 caractères.")
  .max(300, "Le libellé ne doit pas dépasser 300 caractères.");
const target = z
  .number({ error: "La cible doit être un nombre." })
  .min(0, "La cible ne peut pas être négative.")
  .max(1e12, "Cible trop grande.")
  .nullable();
const derivedKey = z
  .string()
  .trim()
  .max(80)
  .nullish()
  .transform((v) => v || null);
/** An optional text: absent stays absent (unchanged), "" or null means none. */
const optionalText = (max: number) =>
  z
    .string()
    .trim()
    .max(max, `Ce champ ne doit pas dépasser ${max} caractères.`)
    .nullish()
    .transform((v) => (v === undefined ? undefined : v || null));

export const IndicatorSchema = z
  .object({
    code: z.string(),
    scope: z.enum(["national", "local"]),
    departmentCode: z.string().nullable(),
    measureNumber: z.number().int().nullable(),
    sheetCode: z.string().nullable(),
    label: z.string(),
    unit: UnitSchema,
    periodicity: PeriodicitySchema,
    derivedKey: z.string().nullable(),
    derived: z.boolean(),
    target: z.number().nullable(),
    position: z.number().int(),
    retiredAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: "Indicator" });
export type Indicator = z.infer<typeof IndicatorSchema>;

export const MeasureSchema = z
  .object({
    number: z.number().int(),
    origin: z.enum(["grenelle", "merignac"]),
    text: z.string(),
    pilot: z.string(),
    indicators: z.array(IndicatorSchema),
  })
  .meta({ id: "Measure" });
export type Measure = z.infer<typeof MeasureSchema>;

export const NationalIndicatorCreateSchema = z
  .object({
    measureNumber: z
      .number({ error: "Le numéro de mesure est obligatoire." })
      .int("Numéro de mesure invalide.")
      .min(1, "Numéro de mesure invalide.")
      .max(999, "Numéro de mesure invalide."),
    label,
    unit: UnitSchema,
    periodicity: PeriodicitySchema,
    target: target.optional(),
    derivedKey: derivedKey.optional(),
  })
  .strict()
  .meta({ id: "NationalIndicatorCreate" });
export type NationalIndicatorCreate = z.input<typeof NationalIndicatorCreateSchema>;

export const LocalIndicatorCreateSchema = z
  .object({
    sheetCode: z.string({ error: "La fiche action est obligatoire." }).trim().min(1).max(20),
    label,
    unit: UnitSchema,
    periodicity: PeriodicitySchema,
    target: target.optional(),
    derivedKey: derivedKey.optional(),
  })
  .strict()
  .meta({ id: "LocalIndicatorCreate" });
export type LocalIndicatorCreate = z.input<typeof LocalIndicatorCreateSchema>;

/** Absent fields are left unchanged; `target: null` removes the target. */
export const IndicatorUpdateSchema = z
  .object({
    label: label.optional(),
    unit: UnitSchema.optional(),
    periodicity: PeriodicitySchema.optional(),
    target: target.optional(),
  })
  .strict()
  .meta({ id: "IndicatorUpdate" });
export type IndicatorUpdate = z.input<typeof IndicatorUpdateSchema>;

export const IndicatorRevisionSchema = z
  .object({
    version: z.number().int(),
    label: z.string(),
    target: z.number().nullable(),
    changedAt: z.string(),
    changedBy: z.string().nullable(),
  })
  .meta({ id: "IndicatorRevision" });
export type IndicatorRevision = z.infer<typeof IndicatorRevisionSchema>;

/** An axis or sheet code as written in the plan: "2", "2.5", "A.1". No "-" (it separates indicator code parts). */
export const PLAN_CODE = /^[0-9A-Za-z]{1,4}(\.[0-9A-Za-z]{1,4}){0,2}$/;
const planCode = z
  .string({ error: "Le code est obligatoire." })
  .trim()
  .regex(PLAN_CODE, "Code invalide : chiffres ou lettres séparés par des points (ex. 2.5).");

export const AxisSchema = z.object({ code: z.string(), title: z.string() }).meta({ id: "Axis" });
export type Axis = z.infer<typeof AxisSchema>;
const axisTitle = z
  .string({ error: "Le titre est obligatoire." })
  .trim()
  .min(1, "Le titre est obligatoire.")
  .max(300, "Le titre ne doit pas dépasser 300 caractères.");
export const AxisCreateSchema = z
  .object({ code: planCode, title: axisTitle })
  .strict()
  .meta({ id: "AxisCreate" });
export const AxisUpdateSchema = z.object({ title: axisTitle }).strict().meta({ id: "AxisUpdate" });

export const ActionSheetSchema = z
  .object({
    departmentCode: z.string(),
    code: z.string(),
    axisCode: z.string(),
    title: z.string(),
    pilotOrganisationId: z.string().nullable(),
    pilotOrganisationName: z.string().nullable(),
    /** The pilot service as written in the plan (free text). */
    pilot: z.string().nullable(),
    partners: z.string().nullable(),
    territory: z.string().nullable(),
    /** Evaluation frequency as written in the plan. */
    frequency: z.string().nullable(),
    means: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
  })
  .meta({ id: "ActionSheet" });
export type ActionSheet = z.infer<typeof ActionSheetSchema>;

const sheetFields = {
  title: axisTitle,
  pilotOrganisationId: optionalText(64),
  pilot: optionalText(1000),
  partners: optionalText(2000),
  territory: optionalText(500),
  frequency: optionalText(500),
  means: optionalText(2000),
};
export const ActionSheetCreateSchema = z
  .object({ code: planCode, axisCode: planCode, ...sheetFields })
  .strict()
  .meta({ id: "ActionSheetCreate" });
export type ActionSheetCreate = z.input<typeof ActionSheetCreateSchema>;

/** Absent fields are left unchanged; null (or "") clears an optional field. The code never changes. */
export const ActionSheetUpdateSchema = z
  .object({
    axisCode: planCode.optional(),
    ...sheetFields,
    title: axisTitle.optional(),
  })
  .strict()
  .meta({ id: "ActionSheetUpdate" });
export type ActionSheetUpdate = z.input<typeof ActionSheetUpdateSchema>;

/** An indicator as a département sees it: who answers it there. */
export const CatalogueIndicatorSchema = IndicatorSchema.extend({
  responsibleOrganisationId: z.string().nullable(),
  responsibleOrganisationName: z.string().nullable(),
  /** explicit: assigned by the prefecture; sheet_pilot: the sheet's pilot; prefecture: nobody designated. */
  assignment: z.enum(["explicit", "sheet_pilot", "prefecture"]),
}).meta({ id: "CatalogueIndicator" });
export type CatalogueIndicator = z.infer<typeof CatalogueIndicatorSchema>;

export const CatalogueSchema = z
  .object({
    departmentCode: z.string(),
    axes: z.array(
      AxisSchema.extend({
        sheets: z.array(ActionSheetSchema.extend({ indicators: z.array(CatalogueIndicatorSchema) })),
      }),
    ),
    national: z.array(CatalogueIndicatorSchema),
  })
  .meta({ id: "Catalogue" });
export type Catalogue = z.infer<typeof CatalogueSchema>;

export const AssignmentSchema = z
  .object({
    organisationId: z
      .string({ error: "Indiquez une organisation, ou null pour que la préfecture réponde." })
      .trim()
      .min(1)
      .max(64)
      .nullable(),
  })
  .strict()
  .meta({ id: "Assignment" });

export const DepartmentSettingsSchema = z
  .object({
    reportDueDays: z
      .number({ error: "Le délai doit être un nombre de jours." })
      .int("Le délai doit être un nombre entier de jours.")
      .min(1, "Le délai doit être d'au moins 1 jour.")
      .max(120, "Le délai ne peut pas dépasser 120 jours.")
      .meta({ description: "Jours après la fin du trimestre pour remettre le rapport" }),
    memberEntryDays: z
      .number({ error: "La fenêtre de saisie doit être un nombre de jours, ou null pour ne pas la fermer." })
      .int("La fenêtre de saisie doit être un nombre entier de jours.")
      .min(1, "La fenêtre de saisie doit durer au moins 1 jour.")
      .max(120, "La fenêtre de saisie ne peut pas dépasser 120 jours.")
      .nullable()
      .meta({
        description:
          "Jours après la fin du trimestre pendant lesquels les organisations membres saisissent leurs indicateurs ; null : jusqu'à la soumission",
      }),
  })
  .meta({ id: "DepartmentSettings" });
export type DepartmentSettings = z.infer<typeof DepartmentSettingsSchema>;

/** PATCH: only the settings given change; an unknown or missing setting is an error, not a no-op. */
export const DepartmentSettingsPatchSchema = DepartmentSettingsSchema.partial()
  .strict()
  .refine((patch) => Object.keys(patch).length > 0, {
    error: "Indiquez au moins un réglage : reportDueDays ou memberEntryDays.",
  })
  .meta({ id: "DepartmentSettingsPatch" });
