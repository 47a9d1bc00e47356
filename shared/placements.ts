import { z } from "zod";
import { OrganisationKindSchema } from "./organisation.ts";
import { DateString } from "./periods.ts";

/**
 * Cross-training placements ("stages croisés", plan's sheet 4.10), part 1: offers and
 * applications. API bodies and answers shared by the Worker and the UI. Every input object is
 * strict: an unknown key is refused (422) with its pointer.
 */

/** The professions an offer is meant for and an applicant declares (issue 8: a fixed list). */
export const PROFESSIONS = [
  "police",
  "gendarmerie",
  "justice",
  "social_work",
  "health",
  "education",
  "housing",
  "association",
  "local_authority",
  "other",
] as const;
export type Profession = (typeof PROFESSIONS)[number];
export const professionLabels: Record<Profession, string> = {
  police: "Police",
  gendarmerie: "Gendarmerie",
  justice: "Justice",
  social_work: "Travail social",
  health: "Santé",
  education: "Éducation",
  housing: "Logement",
  association: "Association",
  local_authority: "Collectivité",
  other: "Autre",
};

/** What people set; "full" is never stored: it follows from accepted applications. */
export const OFFER_STATES = ["draft", "published", "closed"] as const;
export type OfferState = (typeof OFFER_STATES)[number];
/** What an offer shows: its state, or "full" when a published offer has no place left. */
export const OFFER_STATUSES = ["draft", "published", "full", "closed"] as const;
export type OfferStatus = (typeof OFFER_STATUSES)[number];
export const offerStatusLabels: Record<OfferStatus, string> = {
  draft: "Brouillon",
  published: "Publiée",
  full: "Complète",
  closed: "Clôturée",
};

export const APPLICATION_STATUSES = ["pending", "accepted", "declined", "withdrawn"] as const;
export type ApplicationStatus = (typeof APPLICATION_STATUSES)[number];
export const applicationStatusLabels: Record<ApplicationStatus, string> = {
  pending: "En attente",
  accepted: "Acceptée",
  declined: "Refusée",
  withdrawn: "Retirée",
};

/** Contact fields of an offer; each may be hidden from other organisations until acceptance. */
export const CONTACT_FIELDS = ["name", "function", "email", "phone"] as const;
export type ContactField = (typeof CONTACT_FIELDS)[number];
export const contactFieldLabels: Record<ContactField, string> = {
  name: "Nom",
  function: "Fonction",
  email: "Courriel",
  phone: "Téléphone",
};

export const MAX_CAPACITY = 50;
export const MAX_HALF_DAYS = 40;

const text = (label: string, max: number) =>
  z
    .string({ error: `${label} : texte attendu.` })
    .trim()
    .min(1, `${label} : champ obligatoire.`)
    .max(max, `${label} : ${max} caractères au plus.`);
const optionalText = (label: string, max: number) =>
  z
    .string({ error: `${label} : texte attendu.` })
    .trim()
    .max(max, `${label} : ${max} caractères au plus.`);

const Id = z.string().min(1).max(64);
const InseeCode = z.string().regex(/^(\d{5}|2[AB]\d{3})$/, "Code INSEE invalide (5 caractères).");
export const ProfessionSchema = z.enum(PROFESSIONS, { error: "Profession inconnue." });

/** Specific days, or a period in which the half-days are arranged with the host. */
export const ScheduleSchema = z
  .discriminatedUnion(
    "kind",
    [
      z.strictObject({
        kind: z.literal("dates"),
        dates: z
          .array(DateString)
          .min(1, "Au moins une date.")
          .max(60, "60 dates au plus.")
          .refine((d) => new Set(d).size === d.length, "Chaque date une seule fois."),
      }),
      z.strictObject({ kind: z.literal("period"), start: DateString, end: DateString }),
    ],
    { error: "Dates : « dates » (jours précis) ou « period » (début et fin)." },
  )
  .meta({ id: "PlacementSchedule" });
export type Schedule = z.infer<typeof ScheduleSchema>;

export const ContactInputSchema = z
  .strictObject({
    name: optionalText("Nom du contact", 200).default(""),
    function: optionalText("Fonction du contact", 200).default(""),
    email: z
      .union([
        z.literal(""),
        z
          .string()
          .trim()
          .pipe(z.email({ error: "Adresse électronique invalide." }).max(254)),
      ])
      .default(""),
    phone: z
      .string()
      .trim()
      .regex(/^[+0-9 .()-]{0,30}$/, "Téléphone invalide (chiffres, espaces, + . ( ) -).")
      .default(""),
  })
  .meta({ id: "PlacementContactInput" });

const Professions = z
  .array(ProfessionSchema)
  .min(1, "Au moins une profession.")
  .max(PROFESSIONS.length)
  .refine((p) => new Set(p).size === p.length, "Chaque profession une seule fois.");
const ContactHidden = z
  .array(z.enum(CONTACT_FIELDS, { error: "Champ de contact inconnu." }))
  .max(CONTACT_FIELDS.length);

const halfDays = z
  .number({ error: "Nombre de demi-journées attendu." })
  .int("Nombre entier de demi-journées.")
  .min(1, "Au moins une demi-journée.")
  .max(MAX_HALF_DAYS, `${MAX_HALF_DAYS} demi-journées au plus.`);
const capacity = z
  .number({ error: "Nombre de places attendu." })
  .int("Nombre entier de places.")
  .min(1, "Au moins une place.")
  .max(MAX_CAPACITY, `${MAX_CAPACITY} places au plus.`);

