import { and, asc, desc, eq, inArray, isNull, lte, or, type SQL, sql } from "drizzle-orm";
import type { ConventionParty } from "../../shared/conventions";
import { users } from "../auth/schema";
import { communes, departments } from "../departments/schema";
import { memberships } from "../members/schema";
import { organisations } from "../organisations/schema";
import { placementApplications, placementOffers } from "../placements/schema";
import { type Db, sameTenant } from "../platform/db";
import {
  conventionDocuments,
  conventionEvaluations,
  conventionRevisions,
  conventionSignatures,
  conventions,
  conventionTemplates,
} from "./schema";

/** Tenant-scoped data access of conventions: the département code is always the first argument after db. */

export type ConventionRow = typeof conventions.$inferSelect;
export type SignatureRow = typeof conventionSignatures.$inferSelect;
export type RevisionRow = typeof conventionRevisions.$inferSelect;
export type TemplateRow = typeof conventionTemplates.$inferSelect;

// ---------------------------------------------------------------------------------------------
// Templates

export function templateRows(db: Db, departmentCode: string) {
  return db
    .select()
    .from(conventionTemplates)
    .where(eq(conventionTemplates.departmentCode, departmentCode))
    .orderBy(desc(conventionTemplates.version));
}

export async function latestTemplate(db: Db, departmentCode: string): Promise<TemplateRow | undefined> {
  const [row] = await templateRows(db, departmentCode).limit(1);
  return row;
}

export const insertTemplates = (db: Db, rows: TemplateRow[]) => db.insert(conventionTemplates).values(rows);

// ---------------------------------------------------------------------------------------------
// What a convention is made from, and names

/** An application with its offer and the offer's commune, as a convention needs them. */
export async function applicationWithOffer(db: Db, departmentCode: string, applicationId: string) {
  const [row] = await db
    .select({
      id: placementApplications.id,
      status: placementApplications.status,
      offerId: placementApplications.offerId,
      applicantUserId: placementApplications.applicantUserId,
      applicantOrganisationId: placementApplications.applicantOrganisationId,
      profession: placementApplications.profession,
      wantedStart: placementApplications.wantedStart,
      wantedEnd: placementApplications.wantedEnd,
      hostOrganisationId: placementOffers.hostOrganisationId,
      service: placementOffers.service,
      description: placementOffers.description,
      halfDays: placementOffers.halfDays,
      communeName: sql<string>`coalesce(${communes.name}, ${placementOffers.communeInseeCode})`,
    })
    .from(placementApplications)
    .innerJoin(
      placementOffers,
      and(
        sameTenant(placementOffers, placementApplications),
        eq(placementOffers.id, placementApplications.offerId),
      ),
    )
    .leftJoin(
      communes,
      and(sameTenant(communes, placementOffers), eq(communes.inseeCode, placementOffers.communeInseeCode)),
    )
    .where(
      and(
        eq(placementApplications.departmentCode, departmentCode),
        eq(placementApplications.id, applicationId),
      ),
    );
  return row;
}

/** The application's status now (it may have been withdrawn after the convention was made). */
export async function applicationStatus(db: Db, departmentCode: string, applicationId: string) {
  const [row] = await db
    .select({ status: placementApplications.status })
    .from(placementApplications)
    .where(
      and(
        eq(placementApplications.departmentCode, departmentCode),
        eq(placementApplications.id, applicationId),
      ),
    );
  return row?.status ?? null;
}

/** The status of the convention made from an application, if any. */
export async function conventionStatusOf(db: Db, departmentCode: string, applicationId: string) {
  const [row] = await db
    .select({ status: conventions.status })
    .from(conventions)
    .where(and(eq(conventions.departmentCode, departmentCode), eq(conventions.applicationId, applicationId)));
  return row?.status ?? null;
}

export async function departmentName(db: Db, departmentCode: string) {
  const [row] = await db
    .select({ name: departments.name })
    .from(departments)
    .where(eq(departments.code, departmentCode));
  return row?.name ?? departmentCode;
}

