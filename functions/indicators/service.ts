import { z } from "@hono/zod-openapi";
import { and, eq, not } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import type { Context } from "hono";
import type { Catalogue, CatalogueIndicator, Indicator, IndicatorUpdate, Unit } from "../../shared/catalogue";
import { actorUserId, auditEvent } from "../platform/audit";
import { conditionalWrite, etagOf, preconditionFailed } from "../platform/concurrency";
import type { Actor, AppEnv } from "../platform/context";
import { type Db, guardedBatch, StaleWrite } from "../platform/db";
import { AppError, conflict, forbidden, invalid, notFound } from "../platform/errors";
import { jsonContent } from "../platform/openapi";
import type { Services } from "../platform/services";
import {
  activeOrganisation,
  type assignmentsOf,
  findIndicator,
  hasValues,
  nextPosition,
  type sheetsOf,
  sortAxes,
  toIndicator,
  usedCodes,
  valuesExist,
} from "./queries";
import { departmentAccess, nextCode, planUpdate } from "./rules";
import { indicatorAssignments, indicatorRevisions, indicators } from "./schema";

type Ctx = Context<AppEnv>;

export const tags = ["Catalogue d'indicateurs"];
export const IndicatorCode = z
  .string()
  .max(40)
  .openapi({ param: { name: "indicator", in: "path" }, example: "N48-1" });

export const retiredQuery = z.object({
  includeRetired: z
    .enum(["true", "false"])
    .default("false")
    .openapi({ description: "true : inclure les indicateurs retirés" }),
});
export const withEtag = (schema: z.ZodType, description: string) => ({
  ...jsonContent(schema, description),
  headers: { ETag: { schema: { type: "string" as const } } },
});

export const missingIndicator = () => notFound("Cet indicateur n'existe pas.");
export const missingSheet = () => notFound("Cette fiche action n'existe pas dans ce département.");
export const staleIndicator = () =>
  preconditionFailed(
    "Cet indicateur a été modifié entre-temps : rechargez-le avant d'enregistrer vos changements.",
  );

// ---------------------------------------------------------------------------------------------
// Indicator writes shared by the national and the département routes

type Scope = { departmentCode: string | null };

/**
 * The indicator's current label and target as a revision row, if it has none yet (indicators
 * created before revisions were kept): written before a change or a deletion, so history and
 * code numbering never lose it.
 */
function currentRevision(db: Db, current: typeof indicators.$inferSelect) {
  return db
    .insert(indicatorRevisions)
    .values({
      indicatorCode: current.code,
      version: current.version,
      label: current.label,
      target: current.target,
      changedAt: current.updatedAt,
      changedBy: null,
    })
    .onConflictDoNothing();
}

