import { z } from "@hono/zod-openapi";
import type { Context } from "hono";
import { DateString } from "../../shared/periods";
import {
  APPLICATION_STATUSES,
  ApplicationCreateSchema,
  ApplicationPageSchema,
  ApplicationSchema,
  DeclineSchema,
  NationalPlacementCountsSchema,
  OFFER_STATUSES,
  OfferCreateSchema,
  OfferPageSchema,
  OfferSchema,
  OfferUpdateSchema,
  PROFESSIONS,
  WithdrawSchema,
} from "../../shared/placements";
import { access } from "../platform/access";
import { idParam, scope } from "../platform/caller";
import { etagOf, ifMatchOf, requiredIfMatch } from "../platform/concurrency";
import type { AppEnv } from "../platform/context";
import { createRouter, defineRoute, jsonBody, jsonContent, problemContent } from "../platform/openapi";
import { decodeCursor, encodeCursor, pageQuery } from "../platform/pagination";
import { departmentParams } from "../platform/params";
import {
  applyTo,
  createOffer,
  decide,
  listForOffer,
  listInbox,
  listOfferViews,
  nationalPlacementCounts,
  readApplication,
  readOffer,
  setState,
  updateOffer,
  withdraw,
} from "./service";

/** Handlers only translate HTTP to the services (service.ts), which hold the rules. */
type Ctx = Context<AppEnv>;

const offerParams = departmentParams.extend({ id: idParam("id") });
const applicationParams = offerParams.extend({ applicationId: idParam("applicationId") });

const offerFilters = z.object({
  profession: z.enum(PROFESSIONS).optional().openapi({ description: "Offres destinées à cette profession" }),
  commune: z
    .string()
    .regex(/^(\d{5}|2[AB]\d{3})$/, "Code INSEE invalide.")
    .optional()
    .openapi({ description: "Code INSEE de la commune du stage" }),
  from: DateString.optional().openapi({ description: "Offres dont les dates finissent ce jour ou après" }),
  to: DateString.optional().openapi({ description: "Offres dont les dates commencent ce jour ou avant" }),
  status: z
    .enum(OFFER_STATUSES)
    .optional()
    .openapi({ description: "Statut (« full » : publiée et complète)" }),
  host: z.string().max(64).optional().openapi({ description: "Organisation d'accueil (id)" }),
});
const OfferCursor = z.object({ s: z.string(), i: z.string() });
const ApplicationCursor = z.object({ c: z.string(), i: z.string() });
const statusFilter = z.object({
  status: z.enum(APPLICATION_STATUSES).optional().openapi({ description: "Statut des candidatures" }),
});

const tags = ["Stages croisés"];
/** Members of every organisation and the prefecture; national users read counts only (/national/placements). */
const readers = access.department("member", "prefecture");
const writers = access.department("member", "prefecture");

const offerAnswer = (description: string) => ({
  ...jsonContent(OfferSchema, description),
  headers: { ETag: { schema: { type: "string" as const } } },
});
const applicationAnswer = (description: string) => ({
  ...jsonContent(ApplicationSchema, description),
  headers: { ETag: { schema: { type: "string" as const } } },
});
const offerErrors = {
  404: problemContent("Offre inconnue dans ce département, ou que vous ne pouvez pas voir"),
  409: problemContent("L'état de l'offre ne permet pas ce changement (`code` dit pourquoi)"),
};
const applicationErrors = {
  404: problemContent("Offre ou candidature inconnue, ou que vous ne pouvez pas voir"),
  409: problemContent(
    "L'état de la candidature ou de l'offre ne permet pas ce changement (`offer_full` : plus de place)",
  ),
};

function withEtag<T extends { version: number }, S extends 200 | 201>(c: Ctx, body: T, status: S) {
  c.header("ETag", etagOf(body.version));
  return c.json(body, status);
}

