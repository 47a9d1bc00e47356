import { z } from "zod";
import type { Role } from "./roles.ts";

/** Kinds of organisation of a département (English codes in the API, French labels in the UI). */
export const ORGANISATION_KINDS = [
  "commune",
  "epci",
  "state_service",
  "justice",
  "police",
  "gendarmerie",
  "health",
  "social_security",
  "employment",
  "housing",
  "association",
  "other",
] as const;
export type OrganisationKind = (typeof ORGANISATION_KINDS)[number];

export const organisationKindLabels: Record<OrganisationKind, string> = {
  commune: "Commune",
  epci: "Intercommunalité (EPCI)",
  state_service: "Service de l'État",
  justice: "Justice",
  police: "Police nationale",
  gendarmerie: "Gendarmerie nationale",
  health: "Établissement de santé",
  social_security: "Organisme de sécurité sociale",
  employment: "Emploi et insertion",
  housing: "Logement",
  association: "Association",
  other: "Autre",
};

export const OrganisationKindSchema = z
  .enum(ORGANISATION_KINDS, { error: "Type d'organisation inconnu." })
  .meta({ id: "OrganisationKind" });

export const OrganisationSchema = z
  .object({
    id: z.string(),
    departmentCode: z.string(),
    kind: OrganisationKindSchema,
    name: z.string(),
    inseeCode: z.string().nullable(),
    siren: z.string().nullable(),
    siret: z.string().nullable(),
    rna: z.string().nullable(),
    address: z.string().nullable(),
    archivedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
  })
  .meta({ id: "Organisation" });
export type Organisation = z.infer<typeof OrganisationSchema>;

export const ADDRESS_MAX_LENGTH = 300;
const ADDRESS_TOO_LONG = `L'adresse ne doit pas dépasser ${ADDRESS_MAX_LENGTH} caractères.`;

/** Empty strings from a form mean "not given". */
const optionalText = (max: number, message: string) =>
  z
    .string()
    .trim()
    .max(max, message)
    .nullish()
    .transform((v) => (v ? v : undefined));

/**
 * Creation input. Which identifier a kind needs is checked by the API's domain rules (and may be
 * mirrored by the UI with `identifierRequirement`): commune → inseeCode, epci → siren,
 * association → rna, any other kind → siret.
 */
export const OrganisationCreateSchema = z
  .object({
    kind: OrganisationKindSchema,
    name: optionalText(200, "Le nom ne doit pas dépasser 200 caractères."),
    inseeCode: optionalText(10, "Code INSEE trop long."),
    siren: optionalText(20, "SIREN trop long."),
    siret: optionalText(30, "SIRET trop long."),
    rna: optionalText(20, "Numéro RNA trop long."),
    address: optionalText(ADDRESS_MAX_LENGTH, ADDRESS_TOO_LONG),
  })
  .strict()
  .meta({ id: "OrganisationCreate" });
export type OrganisationCreate = z.input<typeof OrganisationCreateSchema>;

/** Update input: `null` clears an optional identifier; absent fields are left unchanged. */
export const OrganisationUpdateSchema = z
  .object({
    name: z
      .string()
      .trim()
      .min(1, "Le nom est obligatoire.")
      .max(200, "Le nom ne doit pas dépasser 200 caractères.")
      .optional(),
    siret: z.string().trim().max(30, "SIRET trop long.").nullable().optional(),
    rna: z.string().trim().max(20, "Numéro RNA trop long.").nullable().optional(),
    address: z.string().trim().max(ADDRESS_MAX_LENGTH, ADDRESS_TOO_LONG).nullable().optional(),
  })
  .strict()
  .meta({ id: "OrganisationUpdate" });
export type OrganisationUpdate = z.input<typeof OrganisationUpdateSchema>;

/**
 * What the public company register (recherche-entreprises.api.gouv.fr) says of one establishment,
 * mapped to our words: the form proposes `name` and `address`, the user accepts them or not.
 */
export const CompanyRegisterEntrySchema = z
  .object({
    siret: z.string(),
    siren: z.string(),
    name: z
      .string()
      .nullable()
      .meta({ description: "Nom complet de l'entreprise (unité légale), sauf s'il n'est pas diffusible" }),
    address: z
      .string()
      .nullable()
      .meta({ description: "Adresse de l'établissement, sur une ligne, sauf si elle n'est pas diffusible" }),
    headOffice: z.boolean().meta({ description: "L'établissement est le siège" }),
    closed: z.boolean().meta({ description: "L'établissement est fermé (ou l'entreprise cessée)" }),
    closedOn: z.string().nullable().meta({ description: "Date de fermeture de l'établissement, si connue" }),
  })
  .meta({ id: "CompanyRegisterEntry" });
export type CompanyRegisterEntry = z.infer<typeof CompanyRegisterEntrySchema>;

/** The organisation that already holds an identifier (a 409's `existing`). */
export const ExistingOrganisationSchema = z
  .object({ id: z.string(), name: z.string() })
  .meta({ id: "ExistingOrganisation" });
export type ExistingOrganisation = z.infer<typeof ExistingOrganisationSchema>;

export type IdentifierField = "inseeCode" | "siren" | "rna" | "siret";

/** The identifier a kind must have (commune: INSEE code, EPCI: SIREN, association: RNA, others: SIRET). */
export function identifierRequirement(kind: OrganisationKind): IdentifierField {
  switch (kind) {
    case "commune":
      return "inseeCode";
    case "epci":
      return "siren";
    case "association":
      return "rna";
    default:
      return "siret";
  }
}

/** The roles a prefecture gives (only a national user adds national users). */
export const MEMBER_ROLES = ["member", "prefecture"] as const satisfies readonly Role[];
export type MemberRole = (typeof MEMBER_ROLES)[number];

export const memberRoleLabels: Record<MemberRole | "national", string> = {
  member: "Membre",
  prefecture: "Préfecture",
  national: "National",
};

export const MemberSchema = z
  .object({
    membershipId: z.string(),
    userId: z.string(),
    email: z.string(),
    name: z.string().nullable(),
    role: z.enum(MEMBER_ROLES),
    organisationId: z.string().nullable(),
    organisationName: z.string().nullable(),
    validator: z.boolean().meta({
      description: "Droit de valider les rapports (préfecture ; quatre yeux à partir de deux valideurs)",
    }),
    createdAt: z.string(),
    lastSignInAt: z.string().nullable().meta({ description: "Dernière connexion ; null : jamais connecté" }),
    invitationSentAt: z
      .string()
      .nullable()
      .meta({ description: "Envoi de la dernière invitation (null : aucune invitation envoyée)" }),
    invitationExpiresAt: z
      .string()
      .nullable()
      .meta({ description: "Fin de validité du lien de l'invitation (7 jours après son envoi)" }),
  })
  .meta({ id: "Member" });

export const ValidatorRightSchema = z
  .object({ validator: z.boolean() })
  .strict()
  .meta({ id: "ValidatorRight" });
export type Member = z.infer<typeof MemberSchema>;

export const MemberCreateSchema = z
  .object({
    email: z
      .string()
      .trim()
      .toLowerCase()
      .pipe(
        z.email({ error: "Adresse électronique invalide." }).max(254, "Adresse électronique trop longue."),
      ),
    name: optionalText(120, "Le nom ne doit pas dépasser 120 caractères."),
    role: z.enum(MEMBER_ROLES, { error: "Le rôle doit être « member » ou « prefecture »." }),
    organisationId: optionalText(64, "Identifiant d'organisation invalide."),
  })
  .strict()
  .meta({ id: "MemberCreate" });
export type MemberCreate = z.input<typeof MemberCreateSchema>;
