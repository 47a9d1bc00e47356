import { and, asc, desc, eq, exists, inArray, isNotNull, isNull, lt, or, type SQL, sql } from "drizzle-orm";
import type { SQLiteColumn } from "drizzle-orm/sqlite-core";
import type { ContractStatus } from "../../shared/contracts";
import type { OrganisationKind } from "../../shared/organisation";
import { users } from "../auth/schema";
import { communes, epciCommunes } from "../departments/schema";
import { organisations } from "../organisations/schema";
import { chunk, type Db, sameTenant } from "../platform/db";
import { componentCatalogue } from "./domain/components";
import type { ContractState, Reference } from "./domain/contract";
import {
  contractComments,
  contractCommunes,
  contractComponentDefinitions,
  contractComponents,
  contractDocuments,
  contractSignatories,
  contracts,
  contractVersions,
} from "./schema";

/** Tenant-scoped data access of contracts: the département code is always the first argument after db. */

export type ContractRecord = {
  id: string;
  departmentCode: string;
  version: number;
  createdAt: string;
  updatedAt: string;
  contract: ContractState;
};

/** The département's own components (the sheet's are in domain/components.ts). */
export function customComponents(db: Db, departmentCode: string) {
  return db
    .select({
      key: contractComponentDefinitions.key,
      label: contractComponentDefinitions.label,
      description: contractComponentDefinitions.description,
    })
    .from(contractComponentDefinitions)
    .where(eq(contractComponentDefinitions.departmentCode, departmentCode))
    .orderBy(asc(contractComponentDefinitions.createdAt), asc(contractComponentDefinitions.key));
}

export const insertComponentDefinition = (db: Db, row: typeof contractComponentDefinitions.$inferInsert) =>
  db.insert(contractComponentDefinitions).values(row);

async function existingCommunes(db: Db, departmentCode: string, codes: string[]) {
  const found = new Set<string>();
  for (const part of chunk([...new Set(codes)], 1, 90)) {
    const rows = await db
      .select({ code: communes.inseeCode })
      .from(communes)
      .where(and(eq(communes.departmentCode, departmentCode), inArray(communes.inseeCode, part)));
    for (const r of rows) found.add(r.code);
  }
  return found;
}

/** The active organisations of the département among `ids`, with their name and kind. */
export async function organisationsById(db: Db, departmentCode: string, ids: string[]) {
  const out = new Map<string, { id: string; name: string; kind: OrganisationKind; archived: boolean }>();
  for (const part of chunk([...new Set(ids)], 1, 90)) {
    const rows = await db
      .select({
        id: organisations.id,
        name: organisations.name,
        kind: organisations.kind,
        archivedAt: organisations.archivedAt,
      })
      .from(organisations)
      .where(and(eq(organisations.departmentCode, departmentCode), inArray(organisations.id, part)));
    for (const r of rows)
      out.set(r.id, {
        id: r.id,
        name: r.name,
        kind: r.kind as OrganisationKind,
        archived: r.archivedAt !== null,
      });
  }
  return out;
}

/** What the rules need to check an input against the département (only the codes and ids it names). */
export async function referenceFor(
  db: Db,
  departmentCode: string,
  names: { communes: string[]; organisations: string[] },
): Promise<Reference> {
  const [found, orgs, custom] = await Promise.all([
    existingCommunes(db, departmentCode, names.communes),
    organisationsById(db, departmentCode, names.organisations),
    customComponents(db, departmentCode),
  ]);
  return {
    communeExists: (code) => found.has(code),
    organisationActive: (id) => orgs.get(id)?.archived === false,
    catalogue: componentCatalogue(custom),
  };
}

/** The communes a carrier covers by default: itself for a commune, its members in the département for an EPCI. */
export async function carrierCommunes(db: Db, departmentCode: string, carrierId: string): Promise<string[]> {
  const [org] = await db
    .select({ kind: organisations.kind, inseeCode: organisations.inseeCode, siren: organisations.siren })
    .from(organisations)
    .where(and(eq(organisations.departmentCode, departmentCode), eq(organisations.id, carrierId)));
  if (!org) return [];
  if (org.kind === "commune" && org.inseeCode) return [org.inseeCode];
  if (org.kind !== "epci" || !org.siren) return [];
  const rows = await db
    .select({ code: epciCommunes.inseeCode })
    .from(epciCommunes)
    .where(and(eq(epciCommunes.departmentCode, departmentCode), eq(epciCommunes.epciSiren, org.siren)))
    .orderBy(asc(epciCommunes.inseeCode));
  return rows.map((r) => r.code);
}

