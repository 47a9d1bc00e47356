import {
  type AmendmentCreate,
  CONVENTION_PARTIES,
  type Convention,
  type ConventionCreate,
  type ConventionListItem,
  type ConventionParty,
  type ConventionRevision,
  type ConventionSignature,
  conventionPartyLabels,
  DEFAULT_TEMPLATE,
  type EvaluationCreate,
  type EvaluationSummary,
  REQUIRED_PLACEHOLDERS,
  renderTemplate,
  type SignInput,
  TEMPLATE_PLACEHOLDERS,
  type Template,
  type TemplateValues,
  type TemplateVersion,
  templateProblems,
} from "../../shared/conventions";
import { parisDate } from "../../shared/periods";
import { type AuditInput, actorUserId, auditEvent } from "../platform/audit";
import { checkIfMatch, conditionalWrite, type IfMatch } from "../platform/concurrency";
import type { Actor } from "../platform/context";
import { type Db, uniqueViolation } from "../platform/db";
import { AppError, forbidden, invalid, notFound } from "../platform/errors";
import { newId } from "../platform/ids";
import type { Mailer } from "../platform/mailer";
import * as rules from "./domain/circuit";
import { professionLabel } from "./domain/professions";
import {
  applicationStatus,
  applicationWithOffer,
  awaitingSince,
  type ConventionRecord,
  type ConventionRow,
  conventionStatusOf,
  departmentName,
  evaluationsOf,
  findConvention,
  insertConvention,
  insertDocument,
  insertEvaluation,
  insertRevision,
  insertSignatures,
  insertTemplates,
  latestTemplate,
  listConventions,
  memberEmails,
  organisationNames,
  revisionsOf,
  templateRows,
  updateConvention,
  usersById,
} from "./queries";

/**
 * Conventions' services: plain functions of (context, département, caller, …), no HTTP, so a
 * route, a cron or a script calls them alike. Every write goes in one batch with its audit event,
 * conditional on the version read (a second signer of the same step loses with 412, never signs
 * twice). When it becomes a party's turn to sign, that party is told by e-mail (one idempotency
 * key per convention, revision, step and recipient: a retried request never mails twice).
 */
export type Caller = rules.ConventionActor & {
  actor: Actor;
  /** The instant of the call (ISO). */
  at: string;
};

export type Ctx = {
  db: Db;
  mailer: Mailer;
  /** The app's origin (AUTH_URL), for the links in e-mails. */
  origin: string;
};

const today = (caller: Caller) => parisDate(caller.at);
const audit = (db: Db, caller: Caller, input: AuditInput) =>
  auditEvent({ db, clock: { now: () => new Date(caller.at) } }, caller.actor, input);

export const missingConvention = () => notFound("Cette convention n'existe pas.");
/** Another person acted between our read and our write (e.g. signed the same step): nothing was written. */
const concurrentChange = () =>
  new AppError(
    409,
    "concurrent_change",
    "La convention a été modifiée entre-temps (une autre personne vient d'agir) : rechargez-la.",
  );

function unwrap<T>(outcome: rules.Outcome<T>, pointerPrefix = ""): T {
  if (outcome.ok) return outcome.value;
  const r = outcome.refusal;
  if (r.kind === "forbidden") throw forbidden(r.detail);
  if (r.kind === "conflict") throw new AppError(409, r.code, r.detail);
  throw invalid([{ in: "body", pointer: `${pointerPrefix}${r.pointer}`, detail: r.detail }]);
}

// ---------------------------------------------------------------------------------------------
// Template

const DEFAULT_VERSION: TemplateVersion = {
  version: 1,
  body: DEFAULT_TEMPLATE,
  edited: false,
  createdAt: null,
  createdBy: null,
};

async function currentTemplate(db: Db, departmentCode: string): Promise<TemplateVersion> {
  const row = await latestTemplate(db, departmentCode);
  return row ? { ...row, edited: true } : DEFAULT_VERSION;
}

const templateView = (departmentCode: string, current: TemplateVersion): Template => ({
  departmentCode,
  current,
  placeholders: TEMPLATE_PLACEHOLDERS,
  required: REQUIRED_PLACEHOLDERS,
});

