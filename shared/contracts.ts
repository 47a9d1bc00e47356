import { z } from "zod";
import { OrganisationKindSchema } from "./organisation";
import { DateString } from "./periods";

/**
 * Local contracts against sexist and sexual violence (plan's sheet 4.4): API bodies and answers,
 * shared by the Worker and the UI. Every input object is strict: an unknown key is refused (422)
 * with its pointer, so a typo never silently does nothing.
 */

/** `draft`, `signed` and `terminated` are stored; `in_force` and `expired` follow from the dates. */
export const CONTRACT_STATUSES = ["draft", "signed", "in_force", "expired", "terminated"] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];
export const contractStatusLabels: Record<ContractStatus, string> = {
  draft: "Brouillon",
  signed: "Signé",
  in_force: "En vigueur",
  expired: "Échu",
  terminated: "Résilié",
};

export const COUNCILS = ["clspd", "cispd"] as const;
export type Council = (typeof COUNCILS)[number];
export const councilLabels: Record<Council, string> = {
  clspd: "CLSPD (conseil local de sécurité et de prévention de la délinquance)",
  cispd: "CISPD (conseil intercommunal de sécurité et de prévention de la délinquance)",
};

export const COMPONENT_STATES = ["planned", "in_progress", "done"] as const;
export type ComponentState = (typeof COMPONENT_STATES)[number];
export const componentStateLabels: Record<ComponentState, string> = {
  planned: "Prévu",
  in_progress: "En cours",
  done: "Réalisé",
};

export const DOCUMENT_CATEGORIES = ["signed_contract", "annex"] as const;
export type DocumentCategory = (typeof DOCUMENT_CATEGORIES)[number];
export const documentCategoryLabels: Record<DocumentCategory, string> = {
  signed_contract: "Contrat signé",
  annex: "Annexe",
};

export { MAX_DOCUMENT_BYTES } from "./contract-limits";

const text = (label: string, max: number) =>
  z
    .string({ error: `${label} : texte attendu.` })
    .trim()
    .min(1, `${label} : champ obligatoire.`)
    .max(max, `${label} : ${max} caractères au plus.`);

const InseeCode = z.string().regex(/^(\d{5}|2[AB]\d{3})$/, "Code INSEE invalide (5 caractères).");
const Id = z.string().min(1).max(64);
const OptionalDate = DateString.nullable();

export const CoordinatorSchema = z
  .strictObject({
    name: text("Nom du coordinateur", 200),
    function: text("Fonction du coordinateur", 200),
    email: z
      .string()
      .trim()
      .pipe(z.email({ error: "Adresse électronique professionnelle invalide." }).max(254)),
  })
  .meta({ id: "ContractCoordinator" });

export const ComponentKey = z
  .string()
  .regex(/^[a-z][a-z0-9_]{0,63}$/, "Clé de volet invalide (lettres minuscules, chiffres, « _ »).");

export const ComponentInputSchema = z
  .strictObject({
    key: ComponentKey,
    state: z.enum(COMPONENT_STATES, { error: "État inconnu : prévu, en cours ou réalisé." }),
    text: z.string().trim().max(1000, "1000 caractères au plus.").default(""),
  })
  .meta({ id: "ContractComponentInput" });

export const SignatoryInputSchema = z
  .strictObject({
    organisationId: Id,
    role: text("Rôle dans le contrat", 300),
  })
  .meta({ id: "ContractSignatoryInput" });

/** Territory: INSEE codes of communes of the département; absent at creation = the carrier's communes. */
const Communes = z.array(InseeCode).max(1000, "1000 communes au plus.");

export const ContractCreateSchema = z
  .strictObject({
    title: text("Intitulé", 300),
    carrierOrganisationId: Id,
    council: z.enum(COUNCILS, { error: "Instance inconnue : clspd ou cispd." }),
    coordinator: CoordinatorSchema,
    communes: Communes.optional(),
    startsOn: OptionalDate.optional(),
    endsOn: OptionalDate.optional(),
    signatories: z.array(SignatoryInputSchema).max(100).default([]),
    components: z.array(ComponentInputSchema).max(50).optional(),
  })
  .meta({ id: "ContractCreate" });
