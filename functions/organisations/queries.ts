import { and, asc, eq, gt, isNotNull, isNull, or } from "drizzle-orm";
import type { Organisation, OrganisationKind } from "../../shared/organisation";
import { searchKey } from "../../shared/search";
import { nameMatches } from "../departments/queries";
import type { Db } from "../platform/db";
import type { OrganisationFields } from "./rules";
import { organisations } from "./schema";

const columns = {
  id: organisations.id,
  departmentCode: organisations.departmentCode,
  kind: organisations.kind,
  name: organisations.name,
  inseeCode: organisations.inseeCode,
  siren: organisations.siren,
  siret: organisations.siret,
  rna: organisations.rna,
  address: organisations.address,
  archivedAt: organisations.archivedAt,
  createdAt: organisations.createdAt,
  updatedAt: organisations.updatedAt,
  version: organisations.version,
};

const toOrganisation = (row: { kind: string } & Omit<Organisation, "kind">): Organisation => ({
  ...row,
  kind: row.kind as OrganisationKind,
});

export type OrganisationFilter = {
  limit: number;
  after?: { searchName: string; id: string } | undefined;
  kind?: OrganisationKind | undefined;
  q?: string | undefined;
  archived: boolean;
};

/**
 * A page of the département's organisations in alphabetical order whatever the accents and case
 * ("Écoute" before "Zèbre": by search_name, then id); fetches limit+1 rows for `toPage`. Each row
 * comes with its position, what the next page's cursor holds.
 */
export async function listOrganisations(db: Db, departmentCode: string, filter: OrganisationFilter) {
  const rows = await db
    .select({ ...columns, searchName: organisations.searchName })
    .from(organisations)
    .where(
      and(
        eq(organisations.departmentCode, departmentCode),
        filter.archived ? isNotNull(organisations.archivedAt) : isNull(organisations.archivedAt),
        filter.kind ? eq(organisations.kind, filter.kind) : undefined,
        filter.q ? nameMatches(organisations.searchName, filter.q, "anywhere") : undefined,
        filter.after
          ? or(
              gt(organisations.searchName, filter.after.searchName),
              and(
                eq(organisations.searchName, filter.after.searchName),
                gt(organisations.id, filter.after.id),
              ),
            )
          : undefined,
      ),
    )
    .orderBy(asc(organisations.searchName), asc(organisations.id))
    .limit(filter.limit + 1);
  return rows.map(({ searchName, ...row }) => ({
    organisation: toOrganisation(row),
    position: { searchName, id: row.id },
  }));
}

/** An organisation of the département, or null (also when it belongs to another département). */
export async function findOrganisation(db: Db, departmentCode: string, id: string) {
  const [row] = await db
    .select(columns)
    .from(organisations)
    .where(and(eq(organisations.departmentCode, departmentCode), eq(organisations.id, id)));
  return row ? toOrganisation(row) : null;
}

/** The organisation of the département holding an identifier (archived ones too: they keep it). */
export async function findHolder(
  db: Db,
  departmentCode: string,
  column: "siren" | "siret" | "rna",
  value: string,
) {
  const [row] = await db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(and(eq(organisations.departmentCode, departmentCode), eq(organisations[column], value)))
    .limit(1);
  return row ?? null;
}

export function insertOrganisation(db: Db, row: Organisation) {
  return db.insert(organisations).values({ ...row, searchName: searchKey(row.name) });
}

/** Writes a new state only if nobody changed the row since `expectedVersion` was read. */
export function updateOrganisation(
  db: Db,
  departmentCode: string,
  id: string,
  expectedVersion: number,
  set: Partial<OrganisationFields> & { updatedAt: string; archivedAt?: string },
) {
  return db
    .update(organisations)
    .set({
      ...set,
      ...(set.name === undefined ? {} : { searchName: searchKey(set.name) }),
      version: expectedVersion + 1,
    })
    .where(
      and(
        eq(organisations.departmentCode, departmentCode),
        eq(organisations.id, id),
        eq(organisations.version, expectedVersion),
      ),
    );
}
