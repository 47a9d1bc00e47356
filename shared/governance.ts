import { z } from "zod";
import { DateString, Period } from "./periods";

/**
 * Governance (the circulars of 2021): the département's single body, CLAV or else CDPD, its
 * meetings (at least one plenary a quarter), their follow-up actions and minutes. API bodies and
 * answers shared by the Worker and the UI; every input object is strict (an unknown key is a 422).
 */

export const BODY_KINDS = ["clav", "cdpd"] as const;
export type BodyKind = (typeof BODY_KINDS)[number];
export const bodyKindLabels: Record<BodyKind, string> = {
  clav: "CLAV (comité local d'aide aux victimes)",
  cdpd: "CDPD (conseil départemental de prévention de la délinquance)",
};
export const bodyKindShort: Record<BodyKind, string> = { clav: "CLAV", cdpd: "CDPD" };

export const MEETING_KINDS = ["plenary", "thematic"] as const;
export type MeetingKind = (typeof MEETING_KINDS)[number];
export const meetingKindLabels: Record<MeetingKind, string> = {
  plenary: "Séance plénière",
  thematic: "Groupe thématique",
};

export const ACTION_STATUSES = ["open", "done"] as const;
export type ActionStatus = (typeof ACTION_STATUSES)[number];
export const actionStatusLabels: Record<ActionStatus, string> = { open: "À faire", done: "Fait" };

/** Minutes: PDF, ODT or DOCX, 10 MB at most (the contracts' documents' rule). */
export { MAX_DOCUMENT_BYTES as MAX_MINUTES_BYTES } from "./contract-limits";

const text = (label: string, max: number) =>
  z
    .string({ error: `${label} : texte attendu.` })
    .trim()
    .min(1, `${label} : champ obligatoire.`)
    .max(max, `${label} : ${max} caractères au plus.`);
const longText = (label: string) =>
  z
    .string({ error: `${label} : texte attendu.` })
    .trim()
    .max(5000, `${label} : 5000 caractères au plus.`);
const Id = z.string().min(1).max(64);

/** Wall-clock time in Europe/Paris, minutes precision: `2026-11-12T14:00`. */
export const LocalDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/, "Date et heure invalides : attendu AAAA-MM-JJTHH:MM.")
  .refine((s) => DateString.safeParse(s.slice(0, 10)).success, "Ce jour n'existe pas.")
  .refine((s) => Number(s.slice(11, 13)) < 24 && Number(s.slice(14, 16)) < 60, "Heure invalide.");

export const CoChairSchema = z
  .strictObject({ function: text("Fonction", 200), name: text("Nom", 200) })
  .meta({ id: "GovernanceCoChair" });

export const BodyCreateSchema = z
  .strictObject({
    kind: z.enum(BODY_KINDS, { error: "Instance inconnue : clav ou cdpd." }),
    designatedOn: DateString,
    coChairs: z.array(CoChairSchema).min(1, "Au moins une coprésidence.").max(4, "4 coprésidents au plus."),
    secretariat: z.strictObject({
      name: text("Secrétariat", 200),
      email: z
        .string()
        .trim()
        .pipe(z.email({ error: "Adresse électronique du secrétariat invalide." }).max(254)),
      phone: z
        .string()
        .trim()
        .regex(/^[0-9 +().-]{6,30}$/, "Numéro de téléphone invalide.")
        .nullable()
        .default(null),
    }),
  })
  .meta({ id: "GovernanceBodyCreate" });
export type BodyCreate = z.input<typeof BodyCreateSchema>;

export const BodySchema = z
  .object({
    id: z.string(),
    kind: z.enum(BODY_KINDS),
    designatedOn: z.string(),
    coChairs: z.array(z.object({ function: z.string(), name: z.string() })),
    secretariat: z.object({ name: z.string(), email: z.string(), phone: z.string().nullable() }),
    createdAt: z.string(),
    /** When another body replaced it; null for the current one. */
    replacedAt: z.string().nullable(),
  })
  .meta({ id: "GovernanceBody" });
export type Body = z.infer<typeof BodySchema>;

export const BodyHistorySchema = z
  .object({ current: BodySchema.nullable(), history: z.array(BodySchema) })
  .meta({ id: "GovernanceBodies" });
export type BodyHistory = z.infer<typeof BodyHistorySchema>;

export const ActionCreateSchema = z
  .strictObject({
    title: text("Action", 500),
    ownerOrganisationId: Id,
    dueOn: DateString,
  })
  .meta({ id: "GovernanceActionCreate" });
export type ActionCreate = z.input<typeof ActionCreateSchema>;

export const ActionUpdateSchema = z
  .strictObject({ status: z.enum(ACTION_STATUSES, { error: "État inconnu : open ou done." }) })
  .meta({ id: "GovernanceActionUpdate" });

export const ActionSchema = z
  .object({
    id: z.string(),
    meetingId: z.string(),
    meetingStartsAt: z.string(),
    title: z.string(),
    owner: z.object({ id: z.string(), name: z.string() }),
    dueOn: z.string(),
    status: z.enum(ACTION_STATUSES),
    /** Open and due before today (Europe/Paris). */
    overdue: z.boolean(),
    doneAt: z.string().nullable(),
  })
  .meta({ id: "GovernanceAction" });
export type Action = z.infer<typeof ActionSchema>;