export async function readTemplate(db: Db, departmentCode: string) {
  return templateView(departmentCode, await currentTemplate(db, departmentCode));
}

/** Every version, newest first; the built-in default is version 1 until stored by the first edit. */
export async function templateVersions(db: Db, departmentCode: string): Promise<TemplateVersion[]> {
  const rows = await templateRows(db, departmentCode);
  return rows.length > 0 ? rows.map((r) => ({ ...r, edited: r.version > 1 })) : [DEFAULT_VERSION];
}

export async function updateTemplate(
  db: Db,
  departmentCode: string,
  caller: Caller,
  ifMatch: IfMatch,
  body: string,
) {
  const problems = templateProblems(body);
  if (problems.length > 0)
    throw invalid(problems.map((detail) => ({ in: "body" as const, pointer: "/body", detail })));
  const current = await currentTemplate(db, departmentCode);
  checkIfMatch(
    ifMatch,
    current.version,
    () => new AppError(412, "precondition_failed", "Le modèle a été modifié entre-temps : rechargez-le."),
  );
  if (current.body === body) return templateView(departmentCode, current);
  const createdBy = actorUserId(caller.actor);
  const next = { departmentCode, version: current.version + 1, body, createdAt: caller.at, createdBy };
  // The first edit also stores the default it replaces, so every version stays readable.
  const rows = current.edited
    ? [next]
    : [{ departmentCode, version: 1, body: DEFAULT_TEMPLATE, createdAt: caller.at, createdBy: null }, next];
  try {
    await db.batch([
      insertTemplates(db, rows),
      audit(db, caller, {
        departmentCode,
        action: "convention_template.updated",
        entityType: "convention_template",
        entityId: departmentCode,
        before: { version: current.version },
        after: { version: next.version, body },
      }),
    ]);
  } catch (error) {
    // Two editors of one version: the second insert hits the (département, version) key.
    if (uniqueViolation(error))
      throw new AppError(412, "precondition_failed", "Le modèle a été modifié entre-temps : rechargez-le.");
    throw error;
  }
  return templateView(departmentCode, { ...next, edited: true });
}

// ---------------------------------------------------------------------------------------------
// Reading

const frenchDate = (d: string) => `${d.slice(8, 10)}/${d.slice(5, 7)}/${d.slice(0, 4)}`;

function circuitOf(record: ConventionRecord): rules.CircuitState {
  const r = record.row;
  return {
    status: r.status,
    hostOrganisationId: r.hostOrganisationId,
    sendingOrganisationId: r.sendingOrganisationId,
    traineeUserId: r.traineeUserId,
    signed: record.signatures.map((s) => s.party),
    startsOn: r.startsOn,
    endsOn: r.endsOn,
    evaluated: record.evaluated,
  };
}

/** A convention the caller may see, or 404 (one they may not see is answered as missing). */
async function visible(db: Db, departmentCode: string, caller: Caller, id: string) {
  const record = await findConvention(db, departmentCode, id);
  if (!record || !rules.canSee(caller, record.row)) throw missingConvention();
  return record;
}

type Names = { organisations: Map<string, string>; users: Map<string, { name: string; email: string }> };

async function namesFor(db: Db, departmentCode: string, rows: ConventionRow[], extraUsers: string[] = []) {
  const [orgs, people] = await Promise.all([
    organisationNames(
      db,
      departmentCode,
      rows.flatMap((r) => [r.hostOrganisationId, r.sendingOrganisationId]),
    ),
    usersById(db, [...rows.map((r) => r.traineeUserId), ...extraUsers]),
  ]);
  return { organisations: orgs, users: people } satisfies Names;
}

const orgName = (names: Names, id: string) => names.organisations.get(id) ?? "Organisation inconnue";
const userOf = (names: Names, id: string) =>
  names.users.get(id) ?? { name: "Utilisateur inconnu", email: "" };

export function templateValues(row: ConventionRow, names: Names, department: string): TemplateValues {
  return {
    departement: department,
    structure_accueil: orgName(names, row.hostOrganisationId),
    service_accueil: row.hostService,
    structure_envoi: orgName(names, row.sendingOrganisationId),
    stagiaire: userOf(names, row.traineeUserId).name,
    profession: professionLabel(row.traineeProfession),
    lieu: row.place,
    date_debut: frenchDate(row.startsOn),
    date_fin: frenchDate(row.endsOn),
    duree: `${row.halfDays} demi-journée${row.halfDays > 1 ? "s" : ""}`,
    objectifs: row.objectives,
  };
}

