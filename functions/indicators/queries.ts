import { and, asc, eq, isNull, max, sql } from "drizzle-orm";
import type { Indicator } from "../../shared/catalogue";
import { organisations } from "../organisations/schema";
import type { Db } from "../platform/db";
import { likePrefix } from "./rules";
import { actionSheets, axes, indicatorAssignments, indicatorRevisions, indicators, measures } from "./schema";
import { valuesExist } from "./value-stores";

export { valuesExist };

/**
 * Reads and writes of the catalogue. National indicators have no département; every read of
 * local data takes the département code first and filters by it.
 */

type IndicatorRow = typeof indicators.$inferSelect;

export const toIndicator = (row: IndicatorRow): Indicator => ({
  code: row.code,
  scope: row.departmentCode === null ? "national" : "local",
  departmentCode: row.departmentCode,
  measureNumber: row.measureNumber,
  sheetCode: row.sheetCode,
  label: row.label,
  unit: row.unit,
  periodicity: row.periodicity,
  derivedKey: row.derivedKey,
  derived: row.derivedKey !== null,
  target: row.target,
  position: row.position,
  retiredAt: row.retiredAt,
  createdAt: row.createdAt,
  updatedAt: row.updatedAt,
  version: row.version,
});

export function listMeasures(db: Db) {
  return db.select().from(measures).orderBy(asc(measures.number));
}

export async function measureExists(db: Db, number: number) {
  const [row] = await db.select({ n: measures.number }).from(measures).where(eq(measures.number, number));
  return row !== undefined;
}

export async function listNationalIndicators(db: Db, includeRetired: boolean) {
  const rows = await db
    .select()
    .from(indicators)
    .where(and(isNull(indicators.departmentCode), includeRetired ? undefined : isNull(indicators.retiredAt)))
    .orderBy(asc(indicators.measureNumber), asc(indicators.position), asc(indicators.code));
  return rows.map(toIndicator);
}

/** One indicator by code, national or of any département: callers decide what the caller may see. */
export async function findIndicator(db: Db, code: string) {
  const [row] = await db.select().from(indicators).where(eq(indicators.code, code));
  return row ?? null;
}

/** Every code ever used under a prefix: live and retired indicators, and deleted ones (kept in revisions). */
export async function usedCodes(db: Db, prefix: string): Promise<string[]> {
  const pattern = likePrefix(prefix);
  const [live, past] = await Promise.all([
    db
      .select({ code: indicators.code })
      .from(indicators)
      .where(sql`${indicators.code} like ${pattern} escape '\\'`),
    db
      .selectDistinct({ code: indicatorRevisions.indicatorCode })
      .from(indicatorRevisions)
      .where(sql`${indicatorRevisions.indicatorCode} like ${pattern} escape '\\'`),
  ]);
  return [...live, ...past].map((r) => r.code);
}

/** Whether any value of this indicator was ever stored, in one département or (null) in any. */
export async function hasValues(db: Db, code: string, departmentCode: string | null): Promise<boolean> {
  const [row] = await db.all<{ used: number }>(sql`select ${valuesExist(code, departmentCode)} as used`);
  return Boolean(row?.used);
}

export async function nextPosition(db: Db, where: { departmentCode: string | null; key: string | number }) {
  const [row] = await db
    .select({ max: max(indicators.position) })
    .from(indicators)
    .where(
      where.departmentCode === null
        ? and(isNull(indicators.departmentCode), eq(indicators.measureNumber, Number(where.key)))
        : and(
            eq(indicators.departmentCode, where.departmentCode),
            eq(indicators.sheetCode, String(where.key)),
          ),
    );
  return (row?.max ?? 0) + 1;
}

export function revisionsOf(db: Db, code: string) {
  return db
    .select({
      version: indicatorRevisions.version,
      label: indicatorRevisions.label,
      target: indicatorRevisions.target,
      changedAt: indicatorRevisions.changedAt,
      changedBy: sql<
        string | null
      >`(select email from users where users.id = ${indicatorRevisions.changedBy})`,
    })
    .from(indicatorRevisions)
    .where(eq(indicatorRevisions.indicatorCode, code))
    .orderBy(asc(indicatorRevisions.version));
}

