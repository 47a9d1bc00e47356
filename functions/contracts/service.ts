import type {
  AmendmentCreate,
  Contract,
  ContractCreate,
  ContractListItem,
  ContractStatus,
  ContractUpdate,
  ContractVersion,
  Coverage,
  Signature,
} from "../../shared/contracts";
import { parisDate } from "../../shared/periods";
import { type AuditInput, actorUserId, auditEvent } from "../platform/audit";
import { checkIfMatch, conditionalWrite, type IfMatch } from "../platform/concurrency";
import type { Actor } from "../platform/context";
import type { Db } from "../platform/db";
import { AppError, forbidden, invalid, notFound } from "../platform/errors";
import { newId } from "../platform/ids";
import { type ContractActor, canCreateFor, canSee, carries, permissions } from "./domain/access";
import { componentCatalogue, componentKeyFor } from "./domain/components";
import {
  addSignatory as addSignatoryRule,
  amendContract as amendRule,
  type ContractState,
  changedFields,
  createContract as createRule,
  type Outcome,
  removeSignatory as removeSignatoryRule,
  recordSignature as signRule,
  terminateContract as terminateRule,
  updateContract as updateRule,
} from "./domain/contract";
import { coverageOn } from "./domain/coverage";
import { statusOn } from "./domain/status";
import {
  amendmentCount,
  type ContractRecord,
  carrierCommunes,
  commentsOf,
  communesByCode,
  coverageRows,
  customComponents,
  departmentPopulation,
  findContract,
  insertComment,
  insertComponentDefinition,
  insertContract,
  insertVersion,
  listContracts,
  organisationsById,
  referenceFor,
  updateContractRow,
  versionsOf,
  writeChildren,
} from "./queries";

/**
 * Contracts' services: plain functions of (db, département, caller, …), no HTTP context, so a
 * route, a cron or a script calls them alike. Every write goes in one batch with its version
 * snapshot and its audit event, conditional on the version read (guardedBatch).
 */
export type Caller = ContractActor & {
  /** Who the audit records (a user through a request, or a system job). */
  actor: Actor;
  /** The instant of the call (ISO): timestamps, and the French day statuses are computed on. */
  at: string;
};

const today = (caller: Caller) => parisDate(caller.at);

/** The audit insert of a change, to put in the change's batch. */
export const audit = (db: Db, caller: Caller, input: AuditInput) =>
  auditEvent({ db, clock: { now: () => new Date(caller.at) } }, caller.actor, input);

/** Who recorded a change, for the rows that keep it. */
const stamp = (caller: Caller) => ({ userId: actorUserId(caller.actor), at: caller.at });

export const missingContract = () => notFound("Ce contrat n'existe pas.");
const stale = () =>
  new AppError(
    412,
    "precondition_failed",
    "Ce contrat a été modifié entre-temps : rechargez-le avant d'enregistrer vos changements.",
  );

function unwrap<T>(outcome: Outcome<T>, pointerPrefix = ""): T {
  if (outcome.ok) return outcome.value;
  const r = outcome.refusal;
  if (r.kind === "conflict") throw new AppError(409, r.code, r.detail);
  throw invalid(
    r.errors.map((e) => ({ in: "body" as const, pointer: `${pointerPrefix}${e.pointer}`, detail: e.detail })),
  );
}

/** A contract the caller may see, or 404 (a contract they may not see is answered as missing). */
export async function visible(
  db: Db,
  departmentCode: string,
  caller: Caller,
  id: string,
): Promise<ContractRecord> {
  const record = await findContract(db, departmentCode, id);
  if (!record || !canSee(caller, record.contract)) throw missingContract();
  return record;
}

type VersionKind = ContractVersion["kind"];