const signatureOf = (s: ConventionRecord["signatures"][number]): ConventionSignature => ({
  party: s.party,
  method: s.method,
  signedAt: s.signedAt,
  signerUserId: s.signerUserId,
  signerName: s.signerName,
  signerFunction: s.signerFunction,
});

export async function viewOf(db: Db, departmentCode: string, caller: Caller, record: ConventionRecord) {
  const [names, department] = await Promise.all([
    namesFor(db, departmentCode, [record.row]),
    departmentName(db, departmentCode),
  ]);
  return conventionView(record, names, department, caller);
}

function conventionView(
  record: ConventionRecord,
  names: Names,
  department: string,
  caller: Caller,
): Convention {
  const r = record.row;
  const trainee = userOf(names, r.traineeUserId);
  const signatures = new Map(record.signatures.map((s) => [s.party, s]));
  const stepName = (party: ConventionParty) =>
    party === "sending"
      ? orgName(names, r.sendingOrganisationId)
      : party === "host"
        ? orgName(names, r.hostOrganisationId)
        : trainee.name;
  return {
    id: r.id,
    departmentCode: r.departmentCode,
    applicationId: r.applicationId,
    offerId: r.offerId,
    status: r.status,
    revision: r.revision,
    host: {
      organisationId: r.hostOrganisationId,
      name: orgName(names, r.hostOrganisationId),
      service: r.hostService,
    },
    sending: { organisationId: r.sendingOrganisationId, name: orgName(names, r.sendingOrganisationId) },
    trainee: {
      userId: r.traineeUserId,
      name: trainee.name,
      email: trainee.email,
      profession: r.traineeProfession,
    },
    place: r.place,
    startsOn: r.startsOn,
    endsOn: r.endsOn,
    halfDays: r.halfDays,
    objectives: r.objectives,
    interruptedOn: r.interruptedOn,
    templateVersion: r.templateVersion,
    text: renderTemplate(r.templateBody, templateValues(r, names, department)),
    steps: CONVENTION_PARTIES.map((party) => {
      const s = signatures.get(party);
      return {
        party,
        name: stepName(party),
        organisationId:
          party === "sending" ? r.sendingOrganisationId : party === "host" ? r.hostOrganisationId : null,
        userId: party === "trainee" ? r.traineeUserId : null,
        state: s
          ? "signed"
          : r.status === "awaiting_signatures" && r.awaitingParty === party
            ? "current"
            : "waiting",
        signature: s ? signatureOf(s) : null,
      } as const;
    }),
    awaitingSince: r.awaitingSince,
    signedAt: r.signedAt,
    signedOutsideDocumentId: r.signedOutsideDocumentId,
    completedAt: r.completedAt,
    cancelledAt: r.cancelledAt,
    cancelReason: r.cancelReason,
    evaluations: { trainee: record.evaluated.includes("trainee"), host: record.evaluated.includes("host") },
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    version: r.version,
    can: rules.permissions(caller, circuitOf(record), today(caller)),
  };
}

export async function readConvention(db: Db, departmentCode: string, caller: Caller, id: string) {
  return viewOf(db, departmentCode, caller, await visible(db, departmentCode, caller, id));
}

export async function listConventionsFor(
  db: Db,
  departmentCode: string,
  caller: Caller,
  status?: string,
): Promise<ConventionListItem[]> {
  const all = caller.roles.includes("prefecture") || caller.roles.includes("national");
  const rows = await listConventions(
    db,
    departmentCode,
    all ? { all: true } : { all: false, userId: caller.userId, organisationIds: caller.organisationIds },
    status,
  );
  const names = await namesFor(db, departmentCode, rows);
  return rows.map((r) => ({
    id: r.id,
    status: r.status,
    revision: r.revision,
    host: {
      organisationId: r.hostOrganisationId,
      name: orgName(names, r.hostOrganisationId),
      service: r.hostService,
    },
    sending: { organisationId: r.sendingOrganisationId, name: orgName(names, r.sendingOrganisationId) },
    trainee: {
      userId: r.traineeUserId,
      name: userOf(names, r.traineeUserId).name,
      email: userOf(names, r.traineeUserId).email,
      profession: r.traineeProfession,
    },
    startsOn: r.startsOn,
    endsOn: r.endsOn,
    awaitingSince: r.awaitingSince,
    updatedAt: r.updatedAt,
    turn: r.status === "awaiting_signatures" ? r.awaitingParty : null,
  }));
}

