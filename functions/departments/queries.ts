import { and, asc, eq, inArray, or, type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import { compactIdentifier } from "../../shared/identifiers";
import { searchKey } from "../../shared/search";
import type { Db } from "../platform/db";
import { arrondissements, communes, departments, epcis } from "./schema";

const departmentColumns = {
  code: departments.code,
  name: departments.name,
  regionCode: departments.regionCode,
  regionName: departments.regionName,
};

/** All départements (`codes` null) or only those listed. */
export async function listDepartments(db: Db, codes: string[] | null) {
  if (codes !== null && codes.length === 0) return [];
  return db
    .select(departmentColumns)
    .from(departments)
    .where(codes === null ? undefined : inArray(departments.code, codes))
    .orderBy(asc(departments.code));
}

/** The tenancy guard's lookup (wired in app.ts): one indexed read of the primary key. */
/** One row when the département exists: a statement, batchable (the guard's, see platform/access.ts). */
export const departmentExists = (db: Db, code: string) =>
  db.select({ code: departments.code }).from(departments).where(eq(departments.code, code));

export async function getDepartment(db: Db, departmentCode: string) {
  const [department] = await db
    .select({
      ...departmentColumns,
      reportDueDays: departments.reportDueDays,
      memberEntryDays: departments.memberEntryDays,
    })
    .from(departments)
    .where(eq(departments.code, departmentCode));
  if (!department) return null;
  const arrs = await db
    .select({ code: arrondissements.code, name: arrondissements.name })
    .from(arrondissements)
    .where(eq(arrondissements.departmentCode, departmentCode))
    .orderBy(asc(arrondissements.code));
  return { ...department, arrondissements: arrs };
}

/*
 * Matching uses instr(), not LIKE: D1 refuses LIKE patterns over 50 bytes ("LIKE or GLOB pattern
 * too complex"), which a long or multibyte query reaches ("œ" × 30 is 60 bytes once spelt "oe").
 * instr() compares plain text: no wildcard to escape, no length limit. Search names hold only
 * letters, digits and single spaces (searchKey), so a space before the key marks a word start.
 */

/**
 * Rows whose name, compared through its `search_name` (see searchKey), has the typed text at the
 * start of the name or of one of its words ("omer", "saint omer" find "Saint-Omer"), or anywhere
 * with `anywhere` ("ras" finds "CU d'Arras"). Text without any letter or digit matches no name.
 */
export function nameMatches(searchName: SQLiteColumn, q: string, where: "word-start" | "anywhere"): SQL {
  const key = searchKey(q);
  if (!key) return sql`false`;
  if (where === "anywhere") return sql`instr(${searchName}, ${key}) > 0`;
  return sql`instr(' ' || ${searchName}, ${` ${key}`}) > 0`;
}

/** Sort rank: names that start with the typed text, then names with a word that does, then the rest. */
function nameRank(searchName: SQLiteColumn, q: string): SQL {
  const key = searchKey(q);
  return sql`case when instr(${searchName}, ${key}) = 1 then 0 when instr(' ' || ${searchName}, ${` ${key}`}) > 0 then 1 else 2 end`;
}

/** Codes (INSEE, SIREN) starting with the typed one, written with or without spaces ("200 033"). */
function codeStarts(column: SQLiteColumn, q: string): SQL {
  const code = compactIdentifier(q);
  return code ? sql`instr(${column}, ${code}) = 1` : sql`false`;
}

/** Communes of the département whose name (or one of its words) or INSEE code starts with `q`. */
export async function searchCommunes(db: Db, departmentCode: string, q: string | undefined, limit: number) {
  return db
    .select({ inseeCode: communes.inseeCode, siren: communes.siren, name: communes.name })
    .from(communes)
    .where(
      and(
        eq(communes.departmentCode, departmentCode),
        q
          ? or(nameMatches(communes.searchName, q, "word-start"), codeStarts(communes.inseeCode, q))
          : undefined,
      ),
    )
    .orderBy(
      ...(q ? [nameRank(communes.searchName, q)] : []),
      asc(communes.searchName),
      asc(communes.inseeCode),
    )
    .limit(limit);
}

/** EPCIs with member communes in the département; `q` matches anywhere in the name ("CA du …") or the SIREN's start. */
export async function searchEpcis(db: Db, departmentCode: string, q: string | undefined, limit: number) {
  return db
    .select({ siren: epcis.siren, name: epcis.name, type: epcis.type })
    .from(epcis)
    .where(
      and(
        eq(epcis.departmentCode, departmentCode),
        q ? or(nameMatches(epcis.searchName, q, "anywhere"), codeStarts(epcis.siren, q)) : undefined,
      ),
    )
    .orderBy(...(q ? [nameRank(epcis.searchName, q)] : []), asc(epcis.searchName), asc(epcis.siren))
    .limit(limit);
}

export async function findCommune(db: Db, departmentCode: string, inseeCode: string) {
  const [row] = await db
    .select({ inseeCode: communes.inseeCode, siren: communes.siren, name: communes.name })
    .from(communes)
    .where(and(eq(communes.departmentCode, departmentCode), eq(communes.inseeCode, inseeCode)));
  return row ?? null;
}

export async function findEpci(db: Db, departmentCode: string, siren: string) {
  const [row] = await db
    .select({ siren: epcis.siren, name: epcis.name })
    .from(epcis)
    .where(and(eq(epcis.departmentCode, departmentCode), eq(epcis.siren, siren)));
  return row ?? null;
}
