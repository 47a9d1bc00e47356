import { and, asc, eq, inArray, or, sql } from "drizzle-orm";
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

/** Escapes LIKE wildcards in user input (used with ESCAPE '\'). */
export const likeEscape = (q: string) => q.replace(/[\\%_]/g, (ch) => `\\${ch}`);

/** Communes of the département whose name starts with `q` or whose INSEE code starts with `q`. */
export async function searchCommunes(db: Db, departmentCode: string, q: string | undefined, limit: number) {
  const prefix = q ? `${likeEscape(q)}%` : undefined;
  return db
    .select({ inseeCode: communes.inseeCode, siren: communes.siren, name: communes.name })
    .from(communes)
    .where(
      and(
        eq(communes.departmentCode, departmentCode),
        prefix
          ? or(
              sql`${communes.name} like ${prefix} escape '\\'`,
              sql`${communes.inseeCode} like ${prefix} escape '\\'`,
            )
          : undefined,
      ),
    )
    .orderBy(asc(communes.name), asc(communes.inseeCode))
    .limit(limit);
}

/** EPCIs with member communes in the département; `q` matches anywhere in the name ("CA du …") or the SIREN's start. */
export async function searchEpcis(db: Db, departmentCode: string, q: string | undefined, limit: number) {
  const escaped = q ? likeEscape(q) : undefined;
  return db
    .select({ siren: epcis.siren, name: epcis.name, type: epcis.type })
    .from(epcis)
    .where(
      and(
        eq(epcis.departmentCode, departmentCode),
        escaped
          ? or(
              sql`${epcis.name} like ${`%${escaped}%`} escape '\\'`,
              sql`${epcis.siren} like ${`${escaped}%`} escape '\\'`,
            )
          : undefined,
      ),
    )
    .orderBy(asc(epcis.name), asc(epcis.siren))
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