/** Every revision (the original, then each amendment) with its signatures, oldest first. */
export async function conventionHistory(
  db: Db,
  departmentCode: string,
  caller: Caller,
  id: string,
): Promise<ConventionRevision[]> {
  await visible(db, departmentCode, caller, id);
  const { revisions, signatures } = await revisionsOf(db, departmentCode, id);
  return revisions.map((r) => {
    const own = signatures.filter((s) => s.revision === r.revision);
    return {
      revision: r.revision,
      kind: r.kind,
      reason: r.reason,
      startsOn: r.startsOn,
      endsOn: r.endsOn,
      halfDays: r.halfDays,
      interruptedOn: r.interruptedOn,
      createdAt: r.createdAt,
      createdBy: r.createdBy,
      signatures: CONVENTION_PARTIES.flatMap((p) => own.filter((s) => s.party === p).map(signatureOf)),
      complete: own.length === CONVENTION_PARTIES.length,
    };
  });
}

// ---------------------------------------------------------------------------------------------
// Writes

/** Writes `set` over the convention with `extra` statements and an audit event; 412 if someone wrote meanwhile. */
async function commit(
  db: Db,
  caller: Caller,
  record: ConventionRecord,
  set: Partial<ConventionRow>,
  action: string,
  extra: Parameters<typeof conditionalWrite>[2] = [],
  after: unknown = set,
) {
  const r = record.row;
  await conditionalWrite(
    db,
    updateConvention(db, r.departmentCode, r.id, r.version, { ...set, updatedAt: caller.at }),
    [
      ...extra,
      audit(db, caller, {
        departmentCode: r.departmentCode,
        action: `convention.${action}`,
        entityType: "convention",
        entityId: r.id,
        before: { status: r.status, revision: r.revision, version: r.version },
        after,
      }),
    ],
    concurrentChange,
  );
}

export async function createConvention(
  ctx: Ctx,
  departmentCode: string,
  caller: Caller,
  input: ConventionCreate,
): Promise<Convention> {
  const { db } = ctx;
  const application = await applicationWithOffer(db, departmentCode, input.applicationId);
  if (!application)
    throw invalid([
      {
        in: "body",
        pointer: "/applicationId",
        detail: "Cette candidature n'existe pas dans ce département.",
      },
    ]);
  const parties = {
    hostOrganisationId: application.hostOrganisationId,
    sendingOrganisationId: application.applicantOrganisationId,
    traineeUserId: application.applicantUserId,
  };
  if (!rules.canSee(caller, parties))
    throw invalid([
      {
        in: "body",
        pointer: "/applicationId",
        detail: "Cette candidature n'existe pas dans ce département.",
      },
    ]);
  if (!rules.runs(caller, parties))
    throw forbidden(
      "Seuls les représentants de la structure d'accueil ou d'origine établissent la convention.",
    );
  if (application.status !== "accepted")
    throw new AppError(
      409,
      "application_not_accepted",
      "Une convention s'établit à partir d'une candidature acceptée par la structure d'accueil.",
    );
  const startsOn = input.startsOn ?? application.wantedStart;
  const endsOn = input.endsOn ?? application.wantedEnd;
  if (endsOn < startsOn)
    throw invalid([{ in: "body", pointer: "/endsOn", detail: "Le dernier jour précède le premier." }]);
  const template = await currentTemplate(db, departmentCode);
  const id = newId();
  const createdBy = actorUserId(caller.actor);
  const row = {
    departmentCode,
    id,
    applicationId: application.id,
    offerId: application.offerId,
    ...parties,
    hostService: application.service,
    traineeProfession: application.profession,
    place: application.communeName,
    startsOn,
    endsOn,
    halfDays: input.halfDays ?? application.halfDays,
    objectives: input.objectives ?? application.description,
    interruptedOn: null,
    templateVersion: template.version,
    templateBody: template.body,
    status: "draft" as const,
    revision: 0,
    createdAt: caller.at,
    createdBy,
    updatedAt: caller.at,
    version: 1,
  };
  try {
    await db.batch([
      insertConvention(db, row),
      insertRevision(db, {
        departmentCode,
        conventionId: id,
        revision: 0,
        kind: "original",
        reason: null,
        startsOn,
        endsOn,
        halfDays: row.halfDays,
        interruptedOn: null,
        createdAt: caller.at,
        createdBy,
      }),
      audit(db, caller, {
        departmentCode,
        action: "convention.created",
        entityType: "convention",
        entityId: id,
        after: { ...row, templateBody: undefined },
      }),
    ]);
  } catch (error) {
    if (uniqueViolation(error))
      throw new AppError(409, "convention_exists", "Une convention existe déjà pour cette candidature.");
    throw error;
  }
  return readConvention(db, departmentCode, caller, id);
}

