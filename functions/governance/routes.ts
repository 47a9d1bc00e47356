import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { CalendarFeedSchema, CreatedCalendarFeedSchema } from "../../shared/calendar-feeds";
import {
  ACTION_STATUSES,
  ActionCreateSchema,
  ActionSchema,
  ActionUpdateSchema,
  BodyCreateSchema,
  BodyHistorySchema,
  BodySchema,
  MeetingCreateSchema,
  MeetingListItemSchema,
  MeetingSchema,
  MeetingUpdateSchema,
  MinutesSchema,
  NationalGovernanceSchema,
  QuarterComplianceSchema,
} from "../../shared/governance";
import {
  comparePeriods,
  nextPeriod,
  Period,
  parisDate,
  periodOf,
  periodStart,
  previousPeriod,
  range,
} from "../../shared/periods";
import { getDepartment } from "../departments/queries";
import { access } from "../platform/access";
import { requestActor } from "../platform/audit";
import { idParam, scope } from "../platform/caller";
import { etagOf, ifMatchOf } from "../platform/concurrency";
import type { AppEnv } from "../platform/context";
import { attachmentHeader } from "../platform/documents";
import { forbidden, invalid, notFound } from "../platform/errors";
import { createRouter, defineRoute, jsonBody, jsonContent, problemContent } from "../platform/openapi";
import { departmentParams } from "../platform/params";
import { reportDueDates } from "../reports/due-dates";
import { calendarIcs } from "./calendar";
import { createFeed, feedTokenPrincipal, listFeeds, revokeFeed } from "./feed";
import { bodiesOf, meetingsBetween } from "./queries";
import {
  addAction,
  complianceOf,
  createMeeting,
  designateBody,
  downloadMinutes,
  listActions,
  listMeetings,
  nationalGovernance,
  readBodies,
  readMeeting,
  setActionStatus,
  updateMeeting,
  uploadMinutes,
} from "./service";

/** Handlers only translate HTTP to the services (service.ts), which hold the rules. */
type Ctx = Context<AppEnv>;

const todayOf = (c: Ctx) => parisDate(c.get("services").clock.now());
const meetingParams = departmentParams.extend({ id: idParam("id") });
const minutesParams = meetingParams.extend({ minutesId: idParam("minutesId") });
const actionParams = departmentParams.extend({ actionId: idParam("actionId") });

/** A window of quarters (`from`–`to`, 40 at most); by default `back` quarters before today's to `ahead` after. */
const WindowQuery = z.object({
  from: Period.optional().openapi({ description: "Premier trimestre (AAAA-Tn)" }),
  to: Period.optional().openapi({ description: "Dernier trimestre (AAAA-Tn, 40 trimestres au plus)" }),
});
function windowOf(q: z.infer<typeof WindowQuery>, today: string, back: number, ahead: number) {
  let from = periodOf(today);
  for (let i = 0; i < back; i++) from = previousPeriod(from);
  let to = periodOf(today);
  for (let i = 0; i < ahead; i++) to = nextPeriod(to);
  const window = { from: q.from ?? from, to: q.to ?? to };
  if (comparePeriods(window.from, window.to) > 0)
    throw invalid([{ in: "query", pointer: "/to", detail: "La fin de l'intervalle est avant son début." }]);
  try {
    range(window.from, window.to);
  } catch (error) {
    throw invalid([{ in: "query", pointer: "/to", detail: (error as Error).message }]);
  }
  return window;
}

const tags = ["Gouvernance"];
const readers = access.department("member", "prefecture", "national");
const prefecture = access.department("prefecture");
const missing = { 404: problemContent("Réunion inconnue dans ce département") };

const meetingAnswer = (description: string) => ({
  ...jsonContent(MeetingSchema, description),
  headers: { ETag: { schema: { type: "string" as const } } },
});

const binary = (type: string, description: string) => ({
  description,
  content: { [type]: { schema: z.string().openapi({ format: "binary" }) } },
});

/** A calendar subscription link is managed by a person signed in, never by an API token. */
function sessionActor(c: Ctx) {
  if (c.get("principal")?.via !== "session") {
    throw forbidden("Un jeton ne peut pas gérer les liens d'abonnement : connectez-vous à Maillage.");
  }
  const actor = requestActor(c);
  if (actor.kind !== "user") throw new Error("a session's actor is a user");
  return actor;
}

const router = createRouter();
// Before the calendar route's guard, and on that route only: a feed token stands for its owner there.
router.use("/departments/:code/calendar.ics", feedTokenPrincipal);

