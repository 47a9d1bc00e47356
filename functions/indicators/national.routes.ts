import { z } from "@hono/zod-openapi";
import {
  IndicatorRevisionSchema,
  IndicatorSchema,
  IndicatorUpdateSchema,
  MeasureSchema,
  NationalIndicatorCreateSchema,
} from "../../shared/catalogue";
import { access } from "../platform/access";
import { requestActor } from "../platform/audit";
import { checkIfMatch, ifMatchOf } from "../platform/concurrency";
import { type FieldError, invalid } from "../platform/errors";
import { createRouter, defineRoute, jsonBody, jsonContent, problemContent } from "../platform/openapi";
import {
  findIndicator,
  listMeasures,
  listNationalIndicators,
  measureExists,
  revisionsOf,
  toIndicator,
} from "./queries";
import { checkDerived, nationalPrefix } from "./rules";
import {
  createIndicator,
  deleteIndicator,
  IndicatorCode,
  missingIndicator,
  nationalIndicator,
  respond,
  retiredQuery,
  retireIndicator,
  staleIndicator,
  tags,
  updateIndicator,
  withEtag,
} from "./service";

const indicatorParams = z.object({ indicator: IndicatorCode });

export const nationalRoutes = createRouter()
  .openapi(
    defineRoute({
      method: "get",
      path: "/measures",
      operationId: "listMeasures",
      tags,
      summary: "Les 53 mesures nationales et leurs indicateurs nationaux",
      access: access.signedIn,
      request: { query: retiredQuery },
      responses: { 200: jsonContent(z.object({ items: z.array(MeasureSchema) }), "Mesures") },
    }),
    async (c) => {
      const db = c.get("db");
      const includeRetired = c.req.valid("query").includeRetired === "true";
      const [rows, all] = await Promise.all([listMeasures(db), listNationalIndicators(db, includeRetired)]);
      const items = rows.map((m) => ({
        number: m.number,
        origin: m.origin as "grenelle" | "merignac",
        text: m.text,
        pilot: m.pilot,
        indicators: all.filter((i) => i.measureNumber === m.number),
      }));
      return c.json({ items }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/indicators",
      operationId: "listNationalIndicators",
      tags,
      summary: "Le catalogue national d'indicateurs",
      access: access.signedIn,
      request: { query: retiredQuery },
      responses: { 200: jsonContent(z.object({ items: z.array(IndicatorSchema) }), "Indicateurs nationaux") },
    }),
    async (c) => {
      const includeRetired = c.req.valid("query").includeRetired === "true";
      return c.json({ items: await listNationalIndicators(c.get("db"), includeRetired) }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/indicators",
      operationId: "createNationalIndicator",
      tags,
      summary: "Créer un indicateur national",
      description:
        "Le code est attribué par le serveur : N<mesure>-<n>, n suivant le plus grand numéro jamais utilisé pour cette mesure (un code n'est jamais réutilisé).",
      access: access.national,
      ifMatch: "unversioned",
      request: { body: jsonBody(NationalIndicatorCreateSchema) },
      responses: { 201: withEtag(IndicatorSchema, "Indicateur créé") },
    }),
    async (c) => {
      const input = c.req.valid("json");
      const errors: FieldError[] = [];
      if (!(await measureExists(c.get("db"), input.measureNumber)))
        errors.push({ in: "body", pointer: "/measureNumber", detail: "Cette mesure n'existe pas." });
      errors.push(...checkDerived(c.get("services").derived, input.derivedKey, input.unit));
      if (errors.length) throw invalid(errors);
      const indicator = await createIndicator(
        c.get("services"),
        requestActor(c),
        { departmentCode: null },
        nationalPrefix(input.measureNumber),
        {
          measureNumber: input.measureNumber,
          sheetCode: null,
          label: input.label,
          unit: input.unit,
          periodicity: input.periodicity,
          target: input.target ?? null,
          derivedKey: input.derivedKey ?? null,
        },
      );
      c.header("Location", `/api/v1/indicators/${indicator.code}`);
      return respond(c, indicator, 201);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/indicators/{indicator}",
      operationId: "getNationalIndicator",
      tags,
      summary: "Un indicateur national",
      access: access.signedIn,
      request: { params: indicatorParams },
      responses: {
        200: withEtag(IndicatorSchema, "Indicateur (ETag : sa version)"),
        404: problemContent("Indicateur national inconnu"),
      },
    }),
    async (c) => {
      const row = await findIndicator(c.get("db"), c.req.valid("param").indicator);
      // Local indicators are read through their département (tenant-scoped).
      if (!row || row.departmentCode !== null) throw missingIndicator();
      return respond(c, toIndicator(row), 200);
    },
  )
  .openapi(
    defineRoute({
      method: "patch",
      path: "/indicators/{indicator}",
      operationId: "updateNationalIndicator",
      tags,
      summary:
        "Modifier un indicateur national (libellé, cible, périodicité ; unité tant qu'il n'a aucune valeur)",
      description:
        "Chaque changement de libellé ou de cible est conservé dans l'historique des révisions. Avec If-Match, refusé (412) si l'indicateur a changé entre-temps.",
      access: access.national,
      ifMatch: "optional",
      request: { params: indicatorParams, body: jsonBody(IndicatorUpdateSchema) },
      responses: {
        200: withEtag(IndicatorSchema, "Indicateur modifié"),
        404: problemContent("Indicateur inconnu"),
        409: problemContent("Indicateur retiré, ou unité figée par des valeurs saisies"),
      },
    }),
    async (c) => {
      const current = await nationalIndicator(c.get("db"), c.req.valid("param").indicator);
      checkIfMatch(ifMatchOf(c), current.version, staleIndicator);
      return respond(
        c,
        await updateIndicator(c.get("services"), requestActor(c), current, c.req.valid("json")),
        200,
      );
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/indicators/{indicator}/revisions",
      operationId: "listNationalIndicatorRevisions",
      tags,
      summary: "Les libellés et cibles successifs d'un indicateur national",
      access: access.signedIn,
      request: { params: indicatorParams },
      responses: {
        200: jsonContent(
          z.object({ items: z.array(IndicatorRevisionSchema) }),
          "Révisions, la plus ancienne d'abord",
        ),
        404: problemContent("Indicateur national inconnu"),
      },
    }),
    async (c) => {
      const db = c.get("db");
      const row = await findIndicator(db, c.req.valid("param").indicator);
      if (!row || row.departmentCode !== null) throw missingIndicator();
      return c.json({ items: await revisionsOf(db, row.code) }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/indicators/{indicator}/retire",
      operationId: "retireNationalIndicator",
      tags,
      summary: "Retirer un indicateur national (il reste visible dans les rapports où il a des valeurs)",
      access: access.national,
      ifMatch: "optional",
      request: { params: indicatorParams },
      responses: {
        200: withEtag(IndicatorSchema, "Indicateur retiré"),
        404: problemContent("Indicateur inconnu"),
      },
    }),
    async (c) => {
      const current = await nationalIndicator(c.get("db"), c.req.valid("param").indicator);
      checkIfMatch(ifMatchOf(c), current.version, staleIndicator);
      return respond(c, await retireIndicator(c.get("services"), requestActor(c), current), 200);
    },
  )
  .openapi(
    defineRoute({
      method: "delete",
      path: "/indicators/{indicator}",
      operationId: "deleteNationalIndicator",
      tags,
      summary: "Supprimer un indicateur national qui n'a jamais eu de valeur",
      access: access.national,
      ifMatch: "optional",
      request: { params: indicatorParams },
      responses: {
        204: { description: "Indicateur supprimé (son code ne sera pas réutilisé)" },
        404: problemContent("Indicateur inconnu"),
        409: problemContent("Des valeurs existent : retirez-le plutôt"),
      },
    }),
    async (c) => {
      const current = await nationalIndicator(c.get("db"), c.req.valid("param").indicator);
      checkIfMatch(ifMatchOf(c), current.version, staleIndicator);
      await deleteIndicator(c.get("services"), requestActor(c), current);
      return c.body(null, 204);
    },
  );