export type ContractCreate = z.input<typeof ContractCreateSchema>;

/**
 * Changes of a contract. While it is a draft, every field; once signed, only the coordinator and
 * the components' progress (state and text): dates, territory and signatories change by amendment.
 */
export const ContractUpdateSchema = z
  .strictObject({
    title: text("Intitulé", 300).optional(),
    council: z.enum(COUNCILS).optional(),
    coordinator: CoordinatorSchema.optional(),
    communes: Communes.optional(),
    startsOn: OptionalDate.optional(),
    endsOn: OptionalDate.optional(),
    components: z.array(ComponentInputSchema).max(50).optional(),
  })
  .meta({ id: "ContractUpdate" });
export type ContractUpdate = z.input<typeof ContractUpdateSchema>;

export const SignatureSchema = z
  .strictObject({
    signerName: text("Nom du signataire", 200),
    signerFunction: text("Fonction du signataire", 200),
    signedOn: DateString,
  })
  .meta({ id: "ContractSignature" });
export type Signature = z.infer<typeof SignatureSchema>;

/** A signatory an amendment adds: the amendment is signed, so its signature comes with it. */
export const AmendmentSignatorySchema = SignatoryInputSchema.extend(SignatureSchema.shape).meta({
  id: "AmendmentSignatory",
});

export const AmendmentCreateSchema = z
  .strictObject({
    signedOn: DateString,
    summary: text("Objet de l'avenant", 1000),
    changes: z
      .strictObject({
        startsOn: OptionalDate.optional(),
        endsOn: OptionalDate.optional(),
        communes: Communes.optional(),
        components: z.array(ComponentInputSchema).max(50).optional(),
        addSignatories: z.array(AmendmentSignatorySchema).max(100).optional(),
        removeSignatories: z.array(Id).max(100).optional(),
      })
      .refine((c) => Object.keys(c).length > 0, "Un avenant change au moins une chose."),
  })
  .meta({ id: "AmendmentCreate" });
export type AmendmentCreate = z.infer<typeof AmendmentCreateSchema>;

export const TerminationSchema = z
  .strictObject({
    terminatedOn: DateString,
    reason: text("Motif de la résiliation", 1000),
  })
  .meta({ id: "ContractTermination" });

export const CommentCreateSchema = z
  .strictObject({ text: text("Commentaire", 2000) })
  .meta({ id: "CommentCreate" });

export const ComponentDefinitionCreateSchema = z
  .strictObject({
    label: text("Intitulé du volet", 200),
    description: z.string().trim().max(1000).default(""),
  })
  .meta({ id: "ContractComponentDefinitionCreate" });

// ---------------------------------------------------------------------------------------------
// Answers

export const ComponentDefinitionSchema = z
  .object({
    key: z.string(),
    label: z.string(),
    description: z.string(),
    builtIn: z.boolean().meta({ description: "Volet de la fiche 4.4 (sinon ajouté par le département)" }),
  })
  .meta({ id: "ContractComponentDefinition" });
export type ComponentDefinition = z.infer<typeof ComponentDefinitionSchema>;

export const ContractComponentSchema = ComponentDefinitionSchema.extend({
  state: z.enum(COMPONENT_STATES).nullable().meta({ description: "null : pas encore renseigné" }),
  text: z.string(),
}).meta({ id: "ContractComponent" });

export const ContractSignatorySchema = z
  .object({
    organisationId: z.string(),
    organisationName: z.string(),
    organisationKind: OrganisationKindSchema,
    role: z.string(),
    signerName: z.string().nullable(),
    signerFunction: z.string().nullable(),
    signedOn: z.string().nullable(),
  })
  .meta({ id: "ContractSignatory" });

const Carrier = z.object({ id: z.string(), name: z.string(), kind: OrganisationKindSchema });

export const ContractCommuneSchema = z
  .object({ inseeCode: z.string(), name: z.string(), population: z.number().int() })
  .meta({ id: "ContractCommune" });

