import { z } from "zod";
import { DateString } from "./periods";

/**
 * Cross-training placements' conventions ("stages croisés", plan's sheet 4.10): the template, its
 * rendering (used by the Worker for the printable page and the PDF, and by the UI for the live
 * preview: one function, so they never differ), API bodies and answers. Input objects are strict.
 */

export const CONVENTION_STATUSES = [
  "draft",
  "awaiting_signatures",
  "signed",
  "completed",
  "cancelled",
] as const;
export type ConventionStatus = (typeof CONVENTION_STATUSES)[number];
export const conventionStatusLabels: Record<ConventionStatus, string> = {
  draft: "Brouillon",
  awaiting_signatures: "En attente de signatures",
  signed: "Signée",
  completed: "Stage réalisé",
  cancelled: "Annulée",
};

/** The signature circuit, in its order: the sending organisation, then the host, then the trainee. */
export const CONVENTION_PARTIES = ["sending", "host", "trainee"] as const;
export type ConventionParty = (typeof CONVENTION_PARTIES)[number];
export const conventionPartyLabels: Record<ConventionParty, string> = {
  sending: "Structure d'origine",
  host: "Structure d'accueil",
  trainee: "Stagiaire",
};

export const SIGNATURE_METHODS = ["app", "outside"] as const;
export type SignatureMethod = (typeof SIGNATURE_METHODS)[number];

// ---------------------------------------------------------------------------------------------
// Template

/**
 * Placeholders a template may use, with what they stand for (the editor lists them). The three
 * parties are required: a convention that does not name them binds nobody.
 */
export const TEMPLATE_PLACEHOLDERS = {
  departement: "Nom du département",
  structure_accueil: "Structure d'accueil",
  service_accueil: "Service d'accueil",
  structure_envoi: "Structure d'origine du stagiaire",
  stagiaire: "Nom du stagiaire",
  profession: "Profession du stagiaire",
  lieu: "Commune du stage",
  date_debut: "Premier jour",
  date_fin: "Dernier jour",
  duree: "Durée (demi-journées)",
  objectifs: "Objectifs du stage",
} as const;
export type TemplatePlaceholder = keyof typeof TEMPLATE_PLACEHOLDERS;
export const REQUIRED_PLACEHOLDERS: TemplatePlaceholder[] = [
  "structure_accueil",
  "structure_envoi",
  "stagiaire",
];
export type TemplateValues = Record<TemplatePlaceholder, string>;

export const MAX_TEMPLATE_LENGTH = 20_000;

/** One block of a rendered convention: `# ` is the title, `## ` an article heading, the rest paragraphs. */
export type TemplateBlock = { kind: "title" | "heading" | "paragraph"; text: string };

const PLACEHOLDER = /\{\{\s*([^{}\s]+)\s*\}\}/g;

/** Placeholders of `body` that are not in TEMPLATE_PLACEHOLDERS, each once. */
export function unknownPlaceholders(body: string): string[] {
  const known = new Set(Object.keys(TEMPLATE_PLACEHOLDERS));
  return [...new Set([...body.matchAll(PLACEHOLDER)].map((m) => m[1] ?? ""))].filter((p) => !known.has(p));
}

/** What is wrong with a template body (French, for the editor and the 422), or an empty list. */
export function templateProblems(body: string): string[] {
  const problems: string[] = [];
  const unknown = unknownPlaceholders(body);
  if (unknown.length > 0)
    problems.push(
      `Champ${unknown.length > 1 ? "s" : ""} inconnu${unknown.length > 1 ? "s" : ""} : ${unknown.map((u) => `{{${u}}}`).join(", ")}.`,
    );
  const used = new Set([...body.matchAll(PLACEHOLDER)].map((m) => m[1]));
  const missing = REQUIRED_PLACEHOLDERS.filter((p) => !used.has(p));
  if (missing.length > 0)
    problems.push(
      `La convention doit nommer les parties : ajoutez ${missing.map((m) => `{{${m}}}`).join(", ")}.`,
    );
  return problems;
}