/** A contract of the département with its signatories, components and communes, or null. */
export async function findContract(
  db: Db,
  departmentCode: string,
  id: string,
): Promise<ContractRecord | null> {
  const where = (dept: SQLiteColumn, contractId: SQLiteColumn) =>
    and(eq(dept, departmentCode), eq(contractId, id));
  const [rows, signatories, components, communeRows] = await db.batch([
    db.select().from(contracts).where(where(contracts.departmentCode, contracts.id)),
    db
      .select()
      .from(contractSignatories)
      .where(where(contractSignatories.departmentCode, contractSignatories.contractId))
      .orderBy(asc(contractSignatories.position)),
    db
      .select()
      .from(contractComponents)
      .where(where(contractComponents.departmentCode, contractComponents.contractId)),
    db
      .select({ code: contractCommunes.inseeCode })
      .from(contractCommunes)
      .where(where(contractCommunes.departmentCode, contractCommunes.contractId))
      .orderBy(asc(contractCommunes.inseeCode)),
  ]);
  const row = rows[0];
  if (!row) return null;
  return {
    id: row.id,
    departmentCode: row.departmentCode,
    version: row.version,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    contract: {
      title: row.title,
      carrierOrganisationId: row.carrierOrganisationId,
      council: row.council,
      coordinator: {
        name: row.coordinatorName,
        function: row.coordinatorFunction,
        email: row.coordinatorEmail,
      },
      state: row.state,
      signedOn: row.signedOn,
      startsOn: row.startsOn,
      endsOn: row.endsOn,
      terminatedOn: row.terminatedOn,
      terminationReason: row.terminationReason,
      communes: communeRows.map((r) => r.code),
      signatories: signatories.map((s) => ({
        organisationId: s.organisationId,
        role: s.role,
        signerName: s.signerName,
        signerFunction: s.signerFunction,
        signedOn: s.signedOn,
      })),
      components: components.map((c) => ({ key: c.componentKey, state: c.state, text: c.text })),
    },
  };
}

const contractColumns = (c: ContractState) => ({
  title: c.title,
  carrierOrganisationId: c.carrierOrganisationId,
  council: c.council,
  coordinatorName: c.coordinator.name,
  coordinatorFunction: c.coordinator.function,
  coordinatorEmail: c.coordinator.email,
  state: c.state,
  signedOn: c.signedOn,
  startsOn: c.startsOn,
  endsOn: c.endsOn,
  terminatedOn: c.terminatedOn,
  terminationReason: c.terminationReason,
});

export const insertContract = (db: Db, departmentCode: string, id: string, c: ContractState, now: string) =>
  db
    .insert(contracts)
    .values({ departmentCode, id, ...contractColumns(c), createdAt: now, updatedAt: now, version: 1 });

/** The contract's row, written only if nobody changed it since `expectedVersion` (guardedBatch's condition). */
export const updateContractRow = (
  db: Db,
  departmentCode: string,
  id: string,
  expectedVersion: number,
  c: ContractState,
  now: string,
) =>
  db
    .update(contracts)
    .set({ ...contractColumns(c), updatedAt: now, version: expectedVersion + 1 })
    .where(
      and(
        eq(contracts.departmentCode, departmentCode),
        eq(contracts.id, id),
        eq(contracts.version, expectedVersion),
      ),
    );

/**
 * Statements that make the child rows (signatories, components, communes) equal to `next`. A
 * signature that changed is stamped with who recorded it and when; unchanged ones keep their stamp.
 */
