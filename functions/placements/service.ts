import { eq, sql } from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { parisDate } from "../../shared/periods";
import type {
  Application,
  ApplicationCreate,
  ApplicationStatus,
  NationalPlacementCounts,
  Offer,
  OfferCreate,
  OfferInput,
  OfferPage,
  OfferUpdate,
} from "../../shared/placements";
import { APPLICATION_STATUSES, OFFER_STATUSES } from "../../shared/placements";
import { type AuditInput, actorUserId, auditEvent } from "../platform/audit";
import { checkIfMatch, conditionalWrite, type IfMatch } from "../platform/concurrency";
import type { Actor } from "../platform/context";
import type { Db } from "../platform/db";
import { uniqueViolation } from "../platform/db";
import { AppError, forbidden, invalid, notFound } from "../platform/errors";
import { newId } from "../platform/ids";
import { writeGuards } from "../platform/schema";
import {
  applicationDateErrors,
  applyRefusal,
  bounds,
  canDecide,
  canSee,
  canWithdraw,
  contactFor,
  isHost,
  isPrefecture,
  offerErrors,
  statusOf,
  type Viewer,
} from "./domain/offer";
import { withdrawalLock } from "./locks";
import {
  type ApplicationFilters,
  type ApplicationRecord,
  communeExists,
  findApplication,
  findOffer,
  insertApplication,
  insertOffer,
  listApplications,
  listOffers,
  moveApplication,
  namesFor,
  nationalCounts,
  type OfferContent,
  type OfferFilters,
  type OfferRecord,
  organisationActive,
  releasePlace,
  setOfferState,
  takePlace,
  updateOfferContent,
  viewerApplications,
} from "./queries";

/**
 * Placements' services: plain functions of (db, département, caller, …), no HTTP context. Every
 * write goes in one D1 batch with its audit event, conditional on what was read.
 */
export type Caller = Viewer & {
  /** Who the audit records. */
  actor: Actor;
  /** The instant of the call (ISO); the French day of it decides publication windows. */
  at: string;
};

const today = (caller: Caller) => parisDate(caller.at);
const audit = (db: Db, caller: Caller, input: AuditInput) =>
  auditEvent({ db, clock: { now: () => new Date(caller.at) } }, caller.actor, input);

export const missingOffer = () => notFound("Cette offre de stage n'existe pas.");
export const missingApplication = () => notFound("Cette candidature n'existe pas.");
const staleOffer = () =>
  new AppError(
    412,
    "precondition_failed",
    "Cette offre a été modifiée entre-temps : rechargez-la avant d'enregistrer vos changements.",
  );
const staleApplication = () =>
  new AppError(412, "precondition_failed", "Cette candidature a changé entre-temps : rechargez-la.");

// Offers

async function visibleOffer(db: Db, departmentCode: string, caller: Caller, id: string) {
  const record = await findOffer(db, departmentCode, id);
  if (!record) throw missingOffer();
  const apps = await viewerApplications(db, departmentCode, caller, [id]);
  if (!canSee(caller, record, today(caller), apps.applied.has(id))) throw missingOffer();
  return { record, apps };
}

/** An offer its host may manage: 404 if the caller cannot see it, 403 if they see it but do not host it. */
async function managedOffer(db: Db, departmentCode: string, caller: Caller, id: string) {
  const { record } = await visibleOffer(db, departmentCode, caller, id);
  if (!isHost(caller, record))
    throw forbidden("Seuls les membres de l'organisation d'accueil gèrent cette offre.");
  return record;
}

type ViewerApps = Awaited<ReturnType<typeof viewerApplications>>;
type Names = Awaited<ReturnType<typeof namesFor>>;