/** The template filled in with a convention's values, as blocks (blank lines separate paragraphs). */
export function renderTemplate(body: string, values: TemplateValues): TemplateBlock[] {
  const fill = (s: string) =>
    s.replace(PLACEHOLDER, (whole, name: string) =>
      name in values ? values[name as TemplatePlaceholder] : whole,
    );
  const blocks: TemplateBlock[] = [];
  let paragraph: string[] = [];
  const flush = () => {
    if (paragraph.length > 0) blocks.push({ kind: "paragraph", text: fill(paragraph.join(" ")) });
    paragraph = [];
  };
  for (const raw of body.replace(/\r\n?/g, "\n").split("\n")) {
    const line = raw.trim();
    if (line === "") flush();
    else if (line.startsWith("## ")) {
      flush();
      blocks.push({ kind: "heading", text: fill(line.slice(3).trim()) });
    } else if (line.startsWith("# ")) {
      flush();
      blocks.push({ kind: "title", text: fill(line.slice(2).trim()) });
    } else paragraph.push(line);
  }
  flush();
  return blocks;
}

/** Values to preview a template with (the editor's live preview). */
export const SAMPLE_VALUES: TemplateValues = {
  departement: "Pas-de-Calais",
  structure_accueil: "France Victimes 62",
  service_accueil: "Service d'aide aux victimes d'Arras",
  structure_envoi: "Brigade de gendarmerie de Saint-Pol-sur-Ternoise",
  stagiaire: "Camille Lefèvre",
  profession: "Gendarmerie",
  lieu: "Arras",
  date_debut: "12/10/2026",
  date_fin: "13/10/2026",
  duree: "4 demi-journées",
  objectifs: "Découvrir l'accueil des victimes et l'accompagnement vers la plainte.",
};

/** The French default convention type, seeded for every département until its prefecture edits it. */
export const DEFAULT_TEMPLATE = `# Convention de stage croisé — {{departement}}

## Article 1 — Les parties
La présente convention est conclue entre {{structure_accueil}} (structure d'accueil, {{service_accueil}}), {{structure_envoi}} (structure d'origine) et {{stagiaire}}, {{profession}} (le ou la stagiaire), dans le cadre du plan départemental de lutte contre les violences sexistes et sexuelles.

## Article 2 — Objet et objectifs
Le stage croisé permet à des professionnels confrontés aux mêmes situations de violences de connaître les missions, les contraintes et les procédures d'une autre institution. Objectifs : {{objectifs}}

## Article 3 — Dates, durée et lieu
Le stage se déroule du {{date_debut}} au {{date_fin}} ({{duree}}), à {{lieu}}. Les horaires sont ceux du service d'accueil ; le ou la stagiaire reste rattaché(e) à sa structure d'origine, qui maintient sa rémunération.

## Article 4 — Déroulement
La structure d'accueil désigne un référent qui présente le service, ses missions et ses partenaires. Le ou la stagiaire observe et, le cas échéant, participe aux activités dans la limite de ses compétences ; il ou elle ne se substitue à aucun agent.

## Article 5 — Assurance et responsabilité
Le ou la stagiaire demeure couvert(e) par sa structure d'origine au titre des accidents du travail et de la responsabilité civile. Chaque structure conserve la responsabilité de ses agents.

## Article 6 — Confidentialité et secret professionnel
Le ou la stagiaire est tenu(e) au secret professionnel et à la discrétion sur toutes les situations, personnes et informations dont il ou elle a connaissance pendant le stage. Aucune donnée permettant d'identifier une victime, un auteur ou un témoin ne peut être notée, emportée ou communiquée. Cette obligation demeure après la fin du stage.

## Article 7 — Fin anticipée du stage
Chacune des parties peut mettre fin au stage à tout moment, notamment si la sécurité ou l'intérêt d'une personne accompagnée l'exige, en informant les autres parties. L'interruption est consignée par un avenant.

## Article 8 — Évaluation
À l'issue du stage, le ou la stagiaire et la structure d'accueil remplissent une courte évaluation. La préfecture en reçoit une synthèse anonyme.
`;