/** Tells the party whose turn it is (its organisation's members, or the trainee) by e-mail. */
async function notifyTurn(ctx: Ctx, row: ConventionRow, party: ConventionParty, revision: number) {
  const names = await namesFor(ctx.db, row.departmentCode, [row]);
  const recipients =
    party === "trainee"
      ? [userOf(names, row.traineeUserId).email].filter(Boolean)
      : await memberEmails(
          ctx.db,
          row.departmentCode,
          party === "sending" ? row.sendingOrganisationId : row.hostOrganisationId,
          row.traineeUserId,
        );
  const link = `${ctx.origin}/departements/${row.departmentCode}/conventions/${row.id}`;
  const trainee = userOf(names, row.traineeUserId).name;
  const what = revision > 0 ? `l'avenant n° ${revision} de la convention` : "la convention";
  for (const to of recipients) {
    try {
      await ctx.mailer.send({
        to,
        idempotencyKey: `convention:${row.id}:r${revision}:${party}:${to}`,
        subject: `Stage croisé : ${what} attend votre signature`,
        text: [
          "Bonjour,",
          "",
          `${what[0]?.toUpperCase()}${what.slice(1)} de stage croisé de ${trainee} (${orgName(names, row.sendingOrganisationId)}) à ${orgName(names, row.hostOrganisationId)}, du ${frenchDate(row.startsOn)} au ${frenchDate(row.endsOn)}, attend la signature de : ${conventionPartyLabels[party].toLowerCase()}.`,
          "",
          `Pour la lire et la signer : ${link}`,
          "",
          "Maillage",
        ].join("\n"),
      });
    } catch (error) {
      // The signature stands; the mail stays in mail_log as failed, for a retry or a reminder.
      console.error("convention mail failed", row.id, party, String(error));
    }
  }
}

async function forWrite(db: Db, departmentCode: string, caller: Caller, id: string) {
  const record = await visible(db, departmentCode, caller, id);
  return { record, circuit: circuitOf(record) };
}

/** Before the circuit moves on: the trainee may have withdrawn their application meanwhile. */
async function applicationStillAccepted(db: Db, record: ConventionRecord) {
  const status = await applicationStatus(db, record.row.departmentCode, record.row.applicationId);
  if (status !== "accepted")
    throw new AppError(
      409,
      "application_withdrawn",
      "La candidature n'est plus acceptée (retirée par le ou la stagiaire) : annulez cette convention.",
    );
}

/**
 * Registered with placements (app.ts): an application whose convention is signed (or the
 * placement done) can no longer be withdrawn.
 */
export async function conventionLocksWithdrawal(db: Db, departmentCode: string, applicationId: string) {
  const status = await conventionStatusOf(db, departmentCode, applicationId);
  return status === "signed" || status === "completed"
    ? "La convention de ce stage est signée : la candidature ne peut plus être retirée. Demandez l'annulation de la convention ou un avenant d'interruption."
    : null;
}