const meetingFields = {
  kind: z.enum(MEETING_KINDS, { error: "Type de réunion inconnu : plenary ou thematic." }),
  groupName: z.string().trim().max(200, "200 caractères au plus.").nullable(),
  startsAt: LocalDateTime,
  durationMinutes: z.number().int().min(15, "15 minutes au moins.").max(720, "12 heures au plus."),
  location: z.string().trim().max(300, "300 caractères au plus."),
  agenda: longText("Ordre du jour"),
  decisions: longText("Décisions"),
  attendeeIds: z.array(Id).max(200, "200 organisations au plus."),
};

/** A thematic group needs its name; a plenary has none. */
const groupNamed = (m: { kind?: MeetingKind; groupName?: string | null }) =>
  m.kind === undefined || (m.kind === "thematic") === Boolean(m.groupName);
const groupNameIssue = {
  message: "Un groupe thématique a un nom ; une séance plénière n'en a pas.",
  path: ["groupName"],
};

export const MeetingCreateSchema = z
  .strictObject({
    ...meetingFields,
    groupName: meetingFields.groupName.default(null),
    durationMinutes: meetingFields.durationMinutes.default(120),
    location: meetingFields.location.default(""),
    agenda: meetingFields.agenda.default(""),
    decisions: meetingFields.decisions.default(""),
    attendeeIds: meetingFields.attendeeIds.default([]),
    actions: z.array(ActionCreateSchema).max(50, "50 actions au plus.").default([]),
  })
  .refine(groupNamed, groupNameIssue)
  .meta({ id: "GovernanceMeetingCreate" });
export type MeetingCreate = z.input<typeof MeetingCreateSchema>;

export const MeetingUpdateSchema = z
  .strictObject({
    kind: meetingFields.kind.optional(),
    groupName: meetingFields.groupName.optional(),
    startsAt: meetingFields.startsAt.optional(),
    durationMinutes: meetingFields.durationMinutes.optional(),
    location: meetingFields.location.optional(),
    agenda: meetingFields.agenda.optional(),
    decisions: meetingFields.decisions.optional(),
    attendeeIds: meetingFields.attendeeIds.optional(),
  })
  .meta({ id: "GovernanceMeetingUpdate" });
export type MeetingUpdate = z.input<typeof MeetingUpdateSchema>;

export const MinutesSchema = z
  .object({
    id: z.string(),
    name: z.string(),
    fileType: z.enum(["pdf", "odt", "docx"]),
    mediaType: z.string(),
    size: z.number().int(),
    uploadedAt: z.string(),
  })
  .meta({ id: "GovernanceMinutes" });
export type Minutes = z.infer<typeof MinutesSchema>;

export const MeetingSchema = z
  .object({
    id: z.string(),
    kind: z.enum(MEETING_KINDS),
    groupName: z.string().nullable(),
    startsAt: z.string(),
    durationMinutes: z.number().int(),
    location: z.string(),
    agenda: z.string(),
    decisions: z.string(),
    period: z.string(),
    attendees: z.array(z.object({ id: z.string(), name: z.string() })),
    actions: z.array(ActionSchema),
    minutes: z.array(MinutesSchema),
    version: z.number().int(),
  })
  .meta({ id: "GovernanceMeeting" });
export type Meeting = z.infer<typeof MeetingSchema>;

export const MeetingListItemSchema = MeetingSchema.omit({ agenda: true, decisions: true, actions: true })
  .extend({ openActions: z.number().int() })
  .meta({ id: "GovernanceMeetingListItem" });
export type MeetingListItem = z.infer<typeof MeetingListItemSchema>;

export const QuarterComplianceSchema = z
  .object({
    period: z.string(),
    /** A body was designated on or before the quarter's last day (and not replaced before it). */
    bodyDesignated: z.boolean(),
    /** Plenary meetings held in the quarter (up to today for the quarter in progress). */
    plenaryMeetings: z.number().int(),
    /** Meetings of any kind held in the quarter. */
    meetingsHeld: z.number().int(),
    /** The first plenary of the quarter still to come, if any. */
    nextPlenaryAt: z.string().nullable(),
    /** No plenary held in the quarter (in progress: not yet). */
    flagged: z.boolean(),
    inProgress: z.boolean(),
  })
  .meta({ id: "GovernanceQuarterCompliance" });
export type QuarterCompliance = z.infer<typeof QuarterComplianceSchema>;

export const ComplianceQuerySchema = z.strictObject({
  from: Period.optional(),
  to: Period.optional(),
});

export const NationalGovernanceRowSchema = z
  .object({
    departmentCode: z.string(),
    departmentName: z.string(),
    bodyKind: z.enum(BODY_KINDS).nullable(),
    bodyDesignatedOn: z.string().nullable(),
    plenaryMeetings: z.number().int(),
    meetingsHeld: z.number().int(),
    lastMeetingAt: z.string().nullable(),
    flagged: z.boolean(),
  })
  .meta({ id: "NationalGovernanceRow" });
export type NationalGovernanceRow = z.infer<typeof NationalGovernanceRowSchema>;

export const NationalGovernanceSchema = z
  .object({
    period: z.string(),
    summary: z.object({
      departments: z.number().int(),
      withBody: z.number().int(),
      met: z.number().int(),
      withoutBody: z.array(z.string()),
      notMet: z.array(z.string()),
    }),
    items: z.array(NationalGovernanceRowSchema),
  })
  .meta({ id: "NationalGovernance" });
export type NationalGovernance = z.infer<typeof NationalGovernanceSchema>;