function toOffer(record: OfferRecord, caller: Caller, apps: ViewerApps, names: Names): Offer {
  const host = names.organisation.get(record.hostOrganisationId);
  const ownApplication = apps.own.get(record.id) ?? null;
  const otherOrganisation = caller.organisationIds.some((o) => o !== record.hostOrganisationId);
  return {
    id: record.id,
    departmentCode: record.departmentCode,
    host: {
      id: record.hostOrganisationId,
      name: host?.name ?? "Organisation inconnue",
      kind: (host?.kind ?? "other") as Offer["host"]["kind"],
    },
    service: record.service,
    title: record.title,
    description: record.description,
    professions: record.professions,
    commune: {
      inseeCode: record.communeInseeCode,
      name: names.commune.get(record.communeInseeCode) ?? record.communeInseeCode,
    },
    halfDays: record.halfDays,
    schedule: record.schedule,
    capacity: record.capacity,
    acceptedCount: record.acceptedCount,
    placesLeft: Math.max(0, record.capacity - record.acceptedCount),
    state: record.state,
    status: statusOf(record),
    publishFrom: record.publishFrom,
    publishUntil: record.publishUntil,
    contact: contactFor(record, caller, apps.accepted.has(record.id)),
    contactHidden: record.contactHidden,
    publishedAt: record.publishedAt,
    closedAt: record.closedAt,
    createdAt: record.createdAt,
    updatedAt: record.updatedAt,
    version: record.version,
    viewer: {
      canManage: isHost(caller, record),
      canApply: otherOrganisation && ownApplication === null && applyRefusal(record, today(caller)) === null,
      applicationId: ownApplication,
    },
  };
}

async function offerViews(db: Db, departmentCode: string, caller: Caller, records: OfferRecord[]) {
  const ids = records.map((r) => r.id);
  const [apps, names] = await Promise.all([
    viewerApplications(db, departmentCode, caller, ids),
    namesFor(db, departmentCode, {
      organisations: records.map((r) => r.hostOrganisationId),
      communes: records.map((r) => r.communeInseeCode),
    }),
  ]);
  return records.map((r) => toOffer(r, caller, apps, names));
}

export async function readOffer(db: Db, departmentCode: string, caller: Caller, id: string): Promise<Offer> {
  const { record } = await visibleOffer(db, departmentCode, caller, id);
  const [view] = await offerViews(db, departmentCode, caller, [record]);
  return view as Offer;
}

export async function listOfferViews(
  db: Db,
  departmentCode: string,
  caller: Caller,
  filters: OfferFilters,
  page: { limit: number; after?: { s: string; i: string } },
): Promise<Omit<OfferPage, "nextCursor"> & { more: boolean; last?: { s: string; i: string } }> {
  const found = await listOffers(db, departmentCode, caller, today(caller), filters, page);
  const shown = found.rows.slice(0, page.limit);
  const last = shown.at(-1);
  return {
    items: await offerViews(db, departmentCode, caller, shown),
    more: found.rows.length > page.limit,
    last: last ? { s: bounds(last.schedule).start, i: last.id } : undefined,
    total: found.total,
    byProfession: found.byProfession as OfferPage["byProfession"],
  };
}

/** What the département's reference says of an offer's host and commune (422 with the pointer). */
async function checkReferences(db: Db, departmentCode: string, input: OfferInput, checkHost: boolean) {
  const [hostOk, communeOk] = await Promise.all([
    checkHost ? organisationActive(db, departmentCode, input.hostOrganisationId) : true,
    communeExists(db, departmentCode, input.communeInseeCode),
  ]);
  const errors = [
    ...(hostOk
      ? []
      : [
          {
            in: "body" as const,
            pointer: "/hostOrganisationId",
            detail: "Organisation inconnue ou archivée.",
          },
        ]),
    ...(communeOk
      ? []
      : [
          {
            in: "body" as const,
            pointer: "/communeInseeCode",
            detail: "Commune inconnue dans ce département.",
          },
        ]),
  ];
  if (errors.length) throw invalid(errors);
}

const contentOf = (input: OfferInput): OfferContent => ({
  service: input.service,
  title: input.title,
  description: input.description,
  communeInseeCode: input.communeInseeCode,
  halfDays: input.halfDays,
  schedule: input.schedule,
  capacity: input.capacity,
  publishFrom: input.publishFrom,
  publishUntil: input.publishUntil,
  contact: {
    name: input.contact.name,
    function: input.contact.function,
    email: input.contact.email,
    phone: input.contact.phone,
  },
  contactHidden: [...new Set(input.contactHidden)],
  professions: [...input.professions].sort(),
});