export const TemplateUpdateSchema = z.strictObject({
  body: z
    .string({ error: "Texte de la convention : texte attendu." })
    .trim()
    .min(1, "Texte de la convention : champ obligatoire.")
    .max(MAX_TEMPLATE_LENGTH, `Texte de la convention : ${MAX_TEMPLATE_LENGTH} caractères au plus.`),
});
export type TemplateUpdate = z.infer<typeof TemplateUpdateSchema>;

export const TemplateVersionSchema = z.object({
  version: z.number().int(),
  body: z.string(),
  /** false for the built-in default, which no prefecture has edited yet. */
  edited: z.boolean(),
  createdAt: z.string().nullable(),
  createdBy: z.string().nullable(),
});
export type TemplateVersion = z.infer<typeof TemplateVersionSchema>;

export const TemplateSchema = z.object({
  departmentCode: z.string(),
  current: TemplateVersionSchema,
  placeholders: z.record(z.string(), z.string()),
  required: z.array(z.string()),
});
export type Template = z.infer<typeof TemplateSchema>;

// ---------------------------------------------------------------------------------------------
// Conventions

const text = (label: string, max: number) =>
  z
    .string({ error: `${label} : texte attendu.` })
    .trim()
    .min(1, `${label} : champ obligatoire.`)
    .max(max, `${label} : ${max} caractères au plus.`);

export const ConventionCreateSchema = z.strictObject({
  applicationId: z.string().min(1).max(64),
  /** Agreed when the convention is written; by default the application's. */
  startsOn: DateString.optional(),
  endsOn: DateString.optional(),
  halfDays: z
    .number()
    .int()
    .min(1, "Au moins une demi-journée.")
    .max(60, "60 demi-journées au plus.")
    .optional(),
  objectives: text("Objectifs", 2000).optional(),
});
export type ConventionCreate = z.infer<typeof ConventionCreateSchema>;

export const SignSchema = z.strictObject({
  /** The signer's function, as printed beside the signature (e.g. "Commandant de brigade"). */
  signerFunction: text("Fonction", 200).optional(),
});
export type SignInput = z.infer<typeof SignSchema>;

export const CancelSchema = z.strictObject({ reason: text("Motif", 1000) });

export const AmendmentCreateSchema = z
  .strictObject({
    reason: text("Motif de l'avenant", 1000),
    startsOn: DateString.optional(),
    endsOn: DateString.optional(),
    halfDays: z.number().int().min(1).max(60).optional(),
    /** The placement stops on this day (an interruption): the end becomes this day. */
    interruptedOn: DateString.optional(),
  })
  .refine((a) => a.startsOn || a.endsOn || a.halfDays || a.interruptedOn, {
    message: "Un avenant change les dates, la durée ou interrompt le stage.",
    path: ["reason"],
  });
export type AmendmentCreate = z.infer<typeof AmendmentCreateSchema>;

export const EvaluationCreateSchema = z.strictObject({
  learned: text("Ce que j'ai appris", 2000),
  change: text("Ce qui changera dans ma pratique", 2000),
  rating: z
    .number({ error: "Note : un nombre de 1 à 5." })
    .int("Note : un nombre entier de 1 à 5.")
    .min(1, "Note : de 1 à 5.")
    .max(5, "Note : de 1 à 5."),
});
export type EvaluationCreate = z.infer<typeof EvaluationCreateSchema>;

const SignatureSchema = z.object({
  party: z.enum(CONVENTION_PARTIES),
  method: z.enum(SIGNATURE_METHODS),
  signedAt: z.string(),
  signerUserId: z.string().nullable(),
  signerName: z.string().nullable(),
  signerFunction: z.string().nullable(),
});
export type ConventionSignature = z.infer<typeof SignatureSchema>;