/** Writes `next` over `record` with its snapshot and audit event; 412 if someone wrote meanwhile. */
async function commit(
  db: Db,
  departmentCode: string,
  caller: Caller,
  record: ContractRecord,
  next: ContractState,
  kind: VersionKind,
  amendment?: { number: number; signedOn: string; summary: string },
) {
  const version = record.version + 1;
  await conditionalWrite(
    db,
    updateContractRow(db, departmentCode, record.id, record.version, next, caller.at),
    [
      ...writeChildren(db, departmentCode, record.id, record.contract, next, stamp(caller)),
      insertVersion(db, {
        departmentCode,
        contractId: record.id,
        version,
        kind,
        at: caller.at,
        actorUserId: actorUserId(caller.actor),
        amendmentNumber: amendment?.number ?? null,
        amendmentSignedOn: amendment?.signedOn ?? null,
        amendmentSummary: amendment?.summary ?? null,
        snapshot: next,
      }),
      audit(db, caller, {
        departmentCode,
        action: `contract.${kind}`,
        entityType: "contract",
        entityId: record.id,
        before: record.contract,
        after: amendment ? { ...next, amendment } : next,
      }),
    ],
    stale,
  );
  return { ...record, version, updatedAt: caller.at, contract: next };
}

/** The contract as the caller sees it: names, populations, components of the catalogue, status today. */
export async function viewOf(
  db: Db,
  departmentCode: string,
  caller: Caller,
  record: ContractRecord,
): Promise<Contract> {
  const c = record.contract;
  const [orgs, communeInfo, custom, amendments] = await Promise.all([
    organisationsById(db, departmentCode, [
      c.carrierOrganisationId,
      ...c.signatories.map((s) => s.organisationId),
    ]),
    communesByCode(db, departmentCode, c.communes),
    customComponents(db, departmentCode),
    amendmentCount(db, departmentCode, record.id),
  ]);
  const org = (id: string) => orgs.get(id) ?? { id, name: "Organisation inconnue", kind: "other" as const };
  const entries = new Map(c.components.map((e) => [e.key, e]));
  const communes = c.communes.map((code) => ({
    inseeCode: code,
    name: communeInfo.get(code)?.name ?? code,
    population: communeInfo.get(code)?.population ?? 0,
  }));
  const carrier = org(c.carrierOrganisationId);
  return {
    id: record.id,
    departmentCode,
    title: c.title,
    carrier: { id: carrier.id, name: carrier.name, kind: carrier.kind },
    council: c.council,
    coordinator: c.coordinator,
    status: statusOn(c, today(caller)),
    signedOn: c.signedOn,
    startsOn: c.startsOn,
    endsOn: c.endsOn,
    terminatedOn: c.terminatedOn,
    terminationReason: c.terminationReason,
    communes,
    population: communes.reduce((sum, x) => sum + x.population, 0),
    signatories: c.signatories.map((s) => ({
      ...s,
      organisationName: org(s.organisationId).name,
      organisationKind: org(s.organisationId).kind,
    })),
    components: componentCatalogue(custom).map((d) => ({
      ...d,
      state: entries.get(d.key)?.state ?? null,
      text: entries.get(d.key)?.text ?? "",
    })),
    amendments,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    version: record.version,
    can: permissions(caller, c),
  };
}