/** The fields of an offer, without defaults (an update names only what changes). */
const offerFields = {
  service: text("Service d'accueil", 200),
  title: text("Intitulé", 200),
  description: text("Ce que le stagiaire verra et fera", 4000),
  professions: Professions,
  communeInseeCode: InseeCode,
  halfDays,
  schedule: ScheduleSchema,
  capacity,
  publishFrom: DateString.nullable(),
  publishUntil: DateString.nullable(),
  /** Replaced as a whole (a field left out is blank). */
  contact: ContactInputSchema,
  contactHidden: ContactHidden,
};

export const OfferCreateSchema = z
  .strictObject({
    hostOrganisationId: Id,
    ...offerFields,
    publishFrom: offerFields.publishFrom.default(null),
    publishUntil: offerFields.publishUntil.default(null),
    contactHidden: ContactHidden.default([]),
  })
  .meta({ id: "PlacementOfferCreate" });
export type OfferCreate = z.input<typeof OfferCreateSchema>;
export type OfferInput = z.output<typeof OfferCreateSchema>;

/** Every field but the host may change (while published too: applicants see the current offer). */
export const OfferUpdateSchema = z.strictObject(offerFields).partial().meta({ id: "PlacementOfferUpdate" });
export type OfferUpdate = z.input<typeof OfferUpdateSchema>;

/** The contact as the caller may see it: a hidden field is absent, not blank. */
export const ContactSchema = z
  .object({
    name: z.string().optional(),
    function: z.string().optional(),
    email: z.string().optional(),
    phone: z.string().optional(),
  })
  .meta({ id: "PlacementContact" });

export const OfferSchema = z
  .object({
    id: z.string(),
    departmentCode: z.string(),
    host: z.object({ id: z.string(), name: z.string(), kind: OrganisationKindSchema }),
    service: z.string(),
    title: z.string(),
    description: z.string(),
    professions: z.array(ProfessionSchema),
    commune: z.object({ inseeCode: z.string(), name: z.string() }),
    halfDays: z.number().int(),
    schedule: ScheduleSchema,
    capacity: z.number().int(),
    acceptedCount: z.number().int(),
    placesLeft: z.number().int(),
    state: z.enum(OFFER_STATES),
    status: z.enum(OFFER_STATUSES),
    publishFrom: z.string().nullable(),
    publishUntil: z.string().nullable(),
    contact: ContactSchema,
    /** Which contact fields the host keeps for accepted applicants (their values may be absent above). */
    contactHidden: z.array(z.enum(CONTACT_FIELDS)),
    publishedAt: z.string().nullable(),
    closedAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
    viewer: z.object({
      /** A member of the host organisation: edits, publishes, closes, decides applications. */
      canManage: z.boolean(),
      /** May apply now (another organisation, offer open with places, no live application). */
      canApply: z.boolean(),
      /** The caller's own live (pending or accepted) application, if any. */
      applicationId: z.string().nullable(),
    }),
  })
  .meta({ id: "PlacementOffer" });
export type Offer = z.infer<typeof OfferSchema>;

export const OfferPageSchema = z
  .object({
    items: z.array(OfferSchema),
    nextCursor: z.string().nullable(),
    /** Offers matching every filter but the profession, counted by profession (an offer counts once per profession it names). */
    byProfession: z.partialRecord(z.enum(PROFESSIONS), z.number().int()),
    total: z.number().int(),
  })
  .meta({ id: "PlacementOfferPage" });
export type OfferPage = z.infer<typeof OfferPageSchema>;

export const ApplicationCreateSchema = z
  .strictObject({
    /** The applicant's organisation (needed only when the caller belongs to several in the département). */
    organisationId: Id.optional(),
    profession: ProfessionSchema,
    wantedStart: DateString,
    wantedEnd: DateString,
    motivation: text("Motivation", 2000),
  })
  .meta({ id: "PlacementApplicationCreate" });
export type ApplicationCreate = z.input<typeof ApplicationCreateSchema>;

export const DeclineSchema = z
  .strictObject({ reason: text("Motif du refus", 1000) })
  .meta({ id: "PlacementApplicationDecline" });
export const WithdrawSchema = z
  .strictObject({ reason: optionalText("Motif", 1000).optional() })
  .meta({ id: "PlacementApplicationWithdraw" });

export const ApplicationSchema = z
  .object({
    id: z.string(),
    departmentCode: z.string(),
    offerId: z.string(),
    offerTitle: z.string(),
    hostOrganisation: z.object({ id: z.string(), name: z.string() }),
    applicant: z.object({ userId: z.string(), name: z.string().nullable(), email: z.string() }),
    applicantOrganisation: z.object({ id: z.string(), name: z.string() }),
    profession: ProfessionSchema,
    wantedStart: z.string(),
    wantedEnd: z.string(),
    motivation: z.string(),
    status: z.enum(APPLICATION_STATUSES),
    decisionReason: z.string().nullable(),
    decidedAt: z.string().nullable(),
    withdrawnAt: z.string().nullable(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
    viewer: z.object({ canDecide: z.boolean(), canWithdraw: z.boolean() }),
  })
  .meta({ id: "PlacementApplication" });
export type Application = z.infer<typeof ApplicationSchema>;

export const ApplicationPageSchema = z
  .object({ items: z.array(ApplicationSchema), nextCursor: z.string().nullable() })
  .meta({ id: "PlacementApplicationPage" });

/** National view: counts only, per département. */
export const NationalPlacementCountsSchema = z
  .object({
    departments: z.array(
      z.object({
        departmentCode: z.string(),
        departmentName: z.string(),
        offers: z.record(z.enum(OFFER_STATUSES), z.number().int()),
        places: z.number().int(),
        applications: z.record(z.enum(APPLICATION_STATUSES), z.number().int()),
      }),
    ),
  })
  .meta({ id: "NationalPlacementCounts" });
export type NationalPlacementCounts = z.infer<typeof NationalPlacementCountsSchema>;