export const StepSchema = z.object({
  party: z.enum(CONVENTION_PARTIES),
  /** The organisation's name, or the trainee's. */
  name: z.string(),
  organisationId: z.string().nullable(),
  userId: z.string().nullable(),
  state: z.enum(["signed", "current", "waiting"]),
  signature: SignatureSchema.nullable(),
});
export type ConventionStep = z.infer<typeof StepSchema>;

export const RevisionSchema = z.object({
  revision: z.number().int(),
  kind: z.enum(["original", "amendment"]),
  reason: z.string().nullable(),
  startsOn: z.string(),
  endsOn: z.string(),
  halfDays: z.number().int(),
  interruptedOn: z.string().nullable(),
  createdAt: z.string(),
  createdBy: z.string().nullable(),
  signatures: z.array(SignatureSchema),
  /** Whether all three parties signed this version. */
  complete: z.boolean(),
});
export type ConventionRevision = z.infer<typeof RevisionSchema>;

export const ConventionSchema = z.object({
  id: z.string(),
  departmentCode: z.string(),
  applicationId: z.string(),
  offerId: z.string(),
  status: z.enum(CONVENTION_STATUSES),
  /** 0: the original convention; n: the n-th amendment, being signed or signed. */
  revision: z.number().int(),
  host: z.object({ organisationId: z.string(), name: z.string(), service: z.string() }),
  sending: z.object({ organisationId: z.string(), name: z.string() }),
  trainee: z.object({ userId: z.string(), name: z.string(), email: z.string(), profession: z.string() }),
  place: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  halfDays: z.number().int(),
  objectives: z.string(),
  interruptedOn: z.string().nullable(),
  templateVersion: z.number().int(),
  text: z.array(z.object({ kind: z.enum(["title", "heading", "paragraph"]), text: z.string() })),
  steps: z.array(StepSchema),
  awaitingSince: z.string().nullable(),
  signedAt: z.string().nullable(),
  signedOutsideDocumentId: z.string().nullable(),
  completedAt: z.string().nullable(),
  cancelledAt: z.string().nullable(),
  cancelReason: z.string().nullable(),
  evaluations: z.object({ trainee: z.boolean(), host: z.boolean() }),
  createdAt: z.string(),
  updatedAt: z.string(),
  version: z.number().int(),
  can: z.object({
    send: z.boolean(),
    sign: z.boolean(),
    recordOutside: z.boolean(),
    amend: z.boolean(),
    complete: z.boolean(),
    cancel: z.boolean(),
    evaluate: z.boolean(),
  }),
});
export type Convention = z.infer<typeof ConventionSchema>;

export const ConventionListItemSchema = ConventionSchema.pick({
  id: true,
  status: true,
  revision: true,
  host: true,
  sending: true,
  trainee: true,
  startsOn: true,
  endsOn: true,
  awaitingSince: true,
  updatedAt: true,
}).extend({ turn: z.enum(CONVENTION_PARTIES).nullable() });
export type ConventionListItem = z.infer<typeof ConventionListItemSchema>;

const PartySummarySchema = z.object({
  count: z.number().int(),
  averageRating: z.number().nullable(),
  ratings: z.array(z.number().int()).length(5),
});
export const EvaluationSummarySchema = z.object({
  departmentCode: z.string(),
  conventionsCompleted: z.number().int(),
  trainee: PartySummarySchema,
  host: PartySummarySchema,
  /** Free texts without author, convention or date, in alphabetical order. */
  comments: z.array(
    z.object({ party: z.enum(["trainee", "host"]), learned: z.string(), change: z.string() }),
  ),
});
export type EvaluationSummary = z.infer<typeof EvaluationSummarySchema>;

export const ConventionDocumentSchema = z.object({
  id: z.string(),
  name: z.string(),
  fileType: z.enum(["pdf", "odt", "docx"]),
  mediaType: z.string(),
  size: z.number().int(),
  uploadedAt: z.string(),
});
