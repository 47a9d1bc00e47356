import { z } from "@hono/zod-openapi";
import { and, eq, sql } from "drizzle-orm";
import {
  ActionSheetCreateSchema,
  ActionSheetSchema,
  ActionSheetUpdateSchema,
  AssignmentSchema,
  AxisCreateSchema,
  AxisSchema,
  AxisUpdateSchema,
  CatalogueSchema,
  IndicatorRevisionSchema,
  IndicatorSchema,
  IndicatorUpdateSchema,
  LocalIndicatorCreateSchema,
} from "../../shared/catalogue";
import { access } from "../platform/access";
import { auditEvent, auditEventIfChanged, requestActor } from "../platform/audit";
import { checkIfMatch, ifMatchOf } from "../platform/concurrency";
import { guardedBatch, StaleWrite } from "../platform/db";
import { conflict, type FieldError, invalid, notFound } from "../platform/errors";
import { createRouter, defineRoute, jsonBody, jsonContent, problemContent } from "../platform/openapi";
import { departmentParams } from "../platform/params";
import {
  assignmentsOf,
  axesOf,
  findAssignment,
  findAxis,
  findSheet,
  listNationalIndicators,
  localIndicatorsOf,
  revisionsOf,
  sheetsOf,
} from "./queries";
import { checkDerived, localPrefix, sheetChanges } from "./rules";
import { actionSheets, axes, indicatorAssignments } from "./schema";
import {
  buildCatalogue,
  createIndicator,
  deleteIndicator,
  designatable,
  IndicatorCode,
  missingSheet,
  ownIndicator,
  pick,
  respond,
  retiredQuery,
  retireIndicator,
  staleIndicator,
  tags,
  updateIndicator,
  visibleIndicator,
  withEtag,
} from "./service";

const deptIndicatorParams = departmentParams.extend({ indicator: IndicatorCode });
const sheetParams = departmentParams.extend({
  sheet: z
    .string()
    .max(20)
    .openapi({ param: { name: "sheet", in: "path" }, example: "2.5" }),
});
const axisParams = departmentParams.extend({
  axis: z
    .string()
    .max(20)
    .openapi({ param: { name: "axis", in: "path" }, example: "2" }),
});

const readers = access.department("member", "prefecture", "national");
const prefecture = access.department("prefecture");