/** Creates an indicator under a code prefix; a concurrent creation of the same number retries with the next one. */
export async function createIndicator(
  s: Services,
  actor: Actor,
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
  const { db } = s;
  const userId = actorUserId(actor);
  for (let attempt = 0; attempt < 3; attempt++) {
    const code = nextCode(prefix, await usedCodes(db, prefix));
    const position = await nextPosition(db, {
      departmentCode: scope.departmentCode,
      key: scope.departmentCode === null ? (fields.measureNumber ?? 0) : (fields.sheetCode ?? ""),
    });
    const now = s.clock.now().toISOString();
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
        auditEvent(s, actor, {
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

export async function updateIndicator(
  s: Services,
  actor: Actor,
  current: typeof indicators.$inferSelect,
  input: IndicatorUpdate,
): Promise<Indicator> {
  const { db } = s;
  const plan = planUpdate(
    current,
    input,
    (input.unit !== undefined || input.periodicity !== undefined) &&
      (await hasValues(db, current.code, null)),
  );
  if (!plan.ok) throw new AppError(plan.status, plan.code, plan.detail, { errors: plan.errors });
  if (Object.keys(plan.fields).length === 0) return toIndicator(current);

  const now = s.clock.now().toISOString();
  const userId = actorUserId(actor);
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
        currentRevision(db, current),
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
      auditEvent(s, actor, {
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

export const pick = (row: Record<string, unknown>, keys: string[]) =>
  Object.fromEntries(keys.map((k) => [k, row[k]]));

export async function retireIndicator(
  s: Services,
  actor: Actor,
  current: typeof indicators.$inferSelect,
): Promise<Indicator> {
  if (current.retiredAt) return toIndicator(current);
  const { db } = s;
  const now = s.clock.now().toISOString();
  const updated = { ...current, retiredAt: now, updatedAt: now, version: current.version + 1 };
  await conditionalWrite(
    db,
    db
      .update(indicators)
      .set({ retiredAt: now, updatedAt: now, version: updated.version })
      .where(and(eq(indicators.code, current.code), eq(indicators.version, current.version))),
    [
      auditEvent(s, actor, {
        departmentCode: current.departmentCode,
        action: "indicator.retired",
        entityType: "indicator",
        entityId: current.code,
        before: { retiredAt: null, version: current.version },
        after: { retiredAt: now, version: updated.version },
      }),
    ],
    staleIndicator,
  );
  return toIndicator(updated);
}

const hasValuesConflict = () =>
  new AppError(
    409,
    "indicator_has_values",
    "Des valeurs ont déjà été saisies pour cet indicateur : il ne peut pas être supprimé, retirez-le plutôt.",
  );

/** Deletes an indicator that never had a value; its code stays used (its revisions are kept). */
export async function deleteIndicator(
  s: Services,
  actor: Actor,
  current: typeof indicators.$inferSelect,
): Promise<void> {
  const { db } = s;
  if (await hasValues(db, current.code, null)) throw hasValuesConflict();
  try {
    await guardedBatch(
      db,
      db
        .delete(indicators)
        .where(
          and(
            eq(indicators.code, current.code),
            eq(indicators.version, current.version),
            not(valuesExist(current.code, null)),
          ),
        ),
      [
        // Keeps the code used for good, even for an indicator that had no revision row.
        currentRevision(db, current),
        db.delete(indicatorAssignments).where(eq(indicatorAssignments.indicatorCode, current.code)),
        auditEvent(s, actor, {
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
    const again = await findIndicator(db, current.code);
    if (!again) throw missingIndicator();
    throw again.version === current.version ? hasValuesConflict() : staleIndicator();
  }
}

// ---------------------------------------------------------------------------------------------
// Lookups that turn "not yours" into the right answer

export async function nationalIndicator(db: Db, code: string) {
  const row = await findIndicator(db, code);
  if (!row) throw missingIndicator();
  if (row.departmentCode !== null)
    throw forbidden(
      `Cet indicateur est propre au département ${row.departmentCode} : seule sa préfecture le gère.`,
    );
  return row;
}

/** An indicator seen from a département: its own or a national one; another département's does not exist. */
export async function visibleIndicator(db: Db, departmentCode: string, code: string) {
  const row = await findIndicator(db, code);
  if (departmentAccess(row, departmentCode) === "missing" || !row) throw missingIndicator();
  return row;
}

/** A local indicator of this département, for the prefecture to manage. */
export async function ownIndicator(db: Db, departmentCode: string, code: string) {
  const row = await visibleIndicator(db, departmentCode, code);
  if (row.departmentCode === null)
    throw forbidden("Cet indicateur est national : seul le niveau national peut le modifier.");
  return row;
}

/** An organisation the prefecture may designate: of this département, not archived; else a 422 at `pointer`. */
export async function designatable(
  db: Db,
  departmentCode: string,
  id: string | null | undefined,
  pointer: string,
) {
  if (!id) return null;
  const org = await activeOrganisation(db, departmentCode, id);
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

export function respond<S extends 200 | 201>(c: Ctx, indicator: Indicator, status: S) {
  c.header("ETag", etagOf(indicator.version));
  return c.json(indicator, status);
}

// ---------------------------------------------------------------------------------------------
// A département's catalogue

export function buildCatalogue(
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