/** The content of an offer as the audit records it (the contact included: the audit is the prefecture's). */
const auditContent = (record: OfferContent & { state?: string }) => ({ ...record });

export async function createOffer(
  db: Db,
  departmentCode: string,
  caller: Caller,
  body: OfferCreate & OfferInput,
): Promise<Offer> {
  const input = body as OfferInput;
  if (!caller.organisationIds.includes(input.hostOrganisationId))
    throw invalid([
      {
        in: "body",
        pointer: "/hostOrganisationId",
        detail: "Vous ne pouvez proposer un stage que pour votre organisation.",
      },
    ]);
  const errors = offerErrors(input);
  if (errors.length) throw invalid(errors);
  await checkReferences(db, departmentCode, input, true);
  const id = newId();
  const content = contentOf(input);
  await db.batch([
    ...insertOffer(db, departmentCode, id, input.hostOrganisationId, content, bounds, {
      userId: actorUserId(caller.actor),
      at: caller.at,
    }),
    audit(db, caller, {
      departmentCode,
      action: "placement_offer.created",
      entityType: "placement_offer",
      entityId: id,
      after: { hostOrganisationId: input.hostOrganisationId, ...auditContent(content), state: "draft" },
    }),
  ] as unknown as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  return readOffer(db, departmentCode, caller, id);
}

export async function updateOffer(
  db: Db,
  departmentCode: string,
  caller: Caller,
  id: string,
  patch: OfferUpdate,
  ifMatch: IfMatch,
): Promise<Offer> {
  const record = await managedOffer(db, departmentCode, caller, id);
  checkIfMatch(ifMatch, record.version, staleOffer);
  if (record.state === "closed")
    throw new AppError(409, "offer_closed", "Une offre clôturée ne se modifie plus : republiez-la d'abord.");
  const before = contentOf({ ...record, hostOrganisationId: record.hostOrganisationId } as OfferInput);
  const merged = { ...before, hostOrganisationId: record.hostOrganisationId, ...patch } as OfferInput;
  const errors = offerErrors(merged, record.acceptedCount);
  if (errors.length) throw invalid(errors);
  if (patch.communeInseeCode !== undefined) await checkReferences(db, departmentCode, merged, false);
  const content = contentOf(merged);
  const { conditional, rest } = updateOfferContent(
    db,
    departmentCode,
    id,
    record.version,
    content,
    bounds,
    caller.at,
  );
  try {
    await conditionalWrite(
      db,
      conditional,
      [
        ...rest,
        audit(db, caller, {
          departmentCode,
          action: "placement_offer.updated",
          entityType: "placement_offer",
          entityId: id,
          before: auditContent(before),
          after: auditContent(content),
        }),
      ],
      staleOffer,
    );
  } catch (error) {
    // An acceptance landed between the read and the write and the new capacity is below it.
    if (overfilled(error)) throw capacityBelowAccepted();
    throw error;
  }
  return readOffer(db, departmentCode, caller, id);
}

const capacityBelowAccepted = () =>
  new AppError(
    409,
    "capacity_below_accepted",
    "Des places ont été attribuées entre-temps : rechargez l'offre.",
  );

/** Publish (from draft or closed) or close (from published). */
export async function setState(
  db: Db,
  departmentCode: string,
  caller: Caller,
  id: string,
  state: "published" | "closed",
  ifMatch: IfMatch | undefined,
): Promise<Offer> {
  const record = await managedOffer(db, departmentCode, caller, id);
  checkIfMatch(ifMatch, record.version, staleOffer);
  if (record.state === state)
    throw new AppError(
      409,
      state === "published" ? "already_published" : "already_closed",
      state === "published" ? "Cette offre est déjà publiée." : "Cette offre est déjà clôturée.",
    );
  if (state === "closed" && record.state === "draft")
    throw new AppError(
      409,
      "offer_not_published",
      "Un brouillon ne se clôture pas : il n'a jamais été publié.",
    );
  await conditionalWrite(
    db,
    setOfferState(db, departmentCode, id, record.version, state, caller.at),
    [
      audit(db, caller, {
        departmentCode,
        action: state === "published" ? "placement_offer.published" : "placement_offer.closed",
        entityType: "placement_offer",
        entityId: id,
        before: { state: record.state },
        after: { state },
      }),
    ],
    staleOffer,
  );
  return readOffer(db, departmentCode, caller, id);
}

// Applications

function toApplication(
  r: ApplicationRecord,
  offer: { title: string; hostOrganisationId: string },
  caller: Caller,
  names: Names,
): Application {
  const user = names.user.get(r.applicantUserId);
  const host = isHost(caller, offer);
  return {
    id: r.id,
    departmentCode: r.departmentCode,
    offerId: r.offerId,
    offerTitle: offer.title,
    hostOrganisation: {
      id: offer.hostOrganisationId,
      name: names.organisation.get(offer.hostOrganisationId)?.name ?? "Organisation inconnue",
    },
    applicant: { userId: r.applicantUserId, name: user?.name ?? null, email: user?.email ?? "" },
    applicantOrganisation: {
      id: r.applicantOrganisationId,
      name: names.organisation.get(r.applicantOrganisationId)?.name ?? "Organisation inconnue",
    },
    profession: r.profession,
    wantedStart: r.wantedStart,
    wantedEnd: r.wantedEnd,
    motivation: r.motivation,
    status: r.status,
    decisionReason: r.decisionReason,
    decidedAt: r.decidedAt,
    withdrawnAt: r.withdrawnAt,
    createdAt: r.createdAt,
    updatedAt: r.updatedAt,
    version: r.version,
    viewer: {
      canDecide: host && canDecide(r.status),
      canWithdraw: r.applicantUserId === caller.userId && canWithdraw(r.status),
    },
  };
}

async function applicationViews(
  db: Db,
  departmentCode: string,
  caller: Caller,
  rows: { application: ApplicationRecord; offerTitle: string; hostOrganisationId: string }[],
) {
  const names = await namesFor(db, departmentCode, {
    organisations: rows.flatMap((r) => [r.hostOrganisationId, r.application.applicantOrganisationId]),
    communes: [],
    users: rows.map((r) => r.application.applicantUserId),
  });
  return rows.map((r) =>
    toApplication(
      r.application,
      { title: r.offerTitle, hostOrganisationId: r.hostOrganisationId },
      caller,
      names,
    ),
  );
}

/** Who sees an application: the host's members, the prefecture, and the applicant's organisation. */
const seesApplication = (caller: Caller, offer: OfferRecord, a: ApplicationRecord) =>
  isHost(caller, offer) || isPrefecture(caller) || caller.organisationIds.includes(a.applicantOrganisationId);

async function visibleApplication(
  db: Db,
  departmentCode: string,
  caller: Caller,
  offerId: string,
  id: string,
) {
  const { record: offer } = await visibleOffer(db, departmentCode, caller, offerId);
  const application = await findApplication(db, departmentCode, id);
  if (!application || application.offerId !== offerId || !seesApplication(caller, offer, application))
    throw missingApplication();
  return { offer, application };
}

async function applicationView(
  db: Db,
  departmentCode: string,
  caller: Caller,
  offer: OfferRecord,
  id: string,
) {
  const application = await findApplication(db, departmentCode, id);
  if (!application) throw missingApplication();
  const [view] = await applicationViews(db, departmentCode, caller, [
    { application, offerTitle: offer.title, hostOrganisationId: offer.hostOrganisationId },
  ]);
  return view as Application;
}

export async function readApplication(
  db: Db,
  departmentCode: string,
  caller: Caller,
  offerId: string,
  id: string,
): Promise<Application> {
  const { offer } = await visibleApplication(db, departmentCode, caller, offerId, id);
  return applicationView(db, departmentCode, caller, offer, id);
}

export async function applyTo(
  db: Db,
  departmentCode: string,
  caller: Caller,
  offerId: string,
  input: ApplicationCreate,
): Promise<Application> {
  const { record: offer } = await visibleOffer(db, departmentCode, caller, offerId);
  const candidates = caller.organisationIds.filter((o) => o !== offer.hostOrganisationId);
  const organisationId = input.organisationId ?? (candidates.length === 1 ? candidates[0] : undefined);
  if (!organisationId || !candidates.includes(organisationId))
    throw invalid([
      {
        in: "body",
        pointer: "/organisationId",
        detail:
          caller.organisationIds.length === 0
            ? "Seul un membre d'une organisation du département peut postuler."
            : candidates.length === 0
              ? "On ne postule pas à une offre de sa propre organisation."
              : "Indiquez pour laquelle de vos organisations (autre que l'accueil) vous postulez.",
      },
    ]);
  const refusal = applyRefusal(offer, today(caller));
  if (refusal) throw new AppError(409, refusal.code, refusal.detail);
  const errors = applicationDateErrors(offer.schedule, input);
  if (errors.length) throw invalid(errors);
  const id = newId();
  const row = {
    departmentCode,
    id,
    offerId,
    applicantUserId: caller.userId,
    applicantMembershipId: caller.actor.kind === "user" ? caller.actor.membershipId : null,
    applicantOrganisationId: organisationId,
    profession: input.profession,
    wantedStart: input.wantedStart,
    wantedEnd: input.wantedEnd,
    motivation: input.motivation,
    status: "pending" as const,
    createdAt: caller.at,
    updatedAt: caller.at,
    version: 1,
  };
  try {
    await db.batch([
      insertApplication(db, row),
      audit(db, caller, {
        departmentCode,
        action: "placement_application.created",
        entityType: "placement_application",
        entityId: id,
        after: row,
      }),
    ]);
  } catch (error) {
    if (uniqueViolation(error))
      throw new AppError(409, "already_applied", "Vous avez déjà une candidature en cours pour cette offre.");
    throw error;
  }
  return applicationView(db, departmentCode, caller, offer, id);
}

/** Applications to one offer: all of them for its host and the prefecture, one's organisation's for others. */
export async function listForOffer(
  db: Db,
  departmentCode: string,
  caller: Caller,
  offerId: string,
  status: ApplicationStatus | undefined,
  page: { limit: number; after?: { c: string; i: string } },
) {
  const { record: offer } = await visibleOffer(db, departmentCode, caller, offerId);
  const all = isHost(caller, offer) || isPrefecture(caller);
  return pageOf(db, departmentCode, caller, page, {
    offerId,
    status,
    ...(all ? {} : { applicantOrganisationIds: [...caller.organisationIds] }),
  });
}

/** The caller's inbox: applications to their organisations' offers (`host`) or made for them (`applicant`). */
export async function listInbox(
  db: Db,
  departmentCode: string,
  caller: Caller,
  side: "host" | "applicant",
  status: ApplicationStatus | undefined,
  page: { limit: number; after?: { c: string; i: string } },
) {
  const orgs = [...caller.organisationIds];
  return pageOf(db, departmentCode, caller, page, {
    status,
    ...(side === "host" ? { hostOrganisationIds: orgs } : { applicantOrganisationIds: orgs }),
  });
}

async function pageOf(
  db: Db,
  departmentCode: string,
  caller: Caller,
  page: { limit: number; after?: { c: string; i: string } },
  filters: ApplicationFilters,
) {
  const rows = await listApplications(db, departmentCode, filters, page);
  const shown = rows.slice(0, page.limit);
  const last = shown.at(-1)?.application;
  return {
    items: await applicationViews(db, departmentCode, caller, shown),
    more: rows.length > page.limit,
    last: last ? { c: last.createdAt, i: last.id } : undefined,
  };
}

/** Whether an error (or one of its causes) is this CHECK constraint's refusal. */
function checkFailed(error: unknown, name: string) {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const message = (e as { message?: unknown }).message;
    if (typeof message === "string" && message.includes("CHECK constraint failed") && message.includes(name))
      return true;
  }
  return false;
}
const overfilled = (error: unknown) => checkFailed(error, "placement_offers_not_overfilled");
const offerFull = () =>
  new AppError(
    409,
    "offer_full",
    "Plus aucune place sur cette offre : une autre candidature vient d'être acceptée.",
  );

