import { and, asc, eq, exists, gt, gte, inArray, isNull, lt, lte, or, type SQL, sql } from "drizzle-orm";
import type {
  ApplicationStatus,
  ContactField,
  OfferStatus,
  Profession,
  Schedule,
} from "../../shared/placements";
import { users } from "../auth/schema";
import { communes, departments } from "../departments/schema";
import { organisations } from "../organisations/schema";
import { type Db, sameTenant } from "../platform/db";
import { type Contact, isPrefecture, type OfferFacts, type Viewer } from "./domain/offer";
import { placementApplications, placementOfferProfessions, placementOffers } from "./schema";

/** Tenant-scoped data access of placements: the département code is always the first argument after db. */

export type OfferRecord = OfferFacts & {
  id: string;
  departmentCode: string;
  service: string;
  title: string;
  description: string;
  communeInseeCode: string;
  professions: Profession[];
  publishedAt: string | null;
  closedAt: string | null;
  createdAt: string;
  updatedAt: string;
  version: number;
};

type OfferRow = typeof placementOffers.$inferSelect;

const jsonList = (values: readonly string[]) => sql`(select value from json_each(${JSON.stringify(values)}))`;

function toRecord(row: OfferRow, professions: Profession[]): OfferRecord {
  const schedule: Schedule =
    row.dateMode === "dates"
      ? { kind: "dates", dates: row.dates ?? [] }
      : { kind: "period", start: row.periodStart, end: row.periodEnd };
  const contact: Contact = {
    name: row.contactName,
    function: row.contactFunction,
    email: row.contactEmail,
    phone: row.contactPhone,
  };
  const hidden: Record<ContactField, boolean> = {
    name: row.contactNameHidden,
    function: row.contactFunctionHidden,
    email: row.contactEmailHidden,
    phone: row.contactPhoneHidden,
  };
  return {
    id: row.id,
    departmentCode: row.departmentCode,
    hostOrganisationId: row.hostOrganisationId,
    service: row.service,
    title: row.title,
    description: row.description,
    communeInseeCode: row.communeInseeCode,
    halfDays: row.halfDays,
    schedule,
    capacity: row.capacity,
    acceptedCount: row.acceptedCount,
    publishFrom: row.publishFrom,
    publishUntil: row.publishUntil,
    contact,
    contactHidden: (Object.keys(hidden) as ContactField[]).filter((f) => hidden[f]),
    state: row.state,
    professions,
    publishedAt: row.publishedAt,
    closedAt: row.closedAt,
    createdAt: row.createdAt,
    updatedAt: row.updatedAt,
    version: row.version,
  };
}

/** The columns an offer's content is stored in (create and update write the same ones). */
export type OfferContent = Pick<
  OfferRecord,
  | "service"
  | "title"
  | "description"
  | "communeInseeCode"
  | "halfDays"
  | "schedule"
  | "capacity"
  | "publishFrom"
  | "publishUntil"
  | "contact"
  | "contactHidden"
  | "professions"
>;

function contentColumns(c: OfferContent, periodOf: (s: Schedule) => { start: string; end: string }) {
  const { start, end } = periodOf(c.schedule);
  return {
    service: c.service,
    title: c.title,
    description: c.description,
    communeInseeCode: c.communeInseeCode,
    halfDays: c.halfDays,
    dateMode: c.schedule.kind,
    dates: c.schedule.kind === "dates" ? [...c.schedule.dates].sort() : null,
    periodStart: start,
    periodEnd: end,
    capacity: c.capacity,
    publishFrom: c.publishFrom,
    publishUntil: c.publishUntil,
    contactName: c.contact.name,
    contactNameHidden: c.contactHidden.includes("name"),
    contactFunction: c.contact.function,
    contactFunctionHidden: c.contactHidden.includes("function"),
    contactEmail: c.contact.email,
    contactEmailHidden: c.contactHidden.includes("email"),
    contactPhone: c.contact.phone,
    contactPhoneHidden: c.contactHidden.includes("phone"),
  };
}

export async function findOffer(db: Db, departmentCode: string, id: string): Promise<OfferRecord | null> {
  const [rows, professions] = await db.batch([
    db
      .select()
      .from(placementOffers)
      .where(and(eq(placementOffers.departmentCode, departmentCode), eq(placementOffers.id, id))),
    db
      .select({ profession: placementOfferProfessions.profession })
      .from(placementOfferProfessions)
      .where(
        and(
          eq(placementOfferProfessions.departmentCode, departmentCode),
          eq(placementOfferProfessions.offerId, id),
        ),
      ),
  ]);
  const row = rows[0];
  return row ? toRecord(row, professions.map((p) => p.profession).sort()) : null;
}