export async function sendForSignature(ctx: Ctx, departmentCode: string, caller: Caller, id: string) {
  const { record, circuit } = await forWrite(ctx.db, departmentCode, caller, id);
  const party = unwrap(rules.send(caller, circuit));
  await applicationStillAccepted(ctx.db, record);
  const set = { status: "awaiting_signatures" as const, awaitingParty: party, awaitingSince: caller.at };
  await commit(ctx.db, caller, record, set, "sent");
  await notifyTurn(ctx, { ...record.row, ...set }, party, record.row.revision);
  return readConvention(ctx.db, departmentCode, caller, id);
}

export async function signConvention(
  ctx: Ctx,
  departmentCode: string,
  caller: Caller,
  id: string,
  input: SignInput,
) {
  const { record, circuit } = await forWrite(ctx.db, departmentCode, caller, id);
  const { party, next } = unwrap(rules.sign(caller, circuit));
  await applicationStillAccepted(ctx.db, record);
  const signer = (await usersById(ctx.db, [caller.userId])).get(caller.userId);
  const r = record.row;
  const set = next
    ? { awaitingParty: next, awaitingSince: caller.at }
    : { status: "signed" as const, awaitingParty: null, awaitingSince: null, signedAt: caller.at };
  const signature = {
    departmentCode,
    conventionId: id,
    revision: r.revision,
    party,
    method: "app" as const,
    signedAt: caller.at,
    signerUserId: caller.userId,
    signerName: signer?.name ?? null,
    signerFunction: input.signerFunction ?? null,
  };
  await commit(ctx.db, caller, record, set, "signed_by_party", [insertSignatures(ctx.db, [signature])], {
    ...set,
    signature,
  });
  if (next) await notifyTurn(ctx, { ...r, ...set }, next, r.revision);
  return readConvention(ctx.db, departmentCode, caller, id);
}

/** A convention signed on paper: the scan is stored (documents.ts) and every missing signature recorded as outside. */
export async function markSignedOutside(
  db: Db,
  departmentCode: string,
  caller: Caller,
  record: ConventionRecord,
  documentRow: Parameters<typeof insertDocument>[1],
) {
  const r = record.row;
  const missing = CONVENTION_PARTIES.filter((p) => !record.signatures.some((s) => s.party === p));
  const set = {
    status: "signed" as const,
    awaitingParty: null,
    awaitingSince: null,
    signedAt: caller.at,
    signedOutsideDocumentId: documentRow.id,
  };
  await commit(
    db,
    caller,
    record,
    set,
    "signed_outside",
    [
      insertDocument(db, documentRow),
      ...(missing.length > 0
        ? [
            insertSignatures(
              db,
              missing.map((party) => ({
                departmentCode,
                conventionId: r.id,
                revision: r.revision,
                party,
                method: "outside" as const,
                signedAt: caller.at,
                signerUserId: null,
                signerName: null,
                signerFunction: null,
              })),
            ),
          ]
        : []),
    ],
    { ...set, parties: missing },
  );
}

export async function completeConvention(db: Db, departmentCode: string, caller: Caller, id: string) {
  const { record, circuit } = await forWrite(db, departmentCode, caller, id);
  unwrap(rules.complete(caller, circuit, today(caller)));
  await commit(
    db,
    caller,
    record,
    { status: "completed", completedAt: caller.at, completedBy: caller.userId },
    "completed",
  );
  return readConvention(db, departmentCode, caller, id);
}

export async function cancelConvention(
  db: Db,
  departmentCode: string,
  caller: Caller,
  id: string,
  reason: string,
) {
  const { record, circuit } = await forWrite(db, departmentCode, caller, id);
  unwrap(rules.cancel(caller, circuit));
  await commit(
    db,
    caller,
    record,
    {
      status: "cancelled",
      cancelledAt: caller.at,
      cancelledBy: caller.userId,
      cancelReason: reason,
      awaitingParty: null,
      awaitingSince: null,
    },
    "cancelled",
  );
  return readConvention(db, departmentCode, caller, id);
}