export async function createContract(db: Db, departmentCode: string, caller: Caller, input: ContractCreate) {
  const [carrier] = (await organisationsById(db, departmentCode, [input.carrierOrganisationId])).values();
  if (!carrier || carrier.archived)
    throw invalid([
      {
        in: "body",
        pointer: "/carrierOrganisationId",
        detail: "Cette organisation n'est pas une organisation active du département.",
      },
    ]);
  if (carrier.kind !== "commune" && carrier.kind !== "epci")
    throw invalid([
      {
        in: "body",
        pointer: "/carrierOrganisationId",
        detail: "Un contrat local est porté par une commune ou un EPCI.",
      },
    ]);
  if (!canCreateFor(caller, carrier))
    throw forbidden("Seuls les membres de la collectivité porteuse créent ses contrats.");
  const signatories = input.signatories ?? [];
  const ref = await referenceFor(db, departmentCode, {
    communes: input.communes ?? [],
    organisations: signatories.map((s) => s.organisationId),
  });
  const defaults = input.communes ? [] : await carrierCommunes(db, departmentCode, carrier.id);
  const contract = unwrap(createRule({ ...input, signatories }, ref, defaults));
  const id = newId();
  const now = caller.at;
  await db.batch([
    insertContract(db, departmentCode, id, contract, now),
    ...writeChildren(db, departmentCode, id, null, contract, stamp(caller)),
    insertVersion(db, {
      departmentCode,
      contractId: id,
      version: 1,
      kind: "created",
      at: now,
      actorUserId: actorUserId(caller.actor),
      snapshot: contract,
    }),
    audit(db, caller, {
      departmentCode,
      action: "contract.created",
      entityType: "contract",
      entityId: id,
      after: contract,
    }),
  ]);
  const record: ContractRecord = { id, departmentCode, version: 1, createdAt: now, updatedAt: now, contract };
  return viewOf(db, departmentCode, caller, record);
}

export async function readContract(db: Db, departmentCode: string, caller: Caller, id: string) {
  return viewOf(db, departmentCode, caller, await visible(db, departmentCode, caller, id));
}

/** Loads a contract the caller may see, checks the version they read (when given) and their right. */
async function forWrite(
  db: Db,
  departmentCode: string,
  caller: Caller,
  id: string,
  ifMatch: IfMatch | undefined,
  refusal: string,
) {
  const record = await visible(db, departmentCode, caller, id);
  // Only the carrier's members write; what the contract's state allows is the rules' answer (409).
  if (!carries(caller, record.contract)) throw forbidden(refusal);
  checkIfMatch(ifMatch, record.version, stale);
  return record;
}

const carrierOnly = "Seuls les membres de la collectivité porteuse modifient ce contrat.";

export async function updateContract(
  db: Db,
  departmentCode: string,
  caller: Caller,
  id: string,
  ifMatch: IfMatch,
  patch: ContractUpdate,
) {
  const record = await forWrite(db, departmentCode, caller, id, ifMatch, carrierOnly);
  const ref = await referenceFor(db, departmentCode, { communes: patch.communes ?? [], organisations: [] });
  const next = unwrap(updateRule(record.contract, patch, ref));
  if (changedFields(record.contract, next).length === 0) return viewOf(db, departmentCode, caller, record);
  return viewOf(
    db,
    departmentCode,
    caller,
    await commit(db, departmentCode, caller, record, next, "updated"),
  );
}

export async function addSignatory(
  db: Db,
  departmentCode: string,
  caller: Caller,
  id: string,
  ifMatch: IfMatch | undefined,
  input: { organisationId: string; role: string },
) {
  const record = await forWrite(db, departmentCode, caller, id, ifMatch, carrierOnly);
  const ref = await referenceFor(db, departmentCode, { communes: [], organisations: [input.organisationId] });
  const next = unwrap(addSignatoryRule(record.contract, input, ref));
  return viewOf(
    db,
    departmentCode,
    caller,
    await commit(db, departmentCode, caller, record, next, "signatory_added"),
  );
}

export async function removeSignatory(
  db: Db,
  departmentCode: string,
  caller: Caller,
  id: string,
  ifMatch: IfMatch | undefined,
  organisationId: string,
) {
  const record = await forWrite(db, departmentCode, caller, id, ifMatch, carrierOnly);
  if (!record.contract.signatories.some((s) => s.organisationId === organisationId))
    throw notFound("Cette organisation n'est pas signataire de ce contrat.");
  const next = unwrap(removeSignatoryRule(record.contract, organisationId));
  return viewOf(
    db,
    departmentCode,
    caller,
    await commit(db, departmentCode, caller, record, next, "signatory_removed"),
  );
}