export function insertOffer(
  db: Db,
  departmentCode: string,
  id: string,
  hostOrganisationId: string,
  content: OfferContent,
  periodOf: (s: Schedule) => { start: string; end: string },
  stamp: { userId: string | null; at: string },
) {
  return [
    db.insert(placementOffers).values({
      departmentCode,
      id,
      hostOrganisationId,
      ...contentColumns(content, periodOf),
      state: "draft",
      createdBy: stamp.userId,
      createdAt: stamp.at,
      updatedAt: stamp.at,
      version: 1,
    }),
    ...professionRows(db, departmentCode, id, content.professions),
  ];
}

function professionRows(db: Db, departmentCode: string, offerId: string, professions: Profession[]) {
  return professions.length
    ? [
        db
          .insert(placementOfferProfessions)
          .values(professions.map((profession) => ({ departmentCode, offerId, profession }))),
      ]
    : [];
}

const offerKey = (departmentCode: string, id: string) =>
  and(eq(placementOffers.departmentCode, departmentCode), eq(placementOffers.id, id));

/** The offer's content over the version read (the conditional statement of a guarded batch), then its professions. */
export function updateOfferContent(
  db: Db,
  departmentCode: string,
  id: string,
  version: number,
  content: OfferContent,
  periodOf: (s: Schedule) => { start: string; end: string },
  at: string,
) {
  return {
    conditional: db
      .update(placementOffers)
      .set({ ...contentColumns(content, periodOf), updatedAt: at, version: version + 1 })
      .where(and(offerKey(departmentCode, id), eq(placementOffers.version, version))),
    rest: [
      db
        .delete(placementOfferProfessions)
        .where(
          and(
            eq(placementOfferProfessions.departmentCode, departmentCode),
            eq(placementOfferProfessions.offerId, id),
          ),
        ),
      ...professionRows(db, departmentCode, id, content.professions),
    ],
  };
}

/** Publish or close over the version read; `publishedAt` is kept from the first publication. */
export function setOfferState(
  db: Db,
  departmentCode: string,
  id: string,
  version: number,
  state: "published" | "closed",
  at: string,
) {
  return db
    .update(placementOffers)
    .set({
      state,
      ...(state === "published"
        ? { publishedAt: sql`coalesce(${placementOffers.publishedAt}, ${at})`, closedAt: null }
        : { closedAt: at }),
      updatedAt: at,
      version: version + 1,
    })
    .where(and(offerKey(departmentCode, id), eq(placementOffers.version, version)));
}

/**
 * One more accepted place. No condition on the count: the table's CHECK
 * (`placement_offers_not_overfilled`) refuses the statement, and so its whole batch, when the
 * offer is full, so two acceptances at the same moment can never over-fill it. Matches only a
 * published offer (a guard after it tells).
 */
export function takePlace(db: Db, departmentCode: string, offerId: string, at: string) {
  return db
    .update(placementOffers)
    .set({
      acceptedCount: sql`${placementOffers.acceptedCount} + 1`,
      version: sql`${placementOffers.version} + 1`,
      updatedAt: at,
    })
    .where(and(offerKey(departmentCode, offerId), eq(placementOffers.state, "published")));
}

/** The place of an accepted application given back (withdrawal). */
export function releasePlace(db: Db, departmentCode: string, offerId: string, at: string) {
  return db
    .update(placementOffers)
    .set({
      acceptedCount: sql`${placementOffers.acceptedCount} - 1`,
      version: sql`${placementOffers.version} + 1`,
      updatedAt: at,
    })
    .where(offerKey(departmentCode, offerId));
}

export type OfferFilters = {
  profession?: Profession;
  commune?: string;
  /** Offers whose dates or period meet [from, to]. */
  from?: string;
  to?: string;
  status?: OfferStatus;
  /** Offers of this host organisation. */
  host?: string;
};

