import { sql } from "drizzle-orm";
import { check, index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { APPLICATION_STATUSES, OFFER_STATES, PROFESSIONS } from "../../shared/placements";

/**
 * A cross-training placement offer ("offre de stage croisé") made by a host organisation of the
 * département. `state` is what people did (draft, published, closed); "full" follows from
 * `accepted_count` reaching `capacity` and is never stored. `accepted_count` is kept by the same
 * batch that accepts or withdraws an accepted application, and the CHECK makes over-filling
 * impossible in the database itself. `version` is the ETag.
 *
 * Dates: `date_mode` "dates" lists the days offered in `dates` (JSON array of ISO days, with
 * `period_start`/`period_end` their first and last); "period" offers `half_days` somewhere between
 * `period_start` and `period_end`. Each contact field has a `*_hidden` flag: hidden fields are sent
 * to other organisations only once their application is accepted.
 */
export const placementOffers = sqliteTable(
  "placement_offers",
  {
    departmentCode: text("department_code").notNull(),
    id: text("id").notNull(),
    hostOrganisationId: text("host_organisation_id").notNull(),
    /** The service of the host organisation that receives the trainee. */
    service: text("service").notNull(),
    title: text("title").notNull(),
    /** What the trainee will see and do. */
    description: text("description").notNull(),
    /** INSEE code of a commune of the département. */
    communeInseeCode: text("commune_insee_code").notNull(),
    halfDays: integer("half_days").notNull(),
    dateMode: text("date_mode", { enum: ["dates", "period"] }).notNull(),
    dates: text("dates", { mode: "json" }).$type<string[]>(),
    periodStart: text("period_start").notNull(),
    periodEnd: text("period_end").notNull(),
    capacity: integer("capacity").notNull(),
    acceptedCount: integer("accepted_count").notNull().default(0),
    /** Publication window: a published offer is shown from `publish_from` through `publish_until`. */
    publishFrom: text("publish_from"),
    publishUntil: text("publish_until"),
    contactName: text("contact_name").notNull().default(""),
    contactNameHidden: integer("contact_name_hidden", { mode: "boolean" }).notNull().default(false),
    contactFunction: text("contact_function").notNull().default(""),
    contactFunctionHidden: integer("contact_function_hidden", { mode: "boolean" }).notNull().default(false),
    contactEmail: text("contact_email").notNull().default(""),
    contactEmailHidden: integer("contact_email_hidden", { mode: "boolean" }).notNull().default(true),
    contactPhone: text("contact_phone").notNull().default(""),
    contactPhoneHidden: integer("contact_phone_hidden", { mode: "boolean" }).notNull().default(true),
    state: text("state", { enum: OFFER_STATES }).notNull(),
    /** When the offer was first published (the derived "offers published in the quarter"). */
    publishedAt: text("published_at"),
    closedAt: text("closed_at"),
    createdBy: text("created_by"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.departmentCode, t.id] }),
    check("placement_offers_capacity", sql`${t.capacity} >= 1`),
    check(
      "placement_offers_not_overfilled",
      sql`${t.acceptedCount} >= 0 and ${t.acceptedCount} <= ${t.capacity}`,
    ),
    check("placement_offers_half_days", sql`${t.halfDays} >= 1`),
    index("placement_offers_department_state").on(t.departmentCode, t.state, t.periodStart, t.id),
    index("placement_offers_host").on(t.departmentCode, t.hostOrganisationId, t.createdAt),
    index("placement_offers_commune").on(t.departmentCode, t.communeInseeCode),
    index("placement_offers_published_at").on(t.departmentCode, t.publishedAt),
  ],
);

/** The professions an offer is meant for (one row each: filters and counts per profession). */
export const placementOfferProfessions = sqliteTable(
  "placement_offer_professions",
  {
    departmentCode: text("department_code").notNull(),
    offerId: text("offer_id").notNull(),
    profession: text("profession", { enum: PROFESSIONS }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.departmentCode, t.offerId, t.profession] }),
    index("placement_offer_professions_profession").on(t.departmentCode, t.profession, t.offerId),
  ],
);

/**
 * A professional's application to an offer, for their own organisation (another one than the
 * host). The applicant user is the trainee. One live (pending or accepted) application per offer
 * and user. `decided_by`/`decided_at` record the host's accept or decline; `version` is the ETag.
 */
export const placementApplications = sqliteTable(
  "placement_applications",
  {
    departmentCode: text("department_code").notNull(),
    id: text("id").notNull(),
    offerId: text("offer_id").notNull(),
    applicantUserId: text("applicant_user_id").notNull(),
    applicantMembershipId: text("applicant_membership_id"),
    applicantOrganisationId: text("applicant_organisation_id").notNull(),
    /** The applicant's profession (the indicator "professionals trained by profession"). */
    profession: text("profession", { enum: PROFESSIONS }).notNull(),
    wantedStart: text("wanted_start").notNull(),
    wantedEnd: text("wanted_end").notNull(),
    motivation: text("motivation").notNull(),
    status: text("status", { enum: APPLICATION_STATUSES }).notNull(),
    decisionReason: text("decision_reason"),
    decidedBy: text("decided_by"),
    decidedAt: text("decided_at"),
    withdrawnAt: text("withdrawn_at"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.departmentCode, t.id] }),
    index("placement_applications_offer").on(t.departmentCode, t.offerId, t.status, t.createdAt),
    index("placement_applications_applicant_org").on(
      t.departmentCode,
      t.applicantOrganisationId,
      t.createdAt,
    ),
    uniqueIndex("placement_applications_live")
      .on(t.departmentCode, t.offerId, t.applicantUserId)
      .where(sql`status in ('pending', 'accepted')`),
  ],
);
