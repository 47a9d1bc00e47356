import { z } from "@hono/zod-openapi";
import { and, eq, not, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Context } from "hono";
import {
  ActionSheetCreateSchema,
  ActionSheetSchema,
  ActionSheetUpdateSchema,
  AssignmentSchema,
  AxisCreateSchema,
  AxisSchema,
  AxisUpdateSchema,
  type Catalogue,
  type CatalogueIndicator,
  CatalogueSchema,
  type Indicator,
  IndicatorRevisionSchema,
  IndicatorSchema,
  type IndicatorUpdate,
  IndicatorUpdateSchema,
  LocalIndicatorCreateSchema,
  MeasureSchema,
  NationalIndicatorCreateSchema,
  type Unit,
} from "../../shared/catalogue";
import { departmentParams, problemContent } from "../departments/routes";
import { access } from "../platform/access";
import { auditEvent, auditEventIfChanged } from "../platform/audit";
import type { AppEnv } from "../platform/context";
import { guardedBatch, StaleWrite } from "../platform/db";
import { AppError, conflict, type FieldError, forbidden, invalid, notFound } from "../platform/errors";
import { createRouter, defineRoute, jsonBody, jsonContent } from "../platform/openapi";
import {
  activeOrganisation,
  assignmentsOf,
  axesOf,
  findAssignment,
  findAxis,
  findIndicator,
  findSheet,
  hasValues,
  listMeasures,
  listNationalIndicators,
  localIndicatorsOf,
  measureExists,
  nextPosition,
  revisionsOf,
  sheetsOf,
  sortAxes,
  toIndicator,
  usedCodes,
  valuesExist,
} from "./queries";
import {
  checkDerived,
  departmentAccess,
  ifMatchAllows,
  localPrefix,
  nationalPrefix,
  nextCode,
  planUpdate,
  sheetChanges,
} from "./rules";
import { actionSheets, axes, indicatorAssignments, indicatorRevisions, indicators } from "./schema";

type Ctx = Context<AppEnv>;

const tags = ["Catalogue d'indicateurs"];
const IndicatorCode = z
  .string()
  .max(40)
  .openapi({ param: { name: "indicator", in: "path" }, example: "N48-1" });
const indicatorParams = z.object({ indicator: IndicatorCode });
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
const retiredQuery = z.object({
  includeRetired: z
    .enum(["true", "false"])
    .default("false")
    .openapi({ description: "true : inclure les indicateurs retirés" }),
});
const ifMatchHeader = z.object({
  "if-match": z
    .string()
    .optional()
    .openapi({ description: "Version attendue de l'indicateur, telle que renvoyée dans l'ETag (ex. \"3\")" }),
});
const withEtag = (schema: z.ZodType, description: string) => ({
  ...jsonContent(schema, description),
  headers: { ETag: { schema: { type: "string" as const } } },
});

const etag = (version: number) => `"${version}"`;
const missingIndicator = () => notFound("Cet indicateur n'existe pas.");
const missingSheet = () => notFound("Cette fiche action n'existe pas dans ce département.");
const staleIndicator = () =>
  new AppError(
    412,
    "precondition_failed",
    "Cet indicateur a été modifié entre-temps : rechargez-le avant d'enregistrer vos changements.",
  );

// ---------------------------------------------------------------------------------------------
// Indicator writes shared by the national and the département routes

type Scope = { departmentCode: string | null };

/** Creates an indicator under a code prefix; a concurrent creation of the same number retries with the next one. */
async function createIndicator(
  c: Ctx,
  scope: Scope,
  prefix: string,
  fields: {
    measureNumber: number | null;
    sheetCode: string | null;
    label: string;
    unit: Unit;
    periodicity: "quarterly" | "annual";
    target: number | null;
    derivedKey: string | null;
  },
): Promise<Indicator> {
  const db = c.get("db");
  const userId = c.get("principal")?.userId ?? null;
  for (let attempt = 0; attempt < 3; attempt++) {
    const code = nextCode(prefix, await usedCodes(db, prefix));
    const position = await nextPosition(db, {
      departmentCode: scope.departmentCode,
      key: scope.departmentCode === null ? (fields.measureNumber ?? 0) : (fields.sheetCode ?? ""),
    });
    const now = c.get("clock").now().toISOString();
    const row = {
      code,
      departmentCode: scope.departmentCode,
      ...fields,
      position,
      retiredAt: null,
      createdAt: now,
      updatedAt: now,
      version: 1,
    };
    try {
      await guardedBatch(db, db.insert(indicators).values(row).onConflictDoNothing(), [
        db.insert(indicatorRevisions).values({
          indicatorCode: code,
          version: 1,
          label: row.label,
          target: row.target,
          changedAt: now,
          changedBy: userId,
        }),
        auditEvent(c, {
          departmentCode: scope.departmentCode,
          action: "indicator.created",
          entityType: "indicator",
          entityId: code,
          after: row,
        }),
      ]);
      return toIndicator(row);
    } catch (error) {
      if (!(error instanceof StaleWrite)) throw error;
    }
  }
  throw conflict("Un autre indicateur vient d'être créé en même temps : réessayez.");
}