export async function organisationNames(db: Db, departmentCode: string, ids: string[]) {
  if (ids.length === 0) return new Map<string, string>();
  const rows = await db
    .select({ id: organisations.id, name: organisations.name })
    .from(organisations)
    .where(
      and(eq(organisations.departmentCode, departmentCode), inArray(organisations.id, [...new Set(ids)])),
    );
  return new Map(rows.map((r) => [r.id, r.name]));
}

export async function usersById(db: Db, ids: string[]) {
  if (ids.length === 0) return new Map<string, { name: string; email: string }>();
  const rows = await db
    .select({ id: users.id, name: users.name, email: users.email })
    .from(users)
    .where(inArray(users.id, [...new Set(ids)]));
  return new Map(rows.map((r) => [r.id, { name: r.name?.trim() || r.email, email: r.email }]));
}

/** E-mail addresses of an organisation's active members, but one user (the trainee). */
export async function memberEmails(
  db: Db,
  departmentCode: string,
  organisationId: string,
  exceptUserId: string,
) {
  const rows = await db
    .selectDistinct({ email: users.email })
    .from(memberships)
    .innerJoin(users, eq(users.id, memberships.userId))
    .where(
      and(
        eq(memberships.departmentCode, departmentCode),
        eq(memberships.organisationId, organisationId),
        eq(memberships.role, "member"),
        isNull(memberships.revokedAt),
        sql`${memberships.userId} <> ${exceptUserId}`,
      ),
    )
    .orderBy(asc(users.email));
  return rows.map((r) => r.email);
}

// ---------------------------------------------------------------------------------------------
// Conventions

export type ConventionRecord = {
  row: ConventionRow;
  /** Signatures of the current revision. */
  signatures: SignatureRow[];
  evaluated: ("trainee" | "host")[];
};

export async function findConvention(
  db: Db,
  departmentCode: string,
  id: string,
): Promise<ConventionRecord | undefined> {
  const [rows, signatures, evaluations] = await db.batch([
    db
      .select()
      .from(conventions)
      .where(and(eq(conventions.departmentCode, departmentCode), eq(conventions.id, id))),
    db
      .select()
      .from(conventionSignatures)
      .innerJoin(
        conventions,
        and(
          sameTenant(conventions, conventionSignatures),
          eq(conventions.id, conventionSignatures.conventionId),
          eq(conventions.revision, conventionSignatures.revision),
        ),
      )
      .where(
        and(
          eq(conventionSignatures.departmentCode, departmentCode),
          eq(conventionSignatures.conventionId, id),
        ),
      ),
    db
      .select({ party: conventionEvaluations.party })
      .from(conventionEvaluations)
      .where(
        and(
          eq(conventionEvaluations.departmentCode, departmentCode),
          eq(conventionEvaluations.conventionId, id),
        ),
      ),
  ]);
  const row = rows[0];
  if (!row) return undefined;
  return {
    row,
    signatures: signatures.map((s) => s.convention_signatures),
    evaluated: evaluations.map((e) => e.party),
  };
}

export const insertConvention = (db: Db, row: typeof conventions.$inferInsert) =>
  db.insert(conventions).values(row);
export const insertRevision = (db: Db, row: typeof conventionRevisions.$inferInsert) =>
  db.insert(conventionRevisions).values(row);
export const insertSignatures = (db: Db, rows: (typeof conventionSignatures.$inferInsert)[]) =>
  db.insert(conventionSignatures).values(rows);
export const insertEvaluation = (db: Db, row: typeof conventionEvaluations.$inferInsert) =>
  db.insert(conventionEvaluations).values(row);
export const insertDocument = (db: Db, row: typeof conventionDocuments.$inferInsert) =>
  db.insert(conventionDocuments).values(row);