/**
 * A signatory organisation's member records its signature. Signatures of different organisations
 * do not conflict: when another write slipped in between, the signature is applied again to the
 * new version (a few times at most) instead of answering 412.
 */
export async function recordSignature(
  db: Db,
  departmentCode: string,
  caller: Caller,
  id: string,
  ifMatch: IfMatch | undefined,
  organisationId: string,
  signature: Signature,
) {
  for (let attempt = 0; ; attempt++) {
    const record = await visible(db, departmentCode, caller, id);
    checkIfMatch(ifMatch, record.version, stale);
    if (!record.contract.signatories.some((s) => s.organisationId === organisationId))
      throw notFound("Cette organisation n'est pas signataire de ce contrat.");
    if (!caller.organisationIds.includes(organisationId))
      throw forbidden("Seuls les membres de l'organisation signataire enregistrent sa signature.");
    const next = unwrap(signRule(record.contract, organisationId, signature, today(caller)));
    const kind = next.state === "signed" ? "signed" : "signature";
    try {
      return await viewOf(
        db,
        departmentCode,
        caller,
        await commit(db, departmentCode, caller, record, next, kind),
      );
    } catch (error) {
      // With If-Match the client asked for that version only: its 412 stands.
      if (!(error instanceof AppError && error.status === 412) || ifMatch !== undefined || attempt >= 2)
        throw error;
    }
  }
}

export async function amendContract(
  db: Db,
  departmentCode: string,
  caller: Caller,
  id: string,
  ifMatch: IfMatch,
  amendment: AmendmentCreate,
) {
  const record = await forWrite(db, departmentCode, caller, id, ifMatch, carrierOnly);
  const ch = amendment.changes;
  const ref = await referenceFor(db, departmentCode, {
    communes: ch.communes ?? [],
    organisations: (ch.addSignatories ?? []).map((s) => s.organisationId),
  });
  const next = unwrap(amendRule(record.contract, amendment, ref, today(caller)));
  const number = (await amendmentCount(db, departmentCode, id)) + 1;
  const written = await commit(db, departmentCode, caller, record, next, "amendment", {
    number,
    signedOn: amendment.signedOn,
    summary: amendment.summary,
  });
  return viewOf(db, departmentCode, caller, written);
}

export async function terminateContract(
  db: Db,
  departmentCode: string,
  caller: Caller,
  id: string,
  ifMatch: IfMatch | undefined,
  input: { terminatedOn: string; reason: string },
) {
  const record = await visible(db, departmentCode, caller, id);
  if (!caller.roles.includes("prefecture")) throw forbidden("Seule la préfecture résilie un contrat.");
  checkIfMatch(ifMatch, record.version, stale);
  const next = unwrap(terminateRule(record.contract, input));
  return viewOf(
    db,
    departmentCode,
    caller,
    await commit(db, departmentCode, caller, record, next, "terminated"),
  );
}

/** Every version, oldest first, with who made it and which fields it changed. */
export async function contractHistory(db: Db, departmentCode: string, caller: Caller, id: string) {
  await visible(db, departmentCode, caller, id);
  const rows = await versionsOf(db, departmentCode, id);
  return rows.map((r, i): ContractVersion => {
    const snapshot = r.snapshot as ContractState;
    const previous = i > 0 ? (rows[i - 1]?.snapshot as ContractState) : null;
    return {
      version: r.version,
      kind: r.kind,
      at: r.at,
      actor: r.actorUserId
        ? { userId: r.actorUserId, name: r.actorName ?? null, email: r.actorEmail ?? "" }
        : null,
      amendment:
        r.amendmentNumber !== null
          ? {
              number: r.amendmentNumber,
              signedOn: r.amendmentSignedOn ?? "",
              summary: r.amendmentSummary ?? "",
            }
          : null,
      changed: changedFields(previous, snapshot),
      snapshot: snapshot as unknown as Record<string, unknown>,
    };
  });
}