async function updateIndicator(
  c: Ctx,
  current: typeof indicators.$inferSelect,
  input: IndicatorUpdate,
  ifMatch: string | undefined,
): Promise<Indicator> {
  const db = c.get("db");
  if (ifMatch !== undefined && !ifMatchAllows(ifMatch, current.version)) throw staleIndicator();
  const plan = planUpdate(
    current,
    input,
    (input.unit !== undefined || input.periodicity !== undefined) &&
      (await hasValues(db, current.code, null)),
  );
  if (!plan.ok) throw new AppError(plan.status, plan.code, plan.detail, { errors: plan.errors });
  if (Object.keys(plan.fields).length === 0) return toIndicator(current);

  const now = c.get("clock").now().toISOString();
  const userId = c.get("principal")?.userId ?? null;
  const updated = { ...current, ...plan.fields, updatedAt: now, version: current.version + 1 };
  const frozenByValues = plan.unitChanged || plan.fields.periodicity !== undefined;
  const conditional = db
    .update(indicators)
    .set({ ...plan.fields, updatedAt: now, version: updated.version })
    .where(
      and(
        eq(indicators.code, current.code),
        eq(indicators.version, current.version),
        // The unit and rhythm of typed values must not change under them, even if one is saved right now.
        frozenByValues ? not(valuesExist(current.code, null)) : undefined,
      ),
    );
  const revisions: BatchItem<"sqlite">[] = plan.revised
    ? [
        // The version being replaced, for indicators created before revisions were kept.
        db
          .insert(indicatorRevisions)
          .values({
            indicatorCode: current.code,
            version: current.version,
            label: current.label,
            target: current.target,
            changedAt: current.updatedAt,
            changedBy: null,
          })
          .onConflictDoNothing(),
        db.insert(indicatorRevisions).values({
          indicatorCode: current.code,
          version: updated.version,
          label: updated.label,
          target: updated.target,
          changedAt: now,
          changedBy: userId,
        }),
      ]
    : [];
  try {
    await guardedBatch(db, conditional, [
      ...revisions,
      auditEvent(c, {
        departmentCode: current.departmentCode,
        action: "indicator.updated",
        entityType: "indicator",
        entityId: current.code,
        before: { version: current.version, ...pick(current, Object.keys(plan.fields)) },
        after: { version: updated.version, ...plan.fields },
      }),
    ]);
  } catch (error) {
    if (!(error instanceof StaleWrite)) throw error;
    const again = await findIndicator(db, current.code);
    if (again && again.version === current.version && frozenByValues) {
      const field = plan.unitChanged ? "unit" : "periodicity";
      const detail =
        "Des valeurs viennent d'être saisies : l'unité et la périodicité ne peuvent plus changer.";
      throw new AppError(409, `${field}_locked`, detail, {
        errors: [{ in: "body", pointer: `/${field}`, detail }],
      });
    }
    throw staleIndicator();
  }
  return toIndicator(updated);
}

const pick = (row: Record<string, unknown>, keys: string[]) =>
  Object.fromEntries(keys.map((k) => [k, row[k]]));

async function retireIndicator(c: Ctx, current: typeof indicators.$inferSelect): Promise<Indicator> {
  if (current.retiredAt) return toIndicator(current);
  const db = c.get("db");
  const now = c.get("clock").now().toISOString();
  const updated = { ...current, retiredAt: now, updatedAt: now, version: current.version + 1 };
  try {
    await guardedBatch(
      db,
      db
        .update(indicators)
        .set({ retiredAt: now, updatedAt: now, version: updated.version })
        .where(and(eq(indicators.code, current.code), eq(indicators.version, current.version))),
      [
        auditEvent(c, {
          departmentCode: current.departmentCode,
          action: "indicator.retired",
          entityType: "indicator",
          entityId: current.code,
          before: { retiredAt: null, version: current.version },
          after: { retiredAt: now, version: updated.version },
        }),
      ],
    );
  } catch (error) {
    if (!(error instanceof StaleWrite)) throw error;
    throw staleIndicator();
  }
  return toIndicator(updated);
}

