import { z } from "zod";

/**
 * Calendar subscription links (read-only feed tokens) of the signed-in user: one per département,
 * shapes shared by the Worker, the governance page and the profile page.
 */

export const FEED_TOKEN_PREFIX = "mlgcal_";

export const CalendarFeedSchema = z
  .object({
    id: z.string(),
    departmentCode: z.string(),
    departmentName: z.string().nullable(),
    prefix: z.string().meta({ description: "Début du jeton d'abonnement, pour le reconnaître" }),
    createdAt: z.string(),
    lastUsedAt: z.string().nullable(),
    revokedAt: z.string().nullable(),
    usable: z.boolean().meta({
      description:
        "Le lien ouvre l'agenda : ni révoqué, ni sans rattachement vivant à ce département (ou national)",
    }),
  })
  .meta({ id: "CalendarFeed" });
export type CalendarFeed = z.infer<typeof CalendarFeedSchema>;

export const CreatedCalendarFeedSchema = CalendarFeedSchema.extend({
  url: z.string().meta({
    description:
      "L'adresse d'abonnement (avec le jeton), affichée une seule fois : seule l'empreinte du jeton est gardée",
  }),
  replacedId: z
    .string()
    .nullable()
    .meta({ description: "Le lien précédent de ce département, révoqué par celui-ci" }),
}).meta({ id: "CreatedCalendarFeed" });
export type CreatedCalendarFeed = z.infer<typeof CreatedCalendarFeedSchema>;