export function writeChildren(
  db: Db,
  departmentCode: string,
  contractId: string,
  previous: ContractState | null,
  next: ContractState,
  who: { userId: string | null; at: string },
) {
  const key = { departmentCode, contractId };
  const before = new Map(previous?.signatories.map((s) => [s.organisationId, s]));
  const ofContract = <
    T extends typeof contractSignatories | typeof contractComponents | typeof contractCommunes,
  >(
    t: T,
  ) => and(eq(t.departmentCode, departmentCode), eq(t.contractId, contractId));
  const kept = next.signatories.map((s) => s.organisationId);
  return [
    db
      .delete(contractSignatories)
      .where(
        and(
          ofContract(contractSignatories),
          kept.length > 0 ? sql`${contractSignatories.organisationId} not in ${kept}` : undefined,
        ),
      ),
    ...next.signatories.map((s, position) => {
      const old = before.get(s.organisationId);
      const changed =
        old?.signedOn !== s.signedOn ||
        old?.signerName !== s.signerName ||
        old?.signerFunction !== s.signerFunction;
      const stamp = changed
        ? { recordedBy: s.signedOn ? who.userId : null, recordedAt: s.signedOn ? who.at : null }
        : {};
      return db
        .insert(contractSignatories)
        .values({ ...key, ...s, position, recordedBy: null, recordedAt: null, ...stamp })
        .onConflictDoUpdate({
          target: [
            contractSignatories.departmentCode,
            contractSignatories.contractId,
            contractSignatories.organisationId,
          ],
          set: {
            role: s.role,
            position,
            signerName: s.signerName,
            signerFunction: s.signerFunction,
            signedOn: s.signedOn,
            ...stamp,
          },
        });
    }),
    db.delete(contractComponents).where(ofContract(contractComponents)),
    db.delete(contractCommunes).where(ofContract(contractCommunes)),
    ...chunk(next.components, 5).map((rows) =>
      db
        .insert(contractComponents)
        .values(rows.map((c) => ({ ...key, componentKey: c.key, state: c.state, text: c.text }))),
    ),
    ...chunk(next.communes, 3).map((rows) =>
      db.insert(contractCommunes).values(rows.map((inseeCode) => ({ ...key, inseeCode }))),
    ),
  ];
}

export const insertVersion = (db: Db, row: typeof contractVersions.$inferInsert) =>
  db.insert(contractVersions).values(row);

/** The number of amendments so far (the next one is numbered after it). */
export async function amendmentCount(db: Db, departmentCode: string, contractId: string) {
  const [row] = await db
    .select({ n: sql<number>`count(*)` })
    .from(contractVersions)
    .where(
      and(
        eq(contractVersions.departmentCode, departmentCode),
        eq(contractVersions.contractId, contractId),
        eq(contractVersions.kind, "amendment"),
      ),
    );
  return row?.n ?? 0;
}

/** Every version of a contract, oldest first, with who made it. */
export function versionsOf(db: Db, departmentCode: string, contractId: string) {
  return db
    .select({
      version: contractVersions.version,
      kind: contractVersions.kind,
      at: contractVersions.at,
      actorUserId: contractVersions.actorUserId,
      actorName: users.name,
      actorEmail: users.email,
      amendmentNumber: contractVersions.amendmentNumber,
      amendmentSignedOn: contractVersions.amendmentSignedOn,
      amendmentSummary: contractVersions.amendmentSummary,
      snapshot: contractVersions.snapshot,
    })
    .from(contractVersions)
    .leftJoin(users, eq(users.id, contractVersions.actorUserId))
    .where(
      and(eq(contractVersions.departmentCode, departmentCode), eq(contractVersions.contractId, contractId)),
    )
    .orderBy(asc(contractVersions.version));
}

/** Names and populations of communes of the département. */
export async function communesByCode(db: Db, departmentCode: string, codes: string[]) {
  const out = new Map<string, { name: string; population: number }>();
  for (const part of chunk([...new Set(codes)], 1, 90)) {
    const rows = await db
      .select({ code: communes.inseeCode, name: communes.name, population: communes.population })
      .from(communes)
      .where(and(eq(communes.departmentCode, departmentCode), inArray(communes.inseeCode, part)));
    for (const r of rows) out.set(r.code, { name: r.name, population: r.population });
  }
  return out;
}

export async function departmentPopulation(db: Db, departmentCode: string) {
  const [row] = await db
    .select({ n: sql<number>`coalesce(sum(${communes.population}), 0)` })
    .from(communes)
    .where(eq(communes.departmentCode, departmentCode));
  return row?.n ?? 0;
}

// ---------------------------------------------------------------------------------------------
// Lists

/**
 * SQL for "has this status on `day`": the same definition as domain/status.ts `statusOn`, written
 * as a condition so lists filter and paginate in the database (a test compares both).
 */