const hasValuesConflict = () =>
  new AppError(
    409,
    "indicator_has_values",
    "Des valeurs ont déjà été saisies pour cet indicateur : il ne peut pas être supprimé, retirez-le plutôt.",
  );

/** Deletes an indicator that never had a value; its code stays used (its revisions are kept). */
async function deleteIndicator(c: Ctx, current: typeof indicators.$inferSelect): Promise<void> {
  const db = c.get("db");
  if (await hasValues(db, current.code, null)) throw hasValuesConflict();
  try {
    await guardedBatch(
      db,
      db
        .delete(indicators)
        .where(and(eq(indicators.code, current.code), not(valuesExist(current.code, null)))),
      [
        // Keeps the code used for good, even for an indicator that had no revision row.
        db
          .insert(indicatorRevisions)
          .values({
            indicatorCode: current.code,
            version: current.version,
            label: current.label,
            target: current.target,
            changedAt: current.updatedAt,
            changedBy: null,
          })
          .onConflictDoNothing(),
        db.delete(indicatorAssignments).where(eq(indicatorAssignments.indicatorCode, current.code)),
        auditEvent(c, {
          departmentCode: current.departmentCode,
          action: "indicator.deleted",
          entityType: "indicator",
          entityId: current.code,
          before: current,
        }),
      ],
    );
  } catch (error) {
    if (!(error instanceof StaleWrite)) throw error;
    throw (await findIndicator(db, current.code)) ? hasValuesConflict() : missingIndicator();
  }
}

// ---------------------------------------------------------------------------------------------
// Lookups that turn "not yours" into the right answer

async function nationalIndicator(c: Ctx, code: string) {
  const row = await findIndicator(c.get("db"), code);
  if (!row) throw missingIndicator();
  if (row.departmentCode !== null)
    throw forbidden(
      `Cet indicateur est propre au département ${row.departmentCode} : seule sa préfecture le gère.`,
    );
  return row;
}

/** An indicator seen from a département: its own or a national one; another département's does not exist. */
async function visibleIndicator(c: Ctx, code: string) {
  const row = await findIndicator(c.get("db"), code);
  if (departmentAccess(row, c.get("tenant").departmentCode) === "missing" || !row) throw missingIndicator();
  return row;
}

/** A local indicator of this département, for the prefecture to manage. */
async function ownIndicator(c: Ctx, code: string) {
  const row = await visibleIndicator(c, code);
  if (row.departmentCode === null)
    throw forbidden("Cet indicateur est national : seul le niveau national peut le modifier.");
  return row;
}

/** An organisation the prefecture may designate: of this département, not archived; else a 422 at `pointer`. */
async function designatable(c: Ctx, id: string | null | undefined, pointer: string) {
  if (!id) return null;
  const org = await activeOrganisation(c.get("db"), c.get("tenant").departmentCode, id);
  if (!org)
    throw invalid([
      {
        in: "body",
        pointer,
        detail: "Choisissez une organisation active de ce département.",
        code: "unknown_organisation",
      },
    ]);
  return org;
}

function respond<S extends 200 | 201>(c: Ctx, indicator: Indicator, status: S) {
  c.header("ETag", etag(indicator.version));
  return c.json(indicator, status);
}

// ---------------------------------------------------------------------------------------------
// Routes

const readers = access.department("member", "prefecture", "national");
const prefecture = access.department("prefecture");