/** The conditional update of a convention: only if nobody wrote it since `version` was read. */
export function updateConvention(
  db: Db,
  departmentCode: string,
  id: string,
  version: number,
  set: Partial<typeof conventions.$inferInsert>,
) {
  return db
    .update(conventions)
    .set({ ...set, version: version + 1 })
    .where(
      and(
        eq(conventions.departmentCode, departmentCode),
        eq(conventions.id, id),
        eq(conventions.version, version),
      ),
    );
}

export async function revisionsOf(db: Db, departmentCode: string, id: string) {
  const [revisions, signatures] = await db.batch([
    db
      .select()
      .from(conventionRevisions)
      .where(
        and(eq(conventionRevisions.departmentCode, departmentCode), eq(conventionRevisions.conventionId, id)),
      )
      .orderBy(asc(conventionRevisions.revision)),
    db
      .select()
      .from(conventionSignatures)
      .where(
        and(
          eq(conventionSignatures.departmentCode, departmentCode),
          eq(conventionSignatures.conventionId, id),
        ),
      ),
  ]);
  return { revisions, signatures };
}

export async function findDocument(db: Db, departmentCode: string, conventionId: string, id: string) {
  const [row] = await db
    .select()
    .from(conventionDocuments)
    .where(
      and(
        eq(conventionDocuments.departmentCode, departmentCode),
        eq(conventionDocuments.conventionId, conventionId),
        eq(conventionDocuments.id, id),
      ),
    );
  return row;
}

/** Who sees what in a list: everything (prefecture, national), or the caller's organisations and own placements. */
export type ListScope = { all: true } | { all: false; userId: string; organisationIds: readonly string[] };

export function listConventions(db: Db, departmentCode: string, scope: ListScope, status?: string) {
  const where: SQL[] = [eq(conventions.departmentCode, departmentCode)];
  if (status) where.push(eq(conventions.status, status as ConventionRow["status"]));
  if (!scope.all) {
    const mine = [eq(conventions.traineeUserId, scope.userId)];
    if (scope.organisationIds.length > 0)
      mine.push(
        inArray(conventions.hostOrganisationId, [...scope.organisationIds]),
        inArray(conventions.sendingOrganisationId, [...scope.organisationIds]),
      );
    where.push(or(...mine) as SQL);
  }
  return db
    .select()
    .from(conventions)
    .where(and(...where))
    .orderBy(desc(conventions.updatedAt), asc(conventions.id))
    .limit(500);
}

/** Conventions whose current signer has been waiting since `before` (ISO instant) or longer. */
/** Conventions of these départements (codes as one JSON parameter) awaiting a signature since `before` or earlier. */
export function awaitingSince(db: Db, departmentCodesJson: string, before: string) {
  return db
    .select({
      departmentCode: conventions.departmentCode,
      id: conventions.id,
      awaitingSince: conventions.awaitingSince,
      party: conventions.awaitingParty,
      hostOrganisationId: conventions.hostOrganisationId,
      sendingOrganisationId: conventions.sendingOrganisationId,
      traineeUserId: conventions.traineeUserId,
    })
    .from(conventions)
    .where(
      and(
        sql`${conventions.departmentCode} in (select value from json_each(${departmentCodesJson}))`,
        eq(conventions.status, "awaiting_signatures"),
        lte(conventions.awaitingSince, before),
      ),
    )
    .orderBy(asc(conventions.awaitingSince), asc(conventions.id));
}

/** Ratings and texts of a département's evaluations, without who wrote them or about which convention. */
export async function evaluationsOf(db: Db, departmentCode: string) {
  const [rows, completed] = await db.batch([
    db
      .select({
        party: conventionEvaluations.party,
        rating: conventionEvaluations.rating,
        learned: conventionEvaluations.learned,
        change: conventionEvaluations.change,
      })
      .from(conventionEvaluations)
      .where(eq(conventionEvaluations.departmentCode, departmentCode)),
    db
      .select({ n: sql<number>`count(*)` })
      .from(conventions)
      .where(and(eq(conventions.departmentCode, departmentCode), eq(conventions.status, "completed"))),
  ]);
  return { rows, completed: completed[0]?.n ?? 0 };
}

export type { ConventionParty };