export function statusCondition(status: ContractStatus, day: string): SQL {
  const t = contracts;
  const effective = or(
    eq(t.state, "signed"),
    and(eq(t.state, "terminated"), sql`${t.terminatedOn} > ${day}`),
  );
  const started = and(
    isNotNull(t.startsOn),
    sql`${t.startsOn} <= ${day}`,
    sql`coalesce(${t.signedOn}, '') <= ${day}`,
  );
  switch (status) {
    case "draft":
      return eq(t.state, "draft");
    case "terminated":
      return and(eq(t.state, "terminated"), sql`${t.terminatedOn} <= ${day}`) as SQL;
    case "signed":
      return and(effective, sql`not (${started})`) as SQL;
    case "in_force":
      return and(effective, started, or(isNull(t.endsOn), sql`${t.endsOn} >= ${day}`)) as SQL;
    case "expired":
      return and(effective, started, sql`${t.endsOn} < ${day}`) as SQL;
  }
}

export type ContractFilter = {
  limit: number;
  /** Id of the last contract of the previous page (newest first). */
  after?: string | undefined;
  status?: ContractStatus | undefined;
  carrier?: string | undefined;
  commune?: string | undefined;
  endingBefore?: string | undefined;
  today: string;
  /** A member sees only the contracts their organisations carry or sign; null: every contract. */
  visibleTo: readonly string[] | null;
};

/** A page of the département's contracts, newest first (limit+1 rows, for `toPage`). */
export async function listContracts(db: Db, departmentCode: string, f: ContractFilter) {
  const t = contracts;
  const signatoryOf = (orgIds: readonly string[]) =>
    exists(
      db
        .select({ one: sql`1` })
        .from(contractSignatories)
        .where(
          and(
            eq(contractSignatories.departmentCode, departmentCode),
            eq(contractSignatories.contractId, t.id),
            inArray(contractSignatories.organisationId, [...orgIds]),
          ),
        ),
    );
  const visible =
    f.visibleTo === null
      ? undefined
      : f.visibleTo.length === 0
        ? sql`false`
        : or(inArray(t.carrierOrganisationId, [...f.visibleTo]), signatoryOf(f.visibleTo));
  const rows = await db
    .select({
      id: t.id,
      title: t.title,
      carrierId: t.carrierOrganisationId,
      carrierName: organisations.name,
      carrierKind: organisations.kind,
      council: t.council,
      state: t.state,
      signedOn: t.signedOn,
      startsOn: t.startsOn,
      endsOn: t.endsOn,
      terminatedOn: t.terminatedOn,
      version: t.version,
      signatories: sql<number>`(select count(*) from ${contractSignatories} s where s.department_code = ${t.departmentCode} and s.contract_id = ${t.id})`,
      signed: sql<number>`(select count(*) from ${contractSignatories} s where s.department_code = ${t.departmentCode} and s.contract_id = ${t.id} and s.signed_on is not null)`,
      communes: sql<number>`(select count(*) from ${contractCommunes} cc where cc.department_code = ${t.departmentCode} and cc.contract_id = ${t.id})`,
      population: sql<number>`(select coalesce(sum(m.population), 0) from ${contractCommunes} cc join ${communes} m on m.department_code = cc.department_code and m.insee_code = cc.insee_code where cc.department_code = ${t.departmentCode} and cc.contract_id = ${t.id})`,
    })
    .from(t)
    .leftJoin(organisations, and(sameTenant(organisations, t), eq(organisations.id, t.carrierOrganisationId)))
    .where(
      and(
        eq(t.departmentCode, departmentCode),
        visible,
        f.status ? statusCondition(f.status, f.today) : undefined,
        f.carrier ? eq(t.carrierOrganisationId, f.carrier) : undefined,
        f.commune
          ? exists(
              db
                .select({ one: sql`1` })
                .from(contractCommunes)
                .where(
                  and(
                    eq(contractCommunes.departmentCode, departmentCode),
                    eq(contractCommunes.contractId, t.id),
                    eq(contractCommunes.inseeCode, f.commune),
                  ),
                ),
            )
          : undefined,
        f.endingBefore ? lt(t.endsOn, f.endingBefore) : undefined,
        f.after ? lt(t.id, f.after) : undefined,
      ),
    )
    .orderBy(desc(t.id))
    .limit(f.limit + 1);
  return rows;
}

