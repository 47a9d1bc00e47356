import { z } from "@hono/zod-openapi";
import { eq } from "drizzle-orm";
import {
  NotificationPreferenceSchema,
  NotificationPreferencesUpdateSchema,
  REMINDER_KIND_LABELS,
  ReminderSchema,
  SendNowSchema,
  UnsubscribeResultSchema,
  UpcomingSchema,
} from "../../shared/reminders";
import { users } from "../auth/schema";
import { access } from "../platform/access";
import { AppError, notFound, unauthenticated } from "../platform/errors";
import { createRouter, defineRoute, jsonBody, jsonContent, problemContent } from "../platform/openapi";
import { decodeCursor, pageQuery, toPage } from "../platform/pagination";
import { departmentParams } from "../platform/params";
import { preferencesOf, setPreferences } from "./preferences";
import { listReminders, sendNow, upcoming } from "./service";
import { verifyUnsubscribeToken } from "./unsubscribe";

const tags = ["Relances"];
const readers = access.department("prefecture", "national");
const Cursor = z.object({ i: z.string() });
const PreferencesSchema = z.object({ items: z.array(NotificationPreferenceSchema) });

export const remindersRoutes = createRouter()
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/reminders",
      operationId: "listReminders",
      tags,
      summary: "Le journal des relances du département, les plus récentes d'abord",
      description:
        "Type, destinataire, statut (en file, envoyée, échec), tentatives, dernière erreur, date d'envoi.",
      access: readers,
      request: { params: departmentParams, query: pageQuery },
      responses: {
        200: jsonContent(
          z.object({ items: z.array(ReminderSchema), nextCursor: z.string().nullable() }),
          "Une page de relances",
        ),
        400: problemContent("Curseur invalide"),
      },
    }),
    async (c) => {
      const { limit, cursor } = c.req.valid("query");
      const rows = await listReminders(
        c.get("db"),
        c.get("tenant").departmentCode,
        limit,
        decodeCursor(cursor, Cursor)?.i,
      );
      return c.json(
        toPage(rows, limit, (r) => ({ i: r.id })),
        200,
      );
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/reminders/upcoming",
      operationId: "listUpcomingReminders",
      tags,
      summary: "Ce que le prochain passage quotidien enverra (et qui n'est pas encore parti)",
      access: readers,
      request: { params: departmentParams },
      responses: { 200: jsonContent(UpcomingSchema, "Le prochain passage et ses relances") },
    }),
    async (c) => {
      const { at, items } = await upcoming(
        c.get("services"),
        c.get("services").reminderSources,
        c.get("tenant").departmentCode,
      );
      return c.json(
        {
          runAt: at.toISOString(),
          items: items.map((p) => ({
            key: p.key,
            kind: p.kind,
            recipient: p.recipient,
            subject: p.title,
            reason: p.reason,
            link: p.link,
          })),
        },
        200,
      );
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/departments/{code}/reminders/send-now",
      operationId: "sendReminderNow",
      tags,
      summary: "Envoyer maintenant une relance à venir (même clé : jamais deux fois)",
      description:
        "202 : la relance est mise en file. 200 : elle existait déjà (envoyée ou en file), rien n'est renvoyé.",
      access: access.department("prefecture"),
      ifMatch: "unversioned",
      request: {
        params: departmentParams,
        body: jsonBody(SendNowSchema, { key: "62|report_overdue|2026-Q3|<user id>|w0" }),
      },
      responses: {
        200: jsonContent(ReminderSchema, "La relance existait déjà"),
        202: jsonContent(ReminderSchema, "Relance mise en file"),
        404: problemContent("Aucune relance à venir n'a cette clé"),
      },
    }),
    async (c) => {
      const result = await sendNow(
        c.get("services"),
        c.env.REMINDERS,
        c.get("services").reminderSources,
        c.get("tenant").departmentCode,
        c.req.valid("json").key,
      );
      if (!result) throw notFound("Aucune relance à venir n'a cette clé dans ce département.");
      return result.queued ? c.json(result.reminder, 202) : c.json(result.reminder, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/me/notification-preferences",
      operationId: "getNotificationPreferences",
      tags,
      summary: "Mes préférences de relances par courriel, par type",
      access: access.signedIn,
      responses: { 200: jsonContent(PreferencesSchema, "Un type par ligne") },
    }),
    async (c) => {
      const principal = c.get("principal");
      if (!principal) throw unauthenticated();
      return c.json({ items: await preferencesOf(c.get("db"), principal.userId) }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "put",
      path: "/me/notification-preferences",
      operationId: "putNotificationPreferences",
      tags,
      summary: "Activer ou couper des types de relances",
      description: "Seuls les types donnés changent. Le rapport en retard ne peut pas être coupé (422).",
      access: access.signedIn,
      ifMatch: "unversioned",
      request: {
        body: jsonBody(NotificationPreferencesUpdateSchema, {
          preferences: [{ kind: "contract_ending", enabled: false }],
        }),
      },
      responses: { 200: jsonContent(PreferencesSchema, "Préférences enregistrées") },
    }),
    async (c) => {
      const principal = c.get("principal");
      if (!principal) throw unauthenticated();
      const db = c.get("db");
      await setPreferences(
        db,
        principal.userId,
        c.req.valid("json").preferences,
        c.get("clock").now().toISOString(),
      );
      return c.json({ items: await preferencesOf(db, principal.userId) }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/unsubscribe",
      operationId: "unsubscribeReminder",
      tags,
      summary: "Désabonnement en un clic (lien signé d'un courriel, RFC 8058)",
      description:
        "Sans connexion : le lien signé nomme la personne et le type de relance et expire après 60 jours. Les messagerie l'appellent en POST (`List-Unsubscribe-Post: List-Unsubscribe=One-Click`).",
      access: access.public,
      ifMatch: "unversioned",
      request: {
        query: z.object({
          token: z.string().min(1).max(1000).openapi({ description: "Le jeton signé du lien" }),
        }),
      },
      responses: {
        200: jsonContent(UnsubscribeResultSchema, "Ce type de relance est coupé"),
        400: problemContent("Lien altéré ou invalide"),
        410: problemContent("Lien expiré"),
      },
    }),
    async (c) => {
      const db = c.get("db");
      const now = c.get("clock").now();
      const { userId, kind } = await verifyUnsubscribeToken(
        c.env.AUTH_SECRET,
        c.req.valid("query").token,
        now,
      );
      const [person] = await db.select({ email: users.email }).from(users).where(eq(users.id, userId));
      if (!person) throw new AppError(410, "unsubscribe_expired", "Ce compte n'existe plus.");
      await setPreferences(db, userId, [{ kind, enabled: false }], now.toISOString());
      return c.json({ kind, label: REMINDER_KIND_LABELS[kind], email: person.email }, 200);
    },
  );