/** Who may see which offers, as SQL (canSee in domain/offer.ts says the same for one offer). */
function visibleTo(db: Db, viewer: Viewer, today: string): SQL | undefined {
  if (isPrefecture(viewer)) return undefined;
  const orgs = jsonList(viewer.organisationIds);
  return or(
    inArray(placementOffers.hostOrganisationId, orgs),
    and(
      eq(placementOffers.state, "published"),
      or(isNull(placementOffers.publishFrom), lte(placementOffers.publishFrom, today)),
      or(isNull(placementOffers.publishUntil), gte(placementOffers.publishUntil, today)),
    ),
    exists(
      db
        .select({ one: sql`1` })
        .from(placementApplications)
        .where(
          and(
            sameTenant(placementApplications, placementOffers),
            eq(placementApplications.offerId, placementOffers.id),
            inArray(placementApplications.applicantOrganisationId, orgs),
          ),
        ),
    ),
  );
}

function statusIs(status: OfferStatus): SQL | undefined {
  const s = placementOffers;
  switch (status) {
    case "draft":
    case "closed":
      return eq(s.state, status);
    case "published":
      return and(eq(s.state, "published"), lt(s.acceptedCount, s.capacity));
    case "full":
      return and(eq(s.state, "published"), gte(s.acceptedCount, s.capacity));
  }
}

function hasProfession(db: Db, profession: Profession) {
  return exists(
    db
      .select({ one: sql`1` })
      .from(placementOfferProfessions)
      .where(
        and(
          sameTenant(placementOfferProfessions, placementOffers),
          eq(placementOfferProfessions.offerId, placementOffers.id),
          eq(placementOfferProfessions.profession, profession),
        ),
      ),
  );
}

/**
 * A page of the offers the viewer may see (soonest first), the number matching every filter,
 * and the counts by profession of those matching every filter but the profession: one batch.
 */
export async function listOffers(
  db: Db,
  departmentCode: string,
  viewer: Viewer,
  today: string,
  filters: OfferFilters,
  page: { limit: number; after?: { s: string; i: string } },
) {
  const common = and(
    eq(placementOffers.departmentCode, departmentCode),
    visibleTo(db, viewer, today),
    filters.commune ? eq(placementOffers.communeInseeCode, filters.commune) : undefined,
    filters.from ? gte(placementOffers.periodEnd, filters.from) : undefined,
    filters.to ? lte(placementOffers.periodStart, filters.to) : undefined,
    filters.status ? statusIs(filters.status) : undefined,
    filters.host ? eq(placementOffers.hostOrganisationId, filters.host) : undefined,
  );
  const matching = and(common, filters.profession ? hasProfession(db, filters.profession) : undefined);
  const after = page.after;
  const [rows, totals, byProfession] = await db.batch([
    db
      .select()
      .from(placementOffers)
      .where(
        and(
          matching,
          after
            ? or(
                gt(placementOffers.periodStart, after.s),
                and(eq(placementOffers.periodStart, after.s), gt(placementOffers.id, after.i)),
              )
            : undefined,
        ),
      )
      .orderBy(asc(placementOffers.periodStart), asc(placementOffers.id))
      .limit(page.limit + 1),
    db.select({ n: sql<number>`count(*)` }).from(placementOffers).where(matching),
    db
      .select({ profession: placementOfferProfessions.profession, n: sql<number>`count(*)` })
      .from(placementOfferProfessions)
      .innerJoin(
        placementOffers,
        and(
          sameTenant(placementOffers, placementOfferProfessions),
          eq(placementOffers.id, placementOfferProfessions.offerId),
        ),
      )
      .where(common)
      .groupBy(placementOfferProfessions.profession),
  ]);
  const professions = await professionsOf(
    db,
    departmentCode,
    rows.map((r) => r.id),
  );
  return {
    rows: rows.map((r) => toRecord(r, professions.get(r.id) ?? [])),
    total: totals[0]?.n ?? 0,
    byProfession: Object.fromEntries(byProfession.map((r) => [r.profession, r.n])) as Partial<
      Record<Profession, number>
    >,
  };
}

async function professionsOf(db: Db, departmentCode: string, offerIds: string[]) {
  const out = new Map<string, Profession[]>();
  if (offerIds.length === 0) return out;
  const rows = await db
    .select({ offerId: placementOfferProfessions.offerId, profession: placementOfferProfessions.profession })
    .from(placementOfferProfessions)
    .where(
      and(
        eq(placementOfferProfessions.departmentCode, departmentCode),
        inArray(placementOfferProfessions.offerId, jsonList(offerIds)),
      ),
    )
    .orderBy(asc(placementOfferProfessions.profession));
  for (const r of rows) out.set(r.offerId, [...(out.get(r.offerId) ?? []), r.profession]);
  return out;
}