/** Every contract of the département with what coverage needs (lifecycle, communes, signatories). */
export async function coverageRows(db: Db, departmentCode: string) {
  const [rows, communeRows, signatoryRows] = await db.batch([
    db
      .select({
        id: contracts.id,
        state: contracts.state,
        signedOn: contracts.signedOn,
        startsOn: contracts.startsOn,
        endsOn: contracts.endsOn,
        terminatedOn: contracts.terminatedOn,
        carrierOrganisationId: contracts.carrierOrganisationId,
      })
      .from(contracts)
      .where(
        and(eq(contracts.departmentCode, departmentCode), inArray(contracts.state, ["signed", "terminated"])),
      ),
    db
      .select({
        id: contractCommunes.contractId,
        code: contractCommunes.inseeCode,
        population: communes.population,
      })
      .from(contractCommunes)
      .innerJoin(
        communes,
        and(sameTenant(communes, contractCommunes), eq(communes.inseeCode, contractCommunes.inseeCode)),
      )
      .where(eq(contractCommunes.departmentCode, departmentCode)),
    db
      .select({ id: contractSignatories.contractId, organisationId: contractSignatories.organisationId })
      .from(contractSignatories)
      .where(eq(contractSignatories.departmentCode, departmentCode)),
  ]);
  const population = new Map(communeRows.map((r) => [r.code, r.population]));
  return {
    contracts: rows.map((c) => ({
      ...c,
      communes: communeRows.filter((r) => r.id === c.id).map((r) => r.code),
      signatories: signatoryRows.filter((r) => r.id === c.id),
    })),
    populationOf: (code: string) => population.get(code) ?? 0,
  };
}

// ---------------------------------------------------------------------------------------------
// Documents and comments

export function documentsOf(db: Db, departmentCode: string, contractId: string) {
  return db
    .select()
    .from(contractDocuments)
    .where(
      and(eq(contractDocuments.departmentCode, departmentCode), eq(contractDocuments.contractId, contractId)),
    )
    .orderBy(asc(contractDocuments.uploadedAt), asc(contractDocuments.id));
}

export async function findDocument(db: Db, departmentCode: string, contractId: string, id: string) {
  const [row] = await db
    .select()
    .from(contractDocuments)
    .where(
      and(
        eq(contractDocuments.departmentCode, departmentCode),
        eq(contractDocuments.contractId, contractId),
        eq(contractDocuments.id, id),
      ),
    );
  return row ?? null;
}

export const insertDocument = (db: Db, row: typeof contractDocuments.$inferInsert) =>
  db.insert(contractDocuments).values(row);

export const deleteDocument = (db: Db, departmentCode: string, id: string) =>
  db
    .delete(contractDocuments)
    .where(and(eq(contractDocuments.departmentCode, departmentCode), eq(contractDocuments.id, id)));

/** Which of these R2 keys have a document row (the others are orphans). */
export async function knownDocumentKeys(db: Db, keys: string[]) {
  const found = new Set<string>();
  for (const part of chunk(keys, 1, 90)) {
    const rows = await db
      .select({ key: contractDocuments.r2Key })
      .from(contractDocuments)
      .where(inArray(contractDocuments.r2Key, part));
    for (const r of rows) found.add(r.key);
  }
  return found;
}

export function commentsOf(db: Db, departmentCode: string, contractId: string) {
  return db
    .select({
      id: contractComments.id,
      text: contractComments.text,
      at: contractComments.at,
      authorRole: contractComments.authorRole,
      authorName: users.name,
    })
    .from(contractComments)
    .leftJoin(users, eq(users.id, contractComments.authorUserId))
    .where(
      and(eq(contractComments.departmentCode, departmentCode), eq(contractComments.contractId, contractId)),
    )
    .orderBy(asc(contractComments.at), asc(contractComments.id));
}

export const insertComment = (db: Db, row: typeof contractComments.$inferInsert) =>
  db.insert(contractComments).values(row);

/**
 * Contracts in force on `day` whose end falls within `days` days, for several départements in one
 * statement (codes travel as JSON: one bound parameter whatever their number). Reminders use it.
 */
export function contractsEndingWithin(db: Db, departmentCodesJson: string, day: string, endsBy: string) {
  return db
    .select({
      departmentCode: contracts.departmentCode,
      id: contracts.id,
      title: contracts.title,
      carrierOrganisationId: contracts.carrierOrganisationId,
      endsOn: sql<string>`${contracts.endsOn}`,
    })
    .from(contracts)
    .where(
      and(
        sql`${contracts.departmentCode} in (select value from json_each(${departmentCodesJson}))`,
        statusCondition("in_force", day),
        sql`${contracts.endsOn} <= ${endsBy}`,
      ),
    );
}