// ---------------------------------------------------------------------------------------------
// Département catalogue

export function axesOf(db: Db, departmentCode: string) {
  return db
    .select({ code: axes.code, title: axes.title })
    .from(axes)
    .where(eq(axes.departmentCode, departmentCode))
    .orderBy(asc(axes.code));
}

export async function findAxis(db: Db, departmentCode: string, code: string) {
  const [row] = await db
    .select({ code: axes.code, title: axes.title })
    .from(axes)
    .where(and(eq(axes.departmentCode, departmentCode), eq(axes.code, code)));
  return row ?? null;
}

const sheetColumns = {
  departmentCode: actionSheets.departmentCode,
  code: actionSheets.code,
  axisCode: actionSheets.axisCode,
  title: actionSheets.title,
  pilotOrganisationId: actionSheets.pilotOrganisationId,
  pilotOrganisationName: organisations.name,
  pilot: actionSheets.pilot,
  partners: actionSheets.partners,
  territory: actionSheets.territory,
  frequency: actionSheets.frequency,
  means: actionSheets.means,
  createdAt: actionSheets.createdAt,
  updatedAt: actionSheets.updatedAt,
};

const sheetsQuery = (db: Db, departmentCode: string) =>
  db
    .select(sheetColumns)
    .from(actionSheets)
    .leftJoin(
      organisations,
      and(
        eq(organisations.departmentCode, departmentCode),
        eq(organisations.id, actionSheets.pilotOrganisationId),
      ),
    );

/** Sheet codes sort as plans number them: 1.2 before 1.10. */
const byPlanCode = (a: { code: string }, b: { code: string }) =>
  a.code.localeCompare(b.code, "fr", { numeric: true });

export async function sheetsOf(db: Db, departmentCode: string) {
  const rows = await sheetsQuery(db, departmentCode).where(eq(actionSheets.departmentCode, departmentCode));
  return rows.sort(byPlanCode);
}

export async function findSheet(db: Db, departmentCode: string, code: string) {
  const [row] = await sheetsQuery(db, departmentCode).where(
    and(eq(actionSheets.departmentCode, departmentCode), eq(actionSheets.code, code)),
  );
  return row ?? null;
}

export function sortAxes<T extends { code: string }>(rows: T[]): T[] {
  return rows.sort(byPlanCode);
}

export async function localIndicatorsOf(db: Db, departmentCode: string, includeRetired: boolean) {
  const rows = await db
    .select()
    .from(indicators)
    .where(
      and(
        eq(indicators.departmentCode, departmentCode),
        includeRetired ? undefined : isNull(indicators.retiredAt),
      ),
    )
    .orderBy(asc(indicators.sheetCode), asc(indicators.position), asc(indicators.code));
  return rows.map(toIndicator);
}

/** Explicit assignments of the département, with the organisation's name. */
export function assignmentsOf(db: Db, departmentCode: string) {
  return db
    .select({
      indicatorCode: indicatorAssignments.indicatorCode,
      organisationId: indicatorAssignments.organisationId,
      organisationName: organisations.name,
    })
    .from(indicatorAssignments)
    .leftJoin(
      organisations,
      and(
        eq(organisations.departmentCode, departmentCode),
        eq(organisations.id, indicatorAssignments.organisationId),
      ),
    )
    .where(eq(indicatorAssignments.departmentCode, departmentCode));
}

export async function findAssignment(db: Db, departmentCode: string, indicatorCode: string) {
  const [row] = await db
    .select({ organisationId: indicatorAssignments.organisationId })
    .from(indicatorAssignments)
    .where(
      and(
        eq(indicatorAssignments.departmentCode, departmentCode),
        eq(indicatorAssignments.indicatorCode, indicatorCode),
      ),
    );
  return row ?? null;
}

/** An organisation of the département that may be designated (not archived), or null. */
export async function activeOrganisation(db: Db, departmentCode: string, id: string) {
  const [row] = await db
    .select({ id: organisations.id, name: organisations.name, archivedAt: organisations.archivedAt })
    .from(organisations)
    .where(and(eq(organisations.departmentCode, departmentCode), eq(organisations.id, id)));
  return row && !row.archivedAt ? row : null;
}