/** Names for offers and applications: organisations, communes, users (one batch). */
export async function namesFor(
  db: Db,
  departmentCode: string,
  ids: { organisations: string[]; communes: string[]; users?: string[] },
) {
  const [orgs, communeRows, userRows] = await db.batch([
    db
      .select({ id: organisations.id, name: organisations.name, kind: organisations.kind })
      .from(organisations)
      .where(
        and(
          eq(organisations.departmentCode, departmentCode),
          inArray(organisations.id, jsonList([...new Set(ids.organisations)])),
        ),
      ),
    db
      .select({ inseeCode: communes.inseeCode, name: communes.name })
      .from(communes)
      .where(
        and(
          eq(communes.departmentCode, departmentCode),
          inArray(communes.inseeCode, jsonList([...new Set(ids.communes)])),
        ),
      ),
    db
      .select({ id: users.id, name: users.name, email: users.email })
      .from(users)
      .where(inArray(users.id, jsonList([...new Set(ids.users ?? [])]))),
  ]);
  return {
    organisation: new Map(orgs.map((o) => [o.id, o])),
    commune: new Map(communeRows.map((c) => [c.inseeCode, c.name])),
    user: new Map(userRows.map((u) => [u.id, u])),
  };
}

export async function communeExists(db: Db, departmentCode: string, inseeCode: string) {
  const rows = await db
    .select({ one: sql`1` })
    .from(communes)
    .where(and(eq(communes.departmentCode, departmentCode), eq(communes.inseeCode, inseeCode)));
  return rows.length > 0;
}

export async function organisationActive(db: Db, departmentCode: string, id: string) {
  const rows = await db
    .select({ archivedAt: organisations.archivedAt })
    .from(organisations)
    .where(and(eq(organisations.departmentCode, departmentCode), eq(organisations.id, id)));
  return rows.length > 0 && rows[0]?.archivedAt === null;
}

/** What the viewer's organisations and the viewer have on these offers: what visibility and contact hang on. */
export async function viewerApplications(db: Db, departmentCode: string, viewer: Viewer, offerIds: string[]) {
  const applied = new Set<string>();
  const accepted = new Set<string>();
  const own = new Map<string, string>();
  if (offerIds.length === 0 || viewer.organisationIds.length === 0) return { applied, accepted, own };
  const rows = await db
    .select({
      id: placementApplications.id,
      offerId: placementApplications.offerId,
      status: placementApplications.status,
      applicantUserId: placementApplications.applicantUserId,
    })
    .from(placementApplications)
    .where(
      and(
        eq(placementApplications.departmentCode, departmentCode),
        inArray(placementApplications.offerId, jsonList(offerIds)),
        inArray(placementApplications.applicantOrganisationId, jsonList(viewer.organisationIds)),
      ),
    );
  for (const r of rows) {
    applied.add(r.offerId);
    if (r.status === "accepted") accepted.add(r.offerId);
    if (r.applicantUserId === viewer.userId && (r.status === "pending" || r.status === "accepted"))
      own.set(r.offerId, r.id);
  }
  return { applied, accepted, own };
}

// Applications

export type ApplicationRecord = typeof placementApplications.$inferSelect;

const applicationKey = (departmentCode: string, id: string) =>
  and(eq(placementApplications.departmentCode, departmentCode), eq(placementApplications.id, id));

export async function findApplication(db: Db, departmentCode: string, id: string) {
  const rows = await db.select().from(placementApplications).where(applicationKey(departmentCode, id));
  return rows[0] ?? null;
}

export function insertApplication(db: Db, row: typeof placementApplications.$inferInsert) {
  return db.insert(placementApplications).values(row);
}

/**
 * An application's move from `from` to `to`, conditional on the status read (and on the version
 * when the caller names one): the first statement of a guarded batch.
 */
export function moveApplication(
  db: Db,
  departmentCode: string,
  record: ApplicationRecord,
  to: ApplicationStatus,
  fields: Partial<typeof placementApplications.$inferInsert>,
  at: string,
  version?: number,
) {
  return db
    .update(placementApplications)
    .set({ ...fields, status: to, updatedAt: at, version: sql`${placementApplications.version} + 1` })
    .where(
      and(
        applicationKey(departmentCode, record.id),
        eq(placementApplications.status, record.status),
        version === undefined ? undefined : eq(placementApplications.version, version),
      ),
    );
}