export const ContractSchema = z
  .object({
    id: z.string(),
    departmentCode: z.string(),
    title: z.string(),
    carrier: Carrier,
    council: z.enum(COUNCILS),
    coordinator: z.object({ name: z.string(), function: z.string(), email: z.string() }),
    status: z.enum(CONTRACT_STATUSES).meta({ description: "Calculé à la date du jour (Europe/Paris)" }),
    signedOn: z.string().nullable(),
    startsOn: z.string().nullable(),
    endsOn: z.string().nullable(),
    terminatedOn: z.string().nullable(),
    terminationReason: z.string().nullable(),
    communes: z.array(ContractCommuneSchema),
    population: z.number().int().meta({ description: "Population des communes couvertes" }),
    signatories: z.array(ContractSignatorySchema),
    components: z.array(ContractComponentSchema),
    amendments: z.number().int(),
    createdAt: z.string(),
    updatedAt: z.string(),
    version: z.number().int(),
    can: z
      .object({
        edit: z.boolean(),
        amend: z.boolean(),
        manageSignatories: z.boolean(),
        sign: z
          .array(z.string())
          .meta({ description: "Signataires dont l'appelant peut enregistrer la signature" }),
        terminate: z.boolean(),
        comment: z.boolean(),
        manageDocuments: z.boolean(),
      })
      .meta({ description: "Ce que l'appelant peut faire sur ce contrat" }),
  })
  .meta({ id: "Contract" });
export type Contract = z.infer<typeof ContractSchema>;

export const ContractListItemSchema = z
  .object({
    id: z.string(),
    title: z.string(),
    carrier: Carrier,
    council: z.enum(COUNCILS),
    status: z.enum(CONTRACT_STATUSES),
    signedOn: z.string().nullable(),
    startsOn: z.string().nullable(),
    endsOn: z.string().nullable(),
    terminatedOn: z.string().nullable(),
    signatories: z.number().int(),
    signed: z.number().int(),
    communes: z.number().int(),
    population: z.number().int(),
    version: z.number().int(),
  })
  .meta({ id: "ContractListItem" });
export type ContractListItem = z.infer<typeof ContractListItemSchema>;

export const ContractVersionSchema = z
  .object({
    version: z.number().int(),
    kind: z.enum([
      "created",
      "updated",
      "signatory_added",
      "signatory_removed",
      "signature",
      "signed",
      "amendment",
      "terminated",
    ]),
    at: z.string(),
    actor: z.object({ userId: z.string(), name: z.string().nullable(), email: z.string() }).nullable(),
    amendment: z.object({ number: z.number().int(), signedOn: z.string(), summary: z.string() }).nullable(),
    changed: z.array(z.string()).meta({ description: "Champs modifiés par rapport à la version précédente" }),
    snapshot: z.record(z.string(), z.unknown()),
  })
  .meta({ id: "ContractVersion" });
export type ContractVersion = z.infer<typeof ContractVersionSchema>;

export const ContractDocumentSchema = z
  .object({
    id: z.string(),
    category: z.enum(DOCUMENT_CATEGORIES),
    name: z.string(),
    fileType: z.enum(["pdf", "odt", "docx"]),
    mediaType: z.string(),
    size: z.number().int(),
    uploadedAt: z.string(),
  })
  .meta({ id: "ContractDocument" });
export type ContractDocument = z.infer<typeof ContractDocumentSchema>;

export const ContractCommentSchema = z
  .object({
    id: z.string(),
    text: z.string(),
    at: z.string(),
    authorRole: z.enum(["national", "prefecture", "member"]),
    authorName: z.string().nullable(),
  })
  .meta({ id: "ContractComment" });

export const CoverageSchema = z
  .object({
    on: z.string(),
    contractsInForce: z.number().int(),
    partners: z.number().int().meta({ description: "Organisations signataires des contrats en vigueur" }),
    coveredPopulation: z.number().int(),
    population: z.number().int().meta({ description: "Population du département" }),
    share: z.number().meta({ description: "Part de la population couverte (0–1)" }),
  })
  .meta({ id: "ContractCoverage" });
export type Coverage = z.infer<typeof CoverageSchema>;