export const placementsRoutes = createRouter()
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/placements",
      operationId: "listPlacementOffers",
      tags,
      summary: "Les offres de stage croisé que l'on peut voir, les plus proches d'abord",
      description:
        "Les membres de toute organisation du département voient les offres publiées (dans leur fenêtre de publication) et celles auxquelles leur organisation a postulé ; l'organisation d'accueil voit les siennes ; la préfecture les voit toutes, brouillons compris. `byProfession` compte les offres de tous les filtres sauf la profession.",
      access: readers,
      request: { params: departmentParams, query: pageQuery.extend(offerFilters.shape) },
      responses: {
        200: jsonContent(OfferPageSchema, "Une page d'offres"),
        400: problemContent("Curseur invalide"),
      },
    }),
    async (c) => {
      const { limit, cursor, ...filters } = c.req.valid("query");
      const after = decodeCursor(cursor, OfferCursor);
      const page = await listOfferViews(...scope(c), filters, { limit, after });
      return c.json(
        {
          items: page.items,
          nextCursor: page.more && page.last ? encodeCursor(page.last) : null,
          byProfession: page.byProfession,
          total: page.total,
        },
        200,
      );
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/departments/{code}/placements",
      operationId: "createPlacementOffer",
      tags,
      summary: "Proposer un stage croisé (brouillon) pour son organisation",
      access: writers,
      ifMatch: "unversioned",
      request: {
        params: departmentParams,
        body: jsonBody(OfferCreateSchema, {
          hostOrganisationId: "0190b2c4-0000-7000-8000-000000000001",
          service: "Accueil des victimes",
          title: "Découvrir l'aide aux victimes",
          description: "Accueil, premier entretien, accompagnement au dépôt de plainte.",
          professions: ["gendarmerie", "police"],
          communeInseeCode: "62041",
          halfDays: 4,
          schedule: { kind: "period", start: "2026-03-01", end: "2026-06-30" },
          capacity: 2,
          contact: {
            name: "Claire Petit",
            function: "Juriste",
            email: "accueil@fv62.fr",
            phone: "03 21 00 00 00",
          },
          contactHidden: ["email", "phone"],
        }),
      },
      responses: { 201: offerAnswer("Offre créée (brouillon)") },
    }),
    async (c) => {
      const offer = await createOffer(...scope(c), c.req.valid("json"));
      c.header("Location", `/api/v1/departments/${offer.departmentCode}/placements/${offer.id}`);
      return withEtag(c, offer, 201);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/placements/{id}",
      operationId: "getPlacementOffer",
      tags,
      summary: "Une offre ; les champs de contact masqués n'y figurent qu'après acceptation",
      access: readers,
      request: { params: offerParams },
      responses: { 200: offerAnswer("Offre (ETag : sa version)"), 404: offerErrors[404] },
    }),
    async (c) => withEtag(c, await readOffer(...scope(c), c.req.valid("param").id), 200),
  )
  .openapi(
    defineRoute({
      method: "patch",
      path: "/departments/{code}/placements/{id}",
      operationId: "updatePlacementOffer",
      tags,
      summary: "Modifier une offre (organisation d'accueil, If-Match obligatoire)",
      description:
        "La capacité ne descend pas sous le nombre de candidatures acceptées. `contact` se remplace en entier.",
      access: writers,
      ifMatch: "required",
      request: { params: offerParams, body: jsonBody(OfferUpdateSchema, { capacity: 3 }) },
      responses: { 200: offerAnswer("Offre modifiée"), ...offerErrors },
    }),
    async (c) => {
      const ifMatch = requiredIfMatch(c);
      const offer = await updateOffer(...scope(c), c.req.valid("param").id, c.req.valid("json"), ifMatch);
      return withEtag(c, offer, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/departments/{code}/placements/{id}/publish",
      operationId: "publishPlacementOffer",
      tags,
      summary: "Publier une offre (brouillon ou clôturée)",
      access: writers,
      ifMatch: "optional",
      request: { params: offerParams },
      responses: { 200: offerAnswer("Offre publiée"), ...offerErrors },
    }),
    async (c) =>
      withEtag(c, await setState(...scope(c), c.req.valid("param").id, "published", ifMatchOf(c)), 200),
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/departments/{code}/placements/{id}/close",
      operationId: "closePlacementOffer",
      tags,
      summary: "Clôturer une offre publiée (plus de candidatures)",
      access: writers,
      ifMatch: "optional",
      request: { params: offerParams },
      responses: { 200: offerAnswer("Offre clôturée"), ...offerErrors },
    }),
    async (c) =>
      withEtag(c, await setState(...scope(c), c.req.valid("param").id, "closed", ifMatchOf(c)), 200),
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/placements/{id}/applications",
      operationId: "listPlacementApplications",
      tags,
      summary: "Les candidatures à une offre, les plus récentes d'abord",
      description:
        "Toutes pour l'organisation d'accueil et la préfecture ; pour les autres, celles de leur organisation.",
      access: readers,
      request: { params: offerParams, query: pageQuery.extend(statusFilter.shape) },
      responses: {
        200: jsonContent(ApplicationPageSchema, "Une page de candidatures"),
        400: problemContent("Curseur invalide"),
        404: offerErrors[404],
      },
    }),
    async (c) => {
      const { limit, cursor, status } = c.req.valid("query");
      const after = decodeCursor(cursor, ApplicationCursor);
      const page = await listForOffer(...scope(c), c.req.valid("param").id, status, { limit, after });
      return c.json(
        { items: page.items, nextCursor: page.more && page.last ? encodeCursor(page.last) : null },
        200,
      );
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/departments/{code}/placements/{id}/applications",
      operationId: "applyToPlacementOffer",
      tags,
      summary: "Postuler pour son organisation (une autre que l'accueil)",
      access: writers,
      ifMatch: "unversioned",
      request: {
        params: offerParams,
        body: jsonBody(ApplicationCreateSchema, {
          profession: "gendarmerie",
          wantedStart: "2026-04-02",
          wantedEnd: "2026-04-03",
          motivation: "Mieux orienter les victimes reçues à la brigade.",
        }),
      },
      responses: { 201: applicationAnswer("Candidature enregistrée (en attente)"), ...applicationErrors },
    }),
    async (c) => {
      const { id } = c.req.valid("param");
      const application = await applyTo(...scope(c), id, c.req.valid("json"));
      c.header(
        "Location",
        `/api/v1/departments/${application.departmentCode}/placements/${id}/applications/${application.id}`,
      );
      return withEtag(c, application, 201);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/placements/{id}/applications/{applicationId}",
      operationId: "getPlacementApplication",
      tags,
      summary: "Une candidature",
      access: readers,
      request: { params: applicationParams },
      responses: { 200: applicationAnswer("Candidature (ETag : sa version)"), 404: applicationErrors[404] },
    }),
    async (c) => {
      const { id, applicationId } = c.req.valid("param");
      return withEtag(c, await readApplication(...scope(c), id, applicationId), 200);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/departments/{code}/placements/{id}/applications/{applicationId}/accept",
      operationId: "acceptPlacementApplication",
      tags,
      summary: "Accepter une candidature (organisation d'accueil) : prend une place",
      description:
        "La place est prise dans la même écriture que l'acceptation : deux acceptations simultanées sur la dernière place donnent une réponse 200 et une 409 `offer_full`.",
      access: writers,
      ifMatch: "optional",
      request: { params: applicationParams },
      responses: { 200: applicationAnswer("Candidature acceptée"), ...applicationErrors },
    }),
    async (c) => {
      const { id, applicationId } = c.req.valid("param");
      return withEtag(c, await decide(...scope(c), id, applicationId, { accept: true }, ifMatchOf(c)), 200);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/departments/{code}/placements/{id}/applications/{applicationId}/decline",
      operationId: "declinePlacementApplication",
      tags,
      summary: "Refuser une candidature, avec son motif (organisation d'accueil)",
      access: writers,
      ifMatch: "optional",
      request: {
        params: applicationParams,
        body: jsonBody(DeclineSchema, { reason: "Les dates demandées ne sont plus disponibles." }),
      },
      responses: { 200: applicationAnswer("Candidature refusée"), ...applicationErrors },
    }),
    async (c) => {
      const { id, applicationId } = c.req.valid("param");
      const { reason } = c.req.valid("json");
      return withEtag(
        c,
        await decide(...scope(c), id, applicationId, { accept: false, reason }, ifMatchOf(c)),
        200,
      );
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/departments/{code}/placements/{id}/applications/{applicationId}/withdraw",
      operationId: "withdrawPlacementApplication",
      tags,
      summary: "Retirer sa candidature (la personne qui a postulé) ; une place acceptée est rendue",
      access: writers,
      ifMatch: "optional",
      request: {
        params: applicationParams,
        body: jsonBody(WithdrawSchema, { reason: "Indisponible à ces dates." }),
      },
      responses: { 200: applicationAnswer("Candidature retirée"), ...applicationErrors },
    }),
    async (c) => {
      const { id, applicationId } = c.req.valid("param");
      const { reason } = c.req.valid("json");
      return withEtag(c, await withdraw(...scope(c), id, applicationId, reason, ifMatchOf(c)), 200);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/placement-applications",
      operationId: "listMyPlacementApplications",
      tags,
      summary: "Boîte de réception : candidatures reçues par ses organisations, ou faites pour elles",
      access: readers,
      request: {
        params: departmentParams,
        query: pageQuery.extend(statusFilter.shape).extend({
          side: z.enum(["host", "applicant"]).default("host").openapi({
            description: "`host` : reçues pour ses offres ; `applicant` : faites pour son organisation",
          }),
        }),
      },
      responses: {
        200: jsonContent(ApplicationPageSchema, "Une page de candidatures"),
        400: problemContent("Curseur invalide"),
      },
    }),
    async (c) => {
      const { limit, cursor, status, side } = c.req.valid("query");
      const after = decodeCursor(cursor, ApplicationCursor);
      const page = await listInbox(...scope(c), side, status, { limit, after });
      return c.json(
        { items: page.items, nextCursor: page.more && page.last ? encodeCursor(page.last) : null },
        200,
      );
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/national/placements",
      operationId: "nationalPlacementCounts",
      tags,
      summary: "Stages croisés : nombres d'offres, de places et de candidatures par département",
      description: "Le niveau national ne lit que des nombres, jamais les offres ni les candidatures.",
      access: access.national,
      responses: { 200: jsonContent(NationalPlacementCountsSchema, "Nombres par département") },
    }),
    async (c) => c.json(await nationalPlacementCounts(c.get("db")), 200),
  );