export type ApplicationFilters = {
  offerId?: string;
  /** Applications to offers of these organisations (the host's inbox). */
  hostOrganisationIds?: string[];
  /** Applications made for these organisations. */
  applicantOrganisationIds?: string[];
  status?: ApplicationStatus;
};

/** Applications, newest first, with their offer's title and host. */
export async function listApplications(
  db: Db,
  departmentCode: string,
  filters: ApplicationFilters,
  page: { limit: number; after?: { c: string; i: string } },
) {
  const a = placementApplications;
  const after = page.after;
  return db
    .select({
      application: a,
      offerTitle: placementOffers.title,
      hostOrganisationId: placementOffers.hostOrganisationId,
    })
    .from(a)
    .innerJoin(placementOffers, and(sameTenant(placementOffers, a), eq(placementOffers.id, a.offerId)))
    .where(
      and(
        eq(a.departmentCode, departmentCode),
        filters.offerId ? eq(a.offerId, filters.offerId) : undefined,
        filters.hostOrganisationIds
          ? inArray(placementOffers.hostOrganisationId, jsonList(filters.hostOrganisationIds))
          : undefined,
        filters.applicantOrganisationIds
          ? inArray(a.applicantOrganisationId, jsonList(filters.applicantOrganisationIds))
          : undefined,
        filters.status ? eq(a.status, filters.status) : undefined,
        after ? or(lt(a.createdAt, after.c), and(eq(a.createdAt, after.c), lt(a.id, after.i))) : undefined,
      ),
    )
    .orderBy(sql`${a.createdAt} desc`, sql`${a.id} desc`)
    .limit(page.limit + 1);
}

/**
 * For the conventions capability: an accepted application with what a convention names (the
 * offer, the host, the sending organisation, the trainee and the dates), or null when it does not
 * exist in this département or is not (or no longer) accepted.
 */
export async function acceptedApplication(db: Db, departmentCode: string, applicationId: string) {
  const a = placementApplications;
  const o = placementOffers;
  const rows = await db
    .select({
      applicationId: a.id,
      applicationVersion: a.version,
      offerId: o.id,
      offerTitle: o.title,
      service: o.service,
      description: o.description,
      communeInseeCode: o.communeInseeCode,
      halfDays: o.halfDays,
      hostOrganisationId: o.hostOrganisationId,
      sendingOrganisationId: a.applicantOrganisationId,
      traineeUserId: a.applicantUserId,
      traineeName: users.name,
      traineeEmail: users.email,
      profession: a.profession,
      startsOn: a.wantedStart,
      endsOn: a.wantedEnd,
      decidedAt: a.decidedAt,
      decidedBy: a.decidedBy,
    })
    .from(a)
    .innerJoin(o, and(sameTenant(o, a), eq(o.id, a.offerId)))
    .innerJoin(users, eq(users.id, a.applicantUserId))
    .where(and(applicationKey(departmentCode, applicationId), eq(a.status, "accepted")));
  return rows[0] ?? null;
}
export type AcceptedApplication = NonNullable<Awaited<ReturnType<typeof acceptedApplication>>>;

/** Counts for the national view: offers by status, places offered, applications by status, per département. */
export async function nationalCounts(db: Db) {
  const o = placementOffers;
  const status = sql<OfferStatus>`case when ${o.state} = 'published' and ${o.acceptedCount} >= ${o.capacity} then 'full' else ${o.state} end`;
  const [offerRows, applicationRows, departmentRows] = await db.batch([
    db
      .select({
        departmentCode: o.departmentCode,
        status,
        n: sql<number>`count(*)`,
        places: sql<number>`sum(${o.capacity})`,
      })
      .from(o)
      .groupBy(o.departmentCode, status),
    db
      .select({
        departmentCode: placementApplications.departmentCode,
        status: placementApplications.status,
        n: sql<number>`count(*)`,
      })
      .from(placementApplications)
      .groupBy(placementApplications.departmentCode, placementApplications.status),
    db
      .select({ code: departments.code, name: departments.name })
      .from(departments)
      .orderBy(asc(departments.code)),
  ]);
  return { offerRows, applicationRows, departmentRows };
}