/** An amendment: a new revision (the previous one kept with its signatures) that goes through the circuit again. */
export async function amendConvention(
  ctx: Ctx,
  departmentCode: string,
  caller: Caller,
  id: string,
  input: AmendmentCreate,
) {
  const { record, circuit } = await forWrite(ctx.db, departmentCode, caller, id);
  const dates = unwrap(rules.amend(caller, { ...circuit, halfDays: record.row.halfDays }, input));
  const revision = record.row.revision + 1;
  const set = {
    ...dates,
    revision,
    status: "awaiting_signatures" as const,
    awaitingParty: "sending" as const,
    awaitingSince: caller.at,
    signedAt: null,
  };
  await commit(
    ctx.db,
    caller,
    record,
    set,
    "amended",
    [
      insertRevision(ctx.db, {
        departmentCode,
        conventionId: id,
        revision,
        kind: "amendment",
        reason: input.reason,
        ...dates,
        createdAt: caller.at,
        createdBy: caller.userId,
      }),
    ],
    { ...set, reason: input.reason },
  );
  await notifyTurn(ctx, { ...record.row, ...set }, "sending", revision);
  return readConvention(ctx.db, departmentCode, caller, id);
}

export async function evaluateConvention(
  db: Db,
  departmentCode: string,
  caller: Caller,
  id: string,
  input: EvaluationCreate,
) {
  const { record, circuit } = await forWrite(db, departmentCode, caller, id);
  const party = unwrap(rules.evaluate(caller, circuit));
  try {
    await db.batch([
      insertEvaluation(db, {
        departmentCode,
        conventionId: id,
        party,
        ...input,
        at: caller.at,
        userId: caller.userId,
      }),
      audit(db, caller, {
        departmentCode,
        action: "convention.evaluated",
        entityType: "convention",
        entityId: record.row.id,
        after: { party, rating: input.rating },
      }),
    ]);
  } catch (error) {
    if (uniqueViolation(error))
      throw new AppError(409, "already_evaluated", "Cette évaluation est déjà enregistrée.");
    throw error;
  }
  return readConvention(db, departmentCode, caller, id);
}

/** The prefecture's anonymous summary: counts, mean rating and distribution per party, texts without authors. */
export async function evaluationSummary(db: Db, departmentCode: string): Promise<EvaluationSummary> {
  const { rows, completed } = await evaluationsOf(db, departmentCode);
  const summary = (party: "trainee" | "host") => {
    const own = rows.filter((r) => r.party === party);
    const ratings = [1, 2, 3, 4, 5].map((n) => own.filter((r) => r.rating === n).length);
    const mean = own.length ? own.reduce((s, r) => s + r.rating, 0) / own.length : null;
    return { count: own.length, averageRating: mean === null ? null : Math.round(mean * 10) / 10, ratings };
  };
  return {
    departmentCode,
    conventionsCompleted: completed,
    trainee: summary("trainee"),
    host: summary("host"),
    comments: rows
      .map((r) => ({ party: r.party, learned: r.learned, change: r.change }))
      .sort((a, b) => a.learned.localeCompare(b.learned, "fr") || a.change.localeCompare(b.change, "fr")),
  };
}

// ---------------------------------------------------------------------------------------------
// For the reminders capability

export type AwaitingSignature = {
  departmentCode: string;
  conventionId: string;
  /** Since when the current party has been asked to sign (ISO instant). */
  awaitingSince: string;
  party: ConventionParty;
  /** The organisation that signs (sending or host), or null for the trainee. */
  organisationId: string | null;
  /** The trainee, when it is their turn; else null. */
  userId: string | null;
};

/**
 * Conventions of these départements whose current signer has been asked more than `olderThanDays`
 * days before `now`, oldest first, with whose turn it is: one statement whatever the number of
 * départements. For reminders (conventions/reminders.ts).
 */
export async function conventionsAwaitingSignature(
  db: Db,
  departmentCodes: readonly string[],
  olderThanDays: number,
  now: Date,
): Promise<AwaitingSignature[]> {
  const before = new Date(now.getTime() - olderThanDays * 86_400_000).toISOString();
  const rows = await awaitingSince(db, JSON.stringify(departmentCodes), before);
  return rows.flatMap((r) =>
    r.party && r.awaitingSince
      ? [
          {
            departmentCode: r.departmentCode,
            conventionId: r.id,
            awaitingSince: r.awaitingSince,
            party: r.party,
            organisationId:
              r.party === "sending"
                ? r.sendingOrganisationId
                : r.party === "host"
                  ? r.hostOrganisationId
                  : null,
            userId: r.party === "trainee" ? r.traineeUserId : null,
          },
        ]
      : [],
  );
}

export { circuitOf, visible };