export type ListFilter = {
  limit: number;
  after?: string | undefined;
  status?: ContractStatus | undefined;
  carrier?: string | undefined;
  commune?: string | undefined;
  endingBefore?: string | undefined;
};

/** A member sees the contracts of their organisations; the prefecture and national users all. */
const visibleTo = (caller: Caller) =>
  caller.roles.includes("prefecture") || caller.roles.includes("national") ? null : caller.organisationIds;

export async function listContractsFor(db: Db, departmentCode: string, caller: Caller, filter: ListFilter) {
  const day = today(caller);
  const rows = await listContracts(db, departmentCode, {
    ...filter,
    today: day,
    visibleTo: visibleTo(caller),
  });
  return rows.map(
    (r): ContractListItem => ({
      id: r.id,
      title: r.title,
      carrier: {
        id: r.carrierId,
        name: r.carrierName ?? "Organisation inconnue",
        kind: (r.carrierKind ?? "other") as ContractListItem["carrier"]["kind"],
      },
      council: r.council,
      status: statusOn(r, day),
      signedOn: r.signedOn,
      startsOn: r.startsOn,
      endsOn: r.endsOn,
      terminatedOn: r.terminatedOn,
      signatories: r.signatories,
      signed: r.signed,
      communes: r.communes,
      population: r.population,
      version: r.version,
    }),
  );
}

/** Coverage of the département's contracts on a day (default: today in Paris). */
export async function departmentCoverage(
  db: Db,
  departmentCode: string,
  caller: Caller,
  day?: string,
): Promise<Coverage> {
  const [rows, population] = await Promise.all([
    coverageRows(db, departmentCode),
    departmentPopulation(db, departmentCode),
  ]);
  return coverageOn(rows.contracts, rows.populationOf, population, day ?? today(caller));
}

// ---------------------------------------------------------------------------------------------
// Comments and the département's components

export async function listComments(db: Db, departmentCode: string, caller: Caller, id: string) {
  await visible(db, departmentCode, caller, id);
  return commentsOf(db, departmentCode, id);
}

export async function addComment(db: Db, departmentCode: string, caller: Caller, id: string, text: string) {
  const record = await visible(db, departmentCode, caller, id);
  if (!permissions(caller, record.contract).comment)
    throw forbidden("La préfecture et la collectivité porteuse commentent ce contrat.");
  const row = {
    departmentCode,
    id: newId(),
    contractId: id,
    text,
    at: caller.at,
    authorUserId: actorUserId(caller.actor),
    authorRole: caller.roles.includes("prefecture") ? ("prefecture" as const) : ("member" as const),
  };
  await db.batch([
    insertComment(db, row),
    audit(db, caller, {
      departmentCode,
      action: "contract.commented",
      entityType: "contract",
      entityId: id,
      after: { commentId: row.id, text },
    }),
  ]);
  return (await commentsOf(db, departmentCode, id)).find((c) => c.id === row.id);
}

export async function componentDefinitions(db: Db, departmentCode: string) {
  return componentCatalogue(await customComponents(db, departmentCode));
}

/** The prefecture adds a component every contract of its département then contains. */
export async function addComponentDefinition(
  db: Db,
  departmentCode: string,
  caller: Caller,
  input: { label: string; description: string },
) {
  const current = await componentDefinitions(db, departmentCode);
  const key = componentKeyFor(input.label, new Set(current.map((c) => c.key)));
  const row = {
    departmentCode,
    key,
    label: input.label,
    description: input.description,
    createdAt: caller.at,
  };
  await db.batch([
    insertComponentDefinition(db, row),
    audit(db, caller, {
      departmentCode,
      action: "contract_component.created",
      entityType: "contract_component",
      entityId: key,
      after: row,
    }),
  ]);
  return { key, label: row.label, description: row.description, builtIn: false };
}