const nationalRoutes = createRouter()
  .openapi(
    defineRoute({
      method: "get",
      path: "/measures",
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
      tags,
      summary: "Créer un indicateur national",
      description:
        "Le code est attribué par le serveur : N<mesure>-<n>, n suivant le plus grand numéro jamais utilisé pour cette mesure (un code n'est jamais réutilisé).",
      access: access.national,
      request: { body: jsonBody(NationalIndicatorCreateSchema) },
      responses: { 201: withEtag(IndicatorSchema, "Indicateur créé") },
    }),
    async (c) => {
      const input = c.req.valid("json");
      const errors: FieldError[] = [];
      if (!(await measureExists(c.get("db"), input.measureNumber)))
        errors.push({ in: "body", pointer: "/measureNumber", detail: "Cette mesure n'existe pas." });
      errors.push(...checkDerived(input.derivedKey, input.unit));
      if (errors.length) throw invalid(errors);
      const indicator = await createIndicator(
        c,
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
      tags,
      summary:
        "Modifier un indicateur national (libellé, cible, périodicité ; unité tant qu'il n'a aucune valeur)",
      description:
        "Chaque changement de libellé ou de cible est conservé dans l'historique des révisions. Avec If-Match, refusé (412) si l'indicateur a changé entre-temps.",
      access: access.national,
      request: { params: indicatorParams, headers: ifMatchHeader, body: jsonBody(IndicatorUpdateSchema) },
      responses: {
        200: withEtag(IndicatorSchema, "Indicateur modifié"),
        404: problemContent("Indicateur inconnu"),
        409: problemContent("Indicateur retiré, ou unité figée par des valeurs saisies"),
        412: problemContent("L'indicateur a changé depuis la version indiquée"),
      },
    }),
    async (c) => {
      const current = await nationalIndicator(c, c.req.valid("param").indicator);
      return respond(
        c,
        await updateIndicator(c, current, c.req.valid("json"), c.req.valid("header")["if-match"]),
        200,
      );
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/indicators/{indicator}/revisions",
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
      tags,
      summary: "Retirer un indicateur national (il reste visible dans les rapports où il a des valeurs)",
      access: access.national,
      request: { params: indicatorParams },
      responses: {
        200: withEtag(IndicatorSchema, "Indicateur retiré"),
        404: problemContent("Indicateur inconnu"),
      },
    }),
    async (c) =>
      respond(c, await retireIndicator(c, await nationalIndicator(c, c.req.valid("param").indicator)), 200),
  )
  .openapi(
    defineRoute({
      method: "delete",
      path: "/indicators/{indicator}",
      tags,
      summary: "Supprimer un indicateur national qui n'a jamais eu de valeur",
      access: access.national,
      request: { params: indicatorParams },
      responses: {
        204: { description: "Indicateur supprimé (son code ne sera pas réutilisé)" },
        404: problemContent("Indicateur inconnu"),
        409: problemContent("Des valeurs existent : retirez-le plutôt"),
      },
    }),
    async (c) => {
      await deleteIndicator(c, await nationalIndicator(c, c.req.valid("param").indicator));
      return c.body(null, 204);
    },
  );

// ---------------------------------------------------------------------------------------------
// A département's catalogue

function buildCatalogue(
  departmentCode: string,
  input: {
    axes: { code: string; title: string }[];
    sheets: Awaited<ReturnType<typeof sheetsOf>>;
    local: Indicator[];
    national: Indicator[];
    assignments: Awaited<ReturnType<typeof assignmentsOf>>;
  },
): Catalogue {
  const explicit = new Map(input.assignments.map((a) => [a.indicatorCode, a]));
  const sheetByCode = new Map(input.sheets.map((s) => [s.code, s]));
  const responsible = (i: Indicator): CatalogueIndicator => {
    const a = explicit.get(i.code);
    if (a)
      return {
        ...i,
        responsibleOrganisationId: a.organisationId,
        responsibleOrganisationName: a.organisationName,
        assignment: "explicit",
      };
    const sheet = i.sheetCode ? sheetByCode.get(i.sheetCode) : undefined;
    if (sheet?.pilotOrganisationId)
      return {
        ...i,
        responsibleOrganisationId: sheet.pilotOrganisationId,
        responsibleOrganisationName: sheet.pilotOrganisationName,
        assignment: "sheet_pilot",
      };
    return {
      ...i,
      responsibleOrganisationId: null,
      responsibleOrganisationName: null,
      assignment: "prefecture",
    };
  };
  const axisList = [...input.axes];
  for (const s of input.sheets)
    if (!axisList.some((a) => a.code === s.axisCode)) axisList.push({ code: s.axisCode, title: s.axisCode });
  return {
    departmentCode,
    axes: sortAxes(axisList).map((axis) => ({
      ...axis,
      sheets: input.sheets
        .filter((s) => s.axisCode === axis.code)
        .map((s) => ({
          ...s,
          indicators: input.local.filter((i) => i.sheetCode === s.code).map(responsible),
        })),
    })),
    national: input.national.map(responsible),
  };
}

