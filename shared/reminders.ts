import { z } from "zod";

/** Every kind of reminder, one list (each produced by one capability's reminder source). */
export const REMINDER_KINDS = [
  "quarter_open",
  "report_due_soon",
  "report_overdue",
  "member_entry_closing",
  "governance_no_plenary",
  "governance_actions_overdue",
  "contract_ending",
  "convention_awaiting_signature",
] as const;
export type ReminderKind = (typeof REMINDER_KINDS)[number];
export const ReminderKindSchema = z.enum(REMINDER_KINDS);

export const REMINDER_KIND_LABELS: Record<ReminderKind, string> = {
  quarter_open: "Ouverture du trimestre",
  report_due_soon: "Rapport à rendre dans 7 jours",
  report_overdue: "Rapport en retard",
  member_entry_closing: "Fin de la saisie des organisations dans 3 jours",
  governance_no_plenary: "Pas de séance plénière à 3 semaines de la fin du trimestre",
  governance_actions_overdue: "Actions de suivi en retard",
  contract_ending: "Contrat local arrivant à échéance (90 jours)",
  convention_awaiting_signature: "Convention en attente de signature depuis plus de 14 jours",
};

/** The overdue report reaches the prefecture whatever its preferences (it answers for the report). */
export const MANDATORY_KINDS: readonly ReminderKind[] = ["report_overdue"];

export const REMINDER_STATUSES = ["queued", "sent", "failed"] as const;
export type ReminderStatus = (typeof REMINDER_STATUSES)[number];

export const ReminderSchema = z.object({
  id: z.string(),
  key: z.string(),
  kind: ReminderKindSchema,
  recipient: z.string(),
  subject: z.string(),
  reason: z.string(),
  link: z.string(),
  status: z.enum(REMINDER_STATUSES),
  attempts: z.number().int(),
  lastError: z.string().nullable(),
  createdAt: z.string(),
  sentAt: z.string().nullable(),
});
export type Reminder = z.infer<typeof ReminderSchema>;

export const UpcomingReminderSchema = z.object({
  key: z.string(),
  kind: ReminderKindSchema,
  recipient: z.string(),
  subject: z.string(),
  reason: z.string(),
  link: z.string(),
});
export type UpcomingReminder = z.infer<typeof UpcomingReminderSchema>;

export const UpcomingSchema = z.object({
  /** When the next daily run is scheduled (UTC instant). */
  runAt: z.string(),
  items: z.array(UpcomingReminderSchema),
});

export const SendNowSchema = z.object({ key: z.string().min(1).max(300) }).strict();

export const NotificationPreferenceSchema = z.object({
  kind: ReminderKindSchema,
  label: z.string(),
  enabled: z.boolean(),
  /** True when the kind cannot be turned off. */
  mandatory: z.boolean(),
});
export type NotificationPreference = z.infer<typeof NotificationPreferenceSchema>;

export const NotificationPreferencesUpdateSchema = z
  .object({
    preferences: z
      .array(z.object({ kind: ReminderKindSchema, enabled: z.boolean() }).strict())
      .min(1)
      .max(REMINDER_KINDS.length),
  })
  .strict();

export const UnsubscribeResultSchema = z.object({
  kind: ReminderKindSchema,
  label: z.string(),
  email: z.string(),
});