export const governanceRoutes = router
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/governance/body",
      operationId: "getGovernanceBody",
      tags,
      summary: "L'instance de gouvernance du département (CLAV ou CDPD) et les précédentes",
      access: readers,
      request: { params: departmentParams },
      responses: { 200: jsonContent(BodyHistorySchema, "Instance actuelle (ou aucune) et historique") },
    }),
    async (c) => c.json(await readBodies(c.get("db"), c.get("tenant").departmentCode), 200),
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/departments/{code}/governance/body",
      operationId: "designateGovernanceBody",
      tags,
      summary: "Désigner l'instance de gouvernance (préfecture) ; la précédente reste dans l'historique",
      access: prefecture,
      ifMatch: "unversioned",
      request: {
        params: departmentParams,
        body: jsonBody(BodyCreateSchema, {
          kind: "clav",
          designatedOn: "2026-01-15",
          coChairs: [
            { function: "Préfet", name: "Jacques Billant" },
            { function: "Procureur de la République", name: "Caroline Marès" },
          ],
          secretariat: { name: "DDFE", email: "ddfe@pas-de-calais.gouv.fr", phone: null },
        }),
      },
      responses: { 201: jsonContent(BodySchema, "Instance désignée") },
    }),
    async (c) => c.json(await designateBody(...scope(c), c.req.valid("json")), 201),
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/governance/meetings",
      operationId: "listGovernanceMeetings",
      tags,
      summary: "Les réunions de l'instance, les plus récentes d'abord",
      description: "Par défaut, des quatre trimestres passés aux deux suivants.",
      access: readers,
      request: { params: departmentParams, query: WindowQuery },
      responses: { 200: jsonContent(z.object({ items: z.array(MeetingListItemSchema) }), "Réunions") },
    }),
    async (c) => {
      const [db, code, caller] = scope(c);
      const window = windowOf(c.req.valid("query"), caller.today, 4, 2);
      return c.json({ items: await listMeetings(db, code, caller, window) }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/departments/{code}/governance/meetings",
      operationId: "createGovernanceMeeting",
      tags,
      summary: "Enregistrer une réunion (préfecture), avec les présents, les décisions et les actions",
      description:
        "`startsAt` est l'heure de Paris (AAAA-MM-JJTHH:MM). Les organisations présentes et responsables d'actions sont celles du département.",
      access: prefecture,
      ifMatch: "unversioned",
      request: {
        params: departmentParams,
        body: jsonBody(MeetingCreateSchema, { kind: "plenary", startsAt: "2026-11-12T14:00" }),
      },
      responses: { 201: meetingAnswer("Réunion enregistrée") },
    }),
    async (c) => {
      const meeting = await createMeeting(...scope(c), c.req.valid("json"));
      c.header("ETag", etagOf(meeting.version));
      c.header(
        "Location",
        `/api/v1/departments/${c.get("tenant").departmentCode}/governance/meetings/${meeting.id}`,
      );
      return c.json(meeting, 201);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/governance/meetings/{id}",
      operationId: "getGovernanceMeeting",
      tags,
      summary: "Une réunion : présents, ordre du jour, décisions, actions, comptes rendus",
      access: readers,
      request: { params: meetingParams },
      responses: { 200: meetingAnswer("Réunion (ETag : sa version)"), ...missing },
    }),
    async (c) => {
      const meeting = await readMeeting(...scope(c), c.req.valid("param").id);
      c.header("ETag", etagOf(meeting.version));
      return c.json(meeting, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "patch",
      path: "/departments/{code}/governance/meetings/{id}",
      operationId: "updateGovernanceMeeting",
      tags,
      summary: "Modifier une réunion (préfecture)",
      access: prefecture,
      ifMatch: "optional",
      request: {
        params: meetingParams,
        body: jsonBody(MeetingUpdateSchema, {
          decisions: "Création d'un groupe « violences intrafamiliales ».",
        }),
      },
      responses: { 200: meetingAnswer("Réunion modifiée"), ...missing },
    }),
    async (c) => {
      const meeting = await updateMeeting(
        ...scope(c),
        c.req.valid("param").id,
        ifMatchOf(c),
        c.req.valid("json"),
      );
      c.header("ETag", etagOf(meeting.version));
      return c.json(meeting, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/departments/{code}/governance/meetings/{id}/actions",
      operationId: "addGovernanceAction",
      tags,
      summary: "Ajouter une action de suivi à une réunion (préfecture)",
      access: prefecture,
      ifMatch: "unversioned",
      request: { params: meetingParams, body: jsonBody(ActionCreateSchema) },
      responses: { 201: jsonContent(ActionSchema, "Action ajoutée"), ...missing },
    }),
    async (c) => c.json(await addAction(...scope(c), c.req.valid("param").id, c.req.valid("json")), 201),
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/governance/actions",
      operationId: "listGovernanceActions",
      tags,
      summary: "Les actions de suivi, par échéance",
      access: readers,
      request: {
        params: departmentParams,
        query: z.object({
          status: z.enum(ACTION_STATUSES).optional(),
          mine: z
            .enum(["true", "false"])
            .optional()
            .openapi({ description: "Seulement celles de mes organisations" }),
        }),
      },
      responses: { 200: jsonContent(z.object({ items: z.array(ActionSchema) }), "Actions") },
    }),
    async (c) => {
      const { status, mine } = c.req.valid("query");
      return c.json({ items: await listActions(...scope(c), { status, mine: mine === "true" }) }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "patch",
      path: "/departments/{code}/governance/actions/{actionId}",
      operationId: "setGovernanceActionStatus",
      tags,
      summary: "Marquer une action faite (ou à refaire)",
      description: "La préfecture pour toute action ; un membre pour les actions de son organisation.",
      access: access.department("member", "prefecture"),
      ifMatch: "unversioned",
      request: { params: actionParams, body: jsonBody(ActionUpdateSchema, { status: "done" }) },
      responses: {
        200: jsonContent(ActionSchema, "Action"),
        404: problemContent("Action inconnue dans ce département"),
      },
    }),
    async (c) =>
      c.json(
        await setActionStatus(...scope(c), c.req.valid("param").actionId, c.req.valid("json").status),
        200,
      ),
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/departments/{code}/governance/meetings/{id}/minutes",
      operationId: "uploadGovernanceMinutes",
      tags,
      summary: "Déposer le compte rendu (PDF, ODT ou DOCX, 10 Mo au plus ; type lu dans le contenu)",
      description: "multipart/form-data, champ `file`. Le nom enregistré prend l'extension du type reconnu.",
      access: prefecture,
      ifMatch: "unversioned",
      request: {
        params: meetingParams,
        body: {
          required: false,
          content: {
            "multipart/form-data": {
              schema: z.object({ file: z.any().openapi({ type: "string", format: "binary" }) }),
            },
          },
        },
      },
      responses: {
        201: jsonContent(MinutesSchema, "Compte rendu enregistré"),
        ...missing,
        413: problemContent("Document de plus de 10 Mo"),
        415: problemContent("Ni PDF, ni ODT, ni DOCX d'après son contenu"),
      },
    }),
    async (c) => {
      let form: FormData | null = null;
      try {
        form = await c.req.formData();
      } catch {
        // Not a multipart body: answered below as a missing file.
      }
      const file = form?.get("file");
      if (!file || typeof file === "string")
        throw invalid([
          { in: "body", pointer: "/file", detail: "Joignez le compte rendu dans le champ « file »." },
        ]);
      const [db, code, caller] = scope(c);
      const minutes = await uploadMinutes(db, c.env.DOCUMENTS, code, caller, c.req.valid("param").id, {
        name: file.name,
        size: file.size,
        bytes: () => file.arrayBuffer(),
      });
      return c.json(minutes, 201);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/governance/meetings/{id}/minutes/{minutesId}",
      operationId: "downloadGovernanceMinutes",
      tags,
      summary: "Télécharger un compte rendu (en pièce jointe)",
      access: readers,
      request: { params: minutesParams },
      responses: {
        200: binary("application/octet-stream", "Le compte rendu"),
        404: problemContent("Compte rendu inconnu"),
      },
    }),
    async (c) => {
      const { id, minutesId } = c.req.valid("param");
      const { minutes, body } = await downloadMinutes(
        c.get("db"),
        c.env.DOCUMENTS,
        c.get("tenant").departmentCode,
        id,
        minutesId,
      );
      return c.body(body, 200, {
        "content-type": minutes.mediaType,
        "content-length": String(minutes.size),
        "content-disposition": attachmentHeader(minutes.name),
      });
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/governance/compliance",
      operationId: "getGovernanceCompliance",
      tags,
      summary: "Conformité par trimestre : un trimestre sans séance plénière est signalé",
      description: "Par défaut, le trimestre en cours et les quatre précédents, le plus récent d'abord.",
      access: readers,
      request: { params: departmentParams, query: WindowQuery },
      responses: { 200: jsonContent(z.object({ items: z.array(QuarterComplianceSchema) }), "Trimestres") },
    }),
    async (c) => {
      const today = todayOf(c);
      const window = windowOf(c.req.valid("query"), today, 4, 0);
      return c.json(
        { items: await complianceOf(c.get("db"), c.get("tenant").departmentCode, today, window) },
        200,
      );
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/national/governance",
      operationId: "getNationalGovernance",
      tags,
      summary:
        "Pour un trimestre : les départements qui ont réuni leur instance en plénière, ceux sans instance",
      access: access.national,
      request: {
        query: z.object({
          period: Period.optional().openapi({ description: "Un trimestre (par défaut : celui en cours)" }),
        }),
      },
      responses: { 200: jsonContent(NationalGovernanceSchema, "Un rang par département") },
    }),
    async (c) => {
      const today = todayOf(c);
      const period = c.req.valid("query").period ?? periodOf(today);
      return c.json(await nationalGovernance(c.get("db"), period, today), 200);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/calendar.ics",
      operationId: "getDepartmentCalendar",
      tags,
      summary: "Agenda iCalendar du département : réunions, échéances des rapports, actions à échéance",
      description:
        "RFC 5545, heures de Paris (VTIMEZONE Europe/Paris). Réunions et échéances des quatre trimestres passés aux quatre suivants ; actions ouvertes. Pour s'abonner depuis une application d'agenda : `?token=` avec un lien d'abonnement (`POST …/calendar/feed`), qui n'ouvre que cet agenda ; sinon session ou jeton d'API (`Authorization: Bearer …`).",
      access: readers,
      request: {
        params: departmentParams,
        query: z.object({
          token: z
            .string()
            .max(200)
            .optional()
            .openapi({ description: "Jeton d'abonnement (lecture de cet agenda seulement)" }),
        }),
      },
      responses: {
        200: {
          description: "Agenda (Cache-Control: private ; Referrer-Policy: no-referrer)",
          content: { "text/calendar": { schema: z.string() } },
        },
      },
    }),
    async (c) => {
      const [db, code, caller] = scope(c);
      const window = windowOf({}, caller.today, 4, 4);
      const [department, bodies, meetings, actions, dueDates] = await Promise.all([
        getDepartment(db, code),
        bodiesOf(db, code),
        meetingsBetween(db, code, periodStart(window.from), periodStart(nextPeriod(window.to))),
        listActions(db, code, caller, { status: "open" }),
        reportDueDates(db, code, range(window.from, window.to)),
      ]);
      if (!department) throw notFound("Ce département n'existe pas.");
      const ics = calendarIcs({
        departmentCode: code,
        departmentName: department.name,
        bodyKind: bodies.find((b) => b.replacedAt === null)?.kind ?? null,
        meetings,
        reportDueDates: dueDates,
        actions,
        origin: new URL(c.env.AUTH_URL ?? c.req.url).origin,
        now: new Date(caller.at),
      });
      return c.body(ics, 200, {
        "content-type": "text/calendar; charset=utf-8",
        "content-disposition": `inline; filename="maillage-${code}.ics"`,
        // The address may carry a feed token: no shared cache keeps it, no link passes it on.
        "cache-control": "private, max-age=300",
        "referrer-policy": "no-referrer",
      });
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/departments/{code}/calendar/feed",
      operationId: "createCalendarFeed",
      tags,
      summary: "S'abonner à l'agenda : créer mon lien d'abonnement (le précédent est révoqué)",
      description:
        "Le lien (`url`, avec son jeton) n'est affiché qu'une fois ; il ne permet que de lire l'agenda iCalendar de ce département, tant que vous y êtes rattaché. Réservé à une session.",
      access: readers,
      ifMatch: "unversioned",
      request: { params: departmentParams },
      responses: { 201: jsonContent(CreatedCalendarFeedSchema, "Lien d'abonnement créé") },
    }),
    async (c) => {
      const actor = sessionActor(c);
      const code = c.get("tenant").departmentCode;
      const { secret, feed, replacedId } = await createFeed(c.get("services"), actor, code);
      const origin = new URL(c.env.AUTH_URL ?? c.req.url).origin;
      const url = `${origin}/api/v1/departments/${code}/calendar.ics?token=${secret}`;
      return c.json({ ...feed, url, replacedId }, 201);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/me/calendar-feeds",
      operationId: "listMyCalendarFeeds",
      tags,
      summary: "Mes liens d'abonnement aux agendas, du plus récent au plus ancien",
      access: access.signedIn,
      responses: { 200: jsonContent(z.object({ items: z.array(CalendarFeedSchema) }), "Liens") },
    }),
    async (c) => {
      // biome-ignore lint/style/noNonNullAssertion: behind the signedIn guard
      const principal = c.get("principal")!;
      return c.json({ items: await listFeeds(c.get("db"), principal.userId) }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "delete",
      path: "/me/calendar-feeds/{id}",
      operationId: "revokeMyCalendarFeed",
      tags,
      summary: "Révoquer un de mes liens d'abonnement",
      description: "Sans effet si le lien est déjà révoqué. Réservé à une session.",
      access: access.signedIn,
      ifMatch: "unversioned",
      request: { params: z.object({ id: idParam("id") }) },
      responses: {
        204: { description: "Lien révoqué" },
        404: problemContent("Lien d'abonnement inconnu"),
      },
    }),
    async (c) => {
      await revokeFeed(c.get("services"), sessionActor(c), c.req.valid("param").id);
      return c.body(null, 204);
    },
  );