const departmentCatalogueRoutes = createRouter()
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/catalogue",
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
      tags,
      summary: "Créer un axe du plan départemental",
      access: prefecture,
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
            auditEvent(c, {
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
      tags,
      summary: "Renommer un axe",
      access: prefecture,
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
          auditEventIfChanged(c, {
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
      tags,
      summary: "Créer une fiche action",
      access: prefecture,
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
      const pilot = await designatable(c, input.pilotOrganisationId, "/pilotOrganisationId");
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
          auditEvent(c, {
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
      tags,
      summary: "Modifier une fiche action (axe, titre, pilote, partenaires…) ; le code ne change pas",
      access: prefecture,
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
        ? await designatable(c, input.pilotOrganisationId, "/pilotOrganisationId")
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
        auditEventIfChanged(c, {
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
      tags,
      summary: "Créer un indicateur local sur une fiche action",
      description:
        "Le code est attribué par le serveur : <département>-<fiche>-<n>, n suivant le plus grand numéro jamais utilisé sur cette fiche.",
      access: prefecture,
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
      errors.push(...checkDerived(input.derivedKey, input.unit));
      if (errors.length) throw invalid(errors);
      const indicator = await createIndicator(
        c,
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
      tags,
      summary:
        "Modifier un indicateur local (libellé, cible, périodicité ; unité tant qu'il n'a aucune valeur)",
      access: prefecture,
      request: { params: deptIndicatorParams, headers: ifMatchHeader, body: jsonBody(IndicatorUpdateSchema) },
      responses: {
        200: withEtag(IndicatorSchema, "Indicateur modifié"),
        404: problemContent("Indicateur inconnu dans ce département"),
        409: problemContent("Indicateur retiré, ou unité figée par des valeurs saisies"),
        412: problemContent("L'indicateur a changé depuis la version indiquée"),
      },
    }),
    async (c) => {
      const current = await ownIndicator(c, c.req.valid("param").indicator);
      return respond(
        c,
        await updateIndicator(c, current, c.req.valid("json"), c.req.valid("header")["if-match"]),
        200,
      );
    },
  )
  .openapi(
    defineRoute({
      method: "post",
      path: "/departments/{code}/indicators/{indicator}/retire",
      tags,
      summary: "Retirer un indicateur local",
      access: prefecture,
      request: { params: deptIndicatorParams },
      responses: {
        200: withEtag(IndicatorSchema, "Indicateur retiré"),
        404: problemContent("Indicateur inconnu dans ce département"),
      },
    }),
    async (c) =>
      respond(c, await retireIndicator(c, await ownIndicator(c, c.req.valid("param").indicator)), 200),
  )
  .openapi(
    defineRoute({
      method: "delete",
      path: "/departments/{code}/indicators/{indicator}",
      tags,
      summary: "Supprimer un indicateur local qui n'a jamais eu de valeur",
      access: prefecture,
      request: { params: deptIndicatorParams },
      responses: {
        204: { description: "Indicateur supprimé (son code ne sera pas réutilisé)" },
        404: problemContent("Indicateur inconnu dans ce département"),
        409: problemContent("Des valeurs existent : retirez-le plutôt"),
      },
    }),
    async (c) => {
      await deleteIndicator(c, await ownIndicator(c, c.req.valid("param").indicator));
      return c.body(null, 204);
    },
  )
  .openapi(
    defineRoute({
      method: "get",
      path: "/departments/{code}/indicators/{indicator}/revisions",
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
      const row = await visibleIndicator(c, c.req.valid("param").indicator);
      return c.json({ items: await revisionsOf(c.get("db"), row.code) }, 200);
    },
  )
  .openapi(
    defineRoute({
      method: "put",
      path: "/departments/{code}/indicators/{indicator}/assignment",
      tags,
      summary:
        "Désigner l'organisation qui renseigne un indicateur dans le département (null : la préfecture, ou le pilote de la fiche)",
      access: prefecture,
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
      const row = await visibleIndicator(c, c.req.valid("param").indicator);
      const { organisationId } = c.req.valid("json");
      await designatable(c, organisationId, "/organisationId");
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
          auditEvent(c, {
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

export const indicatorsRoutes = createRouter()
  .route("/", nationalRoutes)
  .route("/", departmentCatalogueRoutes);