const guardRow = (db: Db, id: string) => db.insert(writeGuards).values({ id, ok: sql<number>`changes()` });

/**
 * Runs statements where each marked one must change a row, in one batch: a guard row after each
 * (`ok = changes()`, CHECK ok = 1) rolls everything back otherwise. Answers whether it committed;
 * a refusal by another CHECK (the offer's capacity) is thrown as it is.
 */
async function allOrNothing(db: Db, steps: { statement: BatchItem<"sqlite">; mustChange?: boolean }[]) {
  const ids: string[] = [];
  const items: BatchItem<"sqlite">[] = [];
  for (const step of steps) {
    items.push(step.statement);
    if (step.mustChange) {
      const id = newId();
      ids.push(id);
      items.push(guardRow(db, id));
    }
  }
  for (const id of ids) items.push(db.delete(writeGuards).where(eq(writeGuards.id, id)));
  try {
    await db.batch(items as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
    return true;
  } catch (error) {
    if (checkFailed(error, "write_guards_ok")) return false;
    throw error;
  }
}

function decisionRefusal(application: ApplicationRecord, offer: OfferRecord, accepting: boolean) {
  if (!canDecide(application.status))
    return new AppError(
      409,
      "application_decided",
      `Cette candidature n'est plus en attente (${application.status === "withdrawn" ? "retirée" : application.status === "accepted" ? "acceptée" : "refusée"}).`,
    );
  if (accepting && offer.state !== "published")
    return new AppError(409, "offer_not_published", "L'offre n'est pas publiée : impossible d'accepter.");
  if (accepting && statusOf(offer) === "full") return offerFull();
  return null;
}

/**
 * The write of a decision, on what was read: the application's move (conditional on its version
 * and status) and, for an acceptance, one more place on the offer, in one batch. Nothing here
 * reads the offer's count: the table's CHECK refuses the place when the offer is full (409
 * `offer_full`, nothing written), however stale `application` is. Answers whether it committed.
 */
export async function commitDecision(
  db: Db,
  departmentCode: string,
  caller: Caller,
  application: ApplicationRecord,
  decision: { accept: true } | { accept: false; reason: string },
): Promise<boolean> {
  const id = application.id;
  const offerId = application.offerId;
  const to = decision.accept ? "accepted" : "declined";
  const fields = {
    decidedBy: actorUserId(caller.actor),
    decidedAt: caller.at,
    decisionReason: decision.accept ? null : decision.reason,
  };
  try {
    return await allOrNothing(db, [
      {
        statement: moveApplication(
          db,
          departmentCode,
          application,
          to,
          fields,
          caller.at,
          application.version,
        ),
        mustChange: true,
      },
      ...(decision.accept
        ? [{ statement: takePlace(db, departmentCode, offerId, caller.at), mustChange: true }]
        : []),
      {
        statement: audit(db, caller, {
          departmentCode,
          action: `placement_application.${to}`,
          entityType: "placement_application",
          entityId: id,
          before: { status: application.status },
          after: { status: to, ...fields },
        }),
      },
    ]);
  } catch (error) {
    if (overfilled(error)) throw offerFull();
    throw error;
  }
}

/**
 * Accept or decline a pending application. Acceptance takes a place in the same batch: the
 * application's move (on the version read) and the offer's count (refused by the CHECK when
 * full) commit together or not at all, so N acceptances at once on the last place give one 200.
 */
export async function decide(
  db: Db,
  departmentCode: string,
  caller: Caller,
  offerId: string,
  id: string,
  decision: { accept: true } | { accept: false; reason: string },
  ifMatch: IfMatch | undefined,
): Promise<Application> {
  const { offer, application } = await visibleApplication(db, departmentCode, caller, offerId, id);
  if (!isHost(caller, offer))
    throw forbidden("Seuls les membres de l'organisation d'accueil décident des candidatures.");
  checkIfMatch(ifMatch, application.version, staleApplication);
  const refusal = decisionRefusal(application, offer, decision.accept);
  if (refusal) throw refusal;
  const committed = await commitDecision(db, departmentCode, caller, application, decision);
  if (!committed) {
    // Someone changed the application or the offer meanwhile: say what, from a fresh read.
    const fresh = await visibleApplication(db, departmentCode, caller, offerId, id);
    if (ifMatch !== undefined && fresh.application.version !== application.version) throw staleApplication();
    throw (
      decisionRefusal(fresh.application, fresh.offer, decision.accept) ??
      new AppError(409, "conflict", "La candidature ou l'offre a changé entre-temps : réessayez.")
    );
  }
  return applicationView(db, departmentCode, caller, offer, id);
}

/** The applicant withdraws a pending or accepted application; an accepted one gives its place back. */
export async function withdraw(
  db: Db,
  departmentCode: string,
  caller: Caller,
  offerId: string,
  id: string,
  reason: string | undefined,
  ifMatch: IfMatch | undefined,
): Promise<Application> {
  const { offer, application } = await visibleApplication(db, departmentCode, caller, offerId, id);
  if (application.applicantUserId !== caller.userId)
    throw forbidden("Seule la personne qui a postulé peut retirer sa candidature.");
  checkIfMatch(ifMatch, application.version, staleApplication);
  if (!canWithdraw(application.status))
    throw new AppError(409, "application_closed", "Cette candidature n'est plus en cours.");
  const lock = await withdrawalLock(db, departmentCode, id);
  if (lock) throw new AppError(409, "convention_signed", lock);
  const fields = {
    withdrawnAt: caller.at,
    ...(reason ? { decisionReason: reason } : {}),
  };
  const committed = await allOrNothing(db, [
    {
      statement: moveApplication(
        db,
        departmentCode,
        application,
        "withdrawn",
        fields,
        caller.at,
        application.version,
      ),
      mustChange: true,
    },
    ...(application.status === "accepted"
      ? [{ statement: releasePlace(db, departmentCode, offerId, caller.at), mustChange: true }]
      : []),
    {
      statement: audit(db, caller, {
        departmentCode,
        action: "placement_application.withdrawn",
        entityType: "placement_application",
        entityId: id,
        before: { status: application.status },
        after: { status: "withdrawn", ...fields },
      }),
    },
  ]);
  if (!committed) {
    if (ifMatch !== undefined) throw staleApplication();
    throw new AppError(409, "conflict", "La candidature a changé entre-temps : rechargez-la.");
  }
  return applicationView(db, departmentCode, caller, offer, id);
}

// National

export async function nationalPlacementCounts(db: Db): Promise<NationalPlacementCounts> {
  const { offerRows, applicationRows, departmentRows } = await nationalCounts(db);
  const zero = <K extends string>(keys: readonly K[]) =>
    Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
  const byCode = new Map(
    departmentRows.map((d) => [
      d.code,
      {
        departmentCode: d.code,
        departmentName: d.name,
        offers: zero(OFFER_STATUSES),
        places: 0,
        applications: zero(APPLICATION_STATUSES),
      },
    ]),
  );
  for (const r of offerRows) {
    const d = byCode.get(r.departmentCode);
    if (!d) continue;
    d.offers[r.status] += r.n;
    if (r.status !== "draft") d.places += r.places;
  }
  for (const r of applicationRows) {
    const d = byCode.get(r.departmentCode);
    if (d) d.applications[r.status] += r.n;
  }
  return {
    departments: [...byCode.values()].filter(
      (d) => Object.values(d.offers).some((n) => n > 0) || Object.values(d.applications).some((n) => n > 0),
    ),
  };
}