export const departmentCatalogueRoutes = createRouter()
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/catalogue",
      operationId: "getDepartmentCatalogue",
      tags,
      summary:
        "Le catalogue du département : axes, fiches action et indicateurs locaux, indicateurs nationaux, et qui y répond",
      access: readers,
      request: { params: departmentParams, query: retiredQuery },
      responses: { 200: jsonContent(CatalogueSchema, "Catalogue du département") },
    }),
    async (c) => {
      const db = c.get("db");
      const { departmentCode } = c.get("tenant");
      const includeRetired = c.req.valid("query").includeRetired === "true";
      const [axisRows, sheets, local, national, assignments] = await Promise.all([
        axesOf(db, departmentCode),
        sheetsOf(db, departmentCode),
        localIndicatorsOf(db, departmentCode, includeRetired),
        listNationalIndicators(db, includeRetired),
        assignmentsOf(db, departmentCode),
      ]);
      return c.json(
        buildCatalogue(departmentCode, { axes: axisRows, sheets, local, national, assignments }),
        200,
      );
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/departments/{code}/axes",
      operationId: "createAxis",
      tags,
      summary: "Créer un axe du plan départemental",
      access: prefecture,
      ifMatch: "unversioned",
      request: { params: departmentParams, body: jsonBody(AxisCreateSchema) },
      responses: { 201: jsonContent(AxisSchema, "Axe créé"), 409: problemContent("Code d'axe déjà utilisé") },
    }),
    async (c) => {
      const db = c.get("db");
      const { departmentCode } = c.get("tenant");
      const input = c.req.valid("json");
      try {
        await guardedBatch(
          db,
          db
            .insert(axes)
            .values({ departmentCode, code: input.code, title: input.title })
            .onConflictDoNothing(),
          [
            auditEvent(c.get("services"), requestActor(c), {
              departmentCode,
              action: "axis.created",
              entityType: "axis",
              entityId: input.code,
              after: input,
            }),
          ],
        );
      } catch (error) {
        if (!(error instanceof StaleWrite)) throw error;
        const detail = `L'axe ${input.code} existe déjà dans ce département.`;
        throw conflict(detail, [{ in: "body", pointer: "/code", detail }]);
      }
      return c.json({ code: input.code, title: input.title }, 201);
    },
  )
  .openapi(
    defineRoute({
      method: "patch",
      path: "/departments/{code}/axes/{axis}",
      operationId: "updateAxis",
      tags,
      summary: "Renommer un axe",
      access: prefecture,
      ifMatch: "unversioned",
      request: { params: axisParams, body: jsonBody(AxisUpdateSchema) },
      responses: { 200: jsonContent(AxisSchema, "Axe modifié"), 404: problemContent("Axe inconnu") },
    }),
    async (c) => {
      const db = c.get("db");
      const { departmentCode } = c.get("tenant");
      const code = c.req.valid("param").axis;
      const current = await findAxis(db, departmentCode, code);
      if (!current) throw notFound("Cet axe n'existe pas dans ce département.");
      const { title } = c.req.valid("json");
      if (title !== current.title)
        await db.batch([
          db
            .update(axes)
            .set({ title })
            .where(and(eq(axes.departmentCode, departmentCode), eq(axes.code, code))),
          auditEventIfChanged(c.get("services"), requestActor(c), {
            departmentCode,
            action: "axis.updated",
            entityType: "axis",
            entityId: code,
            before: current,
            after: { code, title },
          }),
        ]);
      return c.json({ code, title }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/departments/{code}/action-sheets",
      operationId: "createActionSheet",
      tags,
      summary: "Créer une fiche action",
      access: prefecture,
      ifMatch: "unversioned",
      request: { params: departmentParams, body: jsonBody(ActionSheetCreateSchema) },
      responses: {
        201: jsonContent(ActionSheetSchema, "Fiche action créée"),
        409: problemContent("Code de fiche déjà utilisé"),
      },
    }),
    async (c) => {
      const db = c.get("db");
      const { departmentCode } = c.get("tenant");
      const input = c.req.valid("json");
      const errors: FieldError[] = [];
      if (!(await findAxis(db, departmentCode, input.axisCode)))
        errors.push({
          in: "body",
          pointer: "/axisCode",
          detail: "Cet axe n'existe pas dans ce département.",
        });
      if (errors.length) throw invalid(errors);
      const pilot = await designatable(
        c.get("db"),
        c.get("tenant").departmentCode,
        input.pilotOrganisationId,
        "/pilotOrganisationId",
      );
      const now = c.get("clock").now().toISOString();
      const row = {
        departmentCode,
        code: input.code,
        axisCode: input.axisCode,
        title: input.title,
        pilotOrganisationId: input.pilotOrganisationId ?? null,
        pilot: input.pilot ?? null,
        partners: input.partners ?? null,
        territory: input.territory ?? null,
        frequency: input.frequency ?? null,
        means: input.means ?? null,
        createdAt: now,
        updatedAt: now,
      };
      try {
        await guardedBatch(db, db.insert(actionSheets).values(row).onConflictDoNothing(), [
          auditEvent(c.get("services"), requestActor(c), {
            departmentCode,
            action: "action_sheet.created",
            entityType: "action_sheet",
            entityId: input.code,
            after: row,
          }),
        ]);
      } catch (error) {
        if (!(error instanceof StaleWrite)) throw error;
        const detail = `La fiche ${input.code} existe déjà dans ce département.`;
        throw conflict(detail, [{ in: "body", pointer: "/code", detail }]);
      }
      c.header("Location", `/api/v1/departments/${departmentCode}/action-sheets/${input.code}`);
      return c.json({ ...row, pilotOrganisationName: pilot?.name ?? null }, 201);
    },
  )
  .openapi(
    defineRoute({
      method: "patch",
      path: "/departments/{code}/action-sheets/{sheet}",
      operationId: "updateActionSheet",
      tags,
      summary: "Modifier une fiche action (axe, titre, pilote, partenaires…) ; le code ne change pas",
      access: prefecture,
      ifMatch: "unversioned",
      request: { params: sheetParams, body: jsonBody(ActionSheetUpdateSchema) },
      responses: {
        200: jsonContent(ActionSheetSchema, "Fiche action modifiée"),
        404: problemContent("Fiche inconnue dans ce département"),
      },
    }),
    async (c) => {
      const db = c.get("db");
      const { departmentCode } = c.get("tenant");
      const code = c.req.valid("param").sheet;
      const current = await findSheet(db, departmentCode, code);
      if (!current) throw missingSheet();
      const input = c.req.valid("json");
      if (input.axisCode !== undefined && !(await findAxis(db, departmentCode, input.axisCode)))
        throw invalid([
          { in: "body", pointer: "/axisCode", detail: "Cet axe n'existe pas dans ce département." },
        ]);
      const pilotChanged =
        input.pilotOrganisationId !== undefined && input.pilotOrganisationId !== current.pilotOrganisationId;
      const pilot = pilotChanged
        ? await designatable(
            c.get("db"),
            c.get("tenant").departmentCode,
            input.pilotOrganisationId,
            "/pilotOrganisationId",
          )
        : null;
      const { pilotOrganisationName: _, ...stored } = current;
      const changes = sheetChanges(stored, input);
      if (Object.keys(changes).length === 0) return c.json(current, 200);
      const now = c.get("clock").now().toISOString();
      await db.batch([
        db
          .update(actionSheets)
          .set({ ...changes, updatedAt: now })
          .where(and(eq(actionSheets.departmentCode, departmentCode), eq(actionSheets.code, code))),
        auditEventIfChanged(c.get("services"), requestActor(c), {
          departmentCode,
          action: "action_sheet.updated",
          entityType: "action_sheet",
          entityId: code,
          before: pick(stored, Object.keys(changes)),
          after: changes,
        }),
      ]);
      const pilotOrganisationName = pilotChanged ? (pilot?.name ?? null) : current.pilotOrganisationName;
      return c.json({ ...current, ...changes, pilotOrganisationName, updatedAt: now }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/departments/{code}/indicators",
      operationId: "createLocalIndicator",
      tags,
      summary: "Créer un indicateur local sur une fiche action",
      description:
        "Le code est attribué par le serveur : <département>-<fiche>-<n>, n suivant le plus grand numéro jamais utilisé sur cette fiche.",
      access: prefecture,
      ifMatch: "unversioned",
      request: { params: departmentParams, body: jsonBody(LocalIndicatorCreateSchema) },
      responses: { 201: withEtag(IndicatorSchema, "Indicateur créé") },
    }),
    async (c) => {
      const { departmentCode } = c.get("tenant");
      const input = c.req.valid("json");
      const errors: FieldError[] = [];
      if (!(await findSheet(c.get("db"), departmentCode, input.sheetCode)))
        errors.push({
          in: "body",
          pointer: "/sheetCode",
          detail: "Cette fiche action n'existe pas dans ce département.",
        });
      errors.push(...checkDerived(c.get("services").derived, input.derivedKey, input.unit));
      if (errors.length) throw invalid(errors);
      const indicator = await createIndicator(
        c.get("services"),
        requestActor(c),
        { departmentCode },
        localPrefix(departmentCode, input.sheetCode),
        {
          measureNumber: null,
          sheetCode: input.sheetCode,
          label: input.label,
          unit: input.unit,
          periodicity: input.periodicity,
          target: input.target ?? null,
          derivedKey: input.derivedKey ?? null,
        },
      );
      return respond(c, indicator, 201);
    },
  )
  .openapi(
    defineRoute({
      method: "patch",
      path: "/departments/{code}/indicators/{indicator}",
      operationId: "updateLocalIndicator",
      tags,
      summary:
        "Modifier un indicateur local (libellé, cible, périodicité ; unité tant qu'il n'a aucune valeur)",
      access: prefecture,
      ifMatch: "optional",
      request: { params: deptIndicatorParams, body: jsonBody(IndicatorUpdateSchema) },
      responses: {
        200: withEtag(IndicatorSchema, "Indicateur modifié"),
        404: problemContent("Indicateur inconnu dans ce département"),
        409: problemContent("Indicateur retiré, ou unité figée par des valeurs saisies"),
      },
    }),
    async (c) => {
      const current = await ownIndicator(
        c.get("db"),
        c.get("tenant").departmentCode,
        c.req.valid("param").indicator,
      );
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
      method: "post",
      path: "/departments/{code}/indicators/{indicator}/retire",
      operationId: "retireLocalIndicator",
      tags,
      summary: "Retirer un indicateur local",
      access: prefecture,
      ifMatch: "optional",
      request: { params: deptIndicatorParams },
      responses: {
        200: withEtag(IndicatorSchema, "Indicateur retiré"),
        404: problemContent("Indicateur inconnu dans ce département"),
      },
    }),
    async (c) => {
      const current = await ownIndicator(
        c.get("db"),
        c.get("tenant").departmentCode,
        c.req.valid("param").indicator,
      );
      checkIfMatch(ifMatchOf(c), current.version, staleIndicator);
      return respond(c, await retireIndicator(c.get("services"), requestActor(c), current), 200);
    },
  )
  .openapi(
    defineRoute({
      method: "delete",
      path: "/departments/{code}/indicators/{indicator}",
      operationId: "deleteLocalIndicator",
      tags,
      summary: "Supprimer un indicateur local qui n'a jamais eu de valeur",
      access: prefecture,
      ifMatch: "optional",
      request: { params: deptIndicatorParams },
      responses: {
        204: { description: "Indicateur supprimé (son code ne sera pas réutilisé)" },
        404: problemContent("Indicateur inconnu dans ce département"),
        409: problemContent("Des valeurs existent : retirez-le plutôt"),
      },
    }),
    async (c) => {
      const current = await ownIndicator(
        c.get("db"),
        c.get("tenant").departmentCode,
        c.req.valid("param").indicator,
      );
      checkIfMatch(ifMatchOf(c), current.version, staleIndicator);
      await deleteIndicator(c.get("services"), requestActor(c), current);
      return c.body(null, 204);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/indicators/{indicator}/revisions",
      operationId: "listIndicatorRevisions",
      tags,
      summary: "Les libellés et cibles successifs d'un indicateur (national ou du département)",
      access: readers,
      request: { params: deptIndicatorParams },
      responses: {
        200: jsonContent(
          z.object({ items: z.array(IndicatorRevisionSchema) }),
          "Révisions, la plus ancienne d'abord",
        ),
        404: problemContent("Indicateur inconnu dans ce département"),
      },
    }),
    async (c) => {
      const row = await visibleIndicator(
        c.get("db"),
        c.get("tenant").departmentCode,
        c.req.valid("param").indicator,
      );
      return c.json({ items: await revisionsOf(c.get("db"), row.code) }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "put",
      path: "/departments/{code}/indicators/{indicator}/assignment",
      operationId: "setIndicatorAssignment",
      tags,
      summary:
        "Désigner l'organisation qui renseigne un indicateur dans le département (null : la préfecture, ou le pilote de la fiche)",
      access: prefecture,
      ifMatch: "unversioned",
      request: { params: deptIndicatorParams, body: jsonBody(AssignmentSchema) },
      responses: {
        200: jsonContent(
          z.object({ indicator: z.string(), organisationId: z.string().nullable() }),
          "Désignation enregistrée",
        ),
        404: problemContent("Indicateur inconnu dans ce département"),
      },
    }),
    async (c) => {
      const db = c.get("db");
      const { departmentCode } = c.get("tenant");
      const row = await visibleIndicator(
        c.get("db"),
        c.get("tenant").departmentCode,
        c.req.valid("param").indicator,
      );
      const { organisationId } = c.req.valid("json");
      await designatable(c.get("db"), c.get("tenant").departmentCode, organisationId, "/organisationId");
      const before = await findAssignment(db, departmentCode, row.code);
      if ((before?.organisationId ?? null) !== organisationId) {
        const where = and(
          eq(indicatorAssignments.departmentCode, departmentCode),
          eq(indicatorAssignments.indicatorCode, row.code),
        );
        await db.batch([
          organisationId === null
            ? db.delete(indicatorAssignments).where(where)
            : db
                .insert(indicatorAssignments)
                .values({ departmentCode, indicatorCode: row.code, organisationId })
                .onConflictDoUpdate({
                  target: [indicatorAssignments.departmentCode, indicatorAssignments.indicatorCode],
                  set: { organisationId: sql`excluded.organisation_id` },
                }),
          auditEvent(c.get("services"), requestActor(c), {
            departmentCode,
            action: "indicator.assigned",
            entityType: "indicator",
            entityId: row.code,
            before: { organisationId: before?.organisationId ?? null },
            after: { organisationId },
          }),
        ]);
      }
      return c.json({ indicator: row.code, organisationId }, 200);
    },
  );
