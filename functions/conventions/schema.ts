import { index, integer, primaryKey, sqliteTable, text, uniqueIndex } from "drizzle-orm/sqlite-core";
import { CONVENTION_PARTIES, CONVENTION_STATUSES, SIGNATURE_METHODS } from "../../shared/conventions";

/**
 * A département's edited convention templates, every version kept. Until a prefecture edits it,
 * a département uses the French default (shared/conventions.ts), which counts as version 1; the
 * first edit stores that default as version 1 and the edit as version 2.
 */
export const conventionTemplates = sqliteTable(
  "convention_templates",
  {
    departmentCode: text("department_code").notNull(),
    version: integer("version").notNull(),
    body: text("body").notNull(),
    createdAt: text("created_at").notNull(),
    createdBy: text("created_by"),
  },
  (t) => [primaryKey({ columns: [t.departmentCode, t.version] })],
);

/**
 * A convention between a host organisation, a sending organisation and a trainee, made from one
 * accepted application. It keeps the template text it was made from (`template_body`), so a later
 * edit of the template never changes a convention. The current revision's dates live here; every
 * revision (the original, then each amendment) is kept in convention_revisions. `awaiting_party`
 * and `awaiting_since` say whose turn it is to sign and since when (null outside the circuit).
 */
export const conventions = sqliteTable(
  "conventions",
  {
    departmentCode: text("department_code").notNull(),
    id: text("id").notNull(),
    applicationId: text("application_id").notNull(),
    offerId: text("offer_id").notNull(),
    hostOrganisationId: text("host_organisation_id").notNull(),
    hostService: text("host_service").notNull().default(""),
    sendingOrganisationId: text("sending_organisation_id").notNull(),
    traineeUserId: text("trainee_user_id").notNull(),
    traineeProfession: text("trainee_profession").notNull(),
    place: text("place").notNull(),
    startsOn: text("starts_on").notNull(),
    endsOn: text("ends_on").notNull(),
    halfDays: integer("half_days").notNull(),
    objectives: text("objectives").notNull(),
    interruptedOn: text("interrupted_on"),
    templateVersion: integer("template_version").notNull(),
    templateBody: text("template_body").notNull(),
    status: text("status", { enum: CONVENTION_STATUSES }).notNull(),
    revision: integer("revision").notNull().default(0),
    awaitingParty: text("awaiting_party", { enum: CONVENTION_PARTIES }),
    awaitingSince: text("awaiting_since"),
    signedAt: text("signed_at"),
    signedOutsideDocumentId: text("signed_outside_document_id"),
    completedAt: text("completed_at"),
    completedBy: text("completed_by"),
    cancelledAt: text("cancelled_at"),
    cancelledBy: text("cancelled_by"),
    cancelReason: text("cancel_reason"),
    createdAt: text("created_at").notNull(),
    createdBy: text("created_by"),
    updatedAt: text("updated_at").notNull(),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.departmentCode, t.id] }),
    uniqueIndex("conventions_application").on(t.departmentCode, t.applicationId),
    index("conventions_awaiting").on(t.departmentCode, t.status, t.awaitingSince),
    index("conventions_completed").on(t.departmentCode, t.status, t.endsOn),
    index("conventions_host").on(t.departmentCode, t.hostOrganisationId),
    index("conventions_sending").on(t.departmentCode, t.sendingOrganisationId),
    index("conventions_trainee").on(t.departmentCode, t.traineeUserId),
  ],
);

/** Each revision of a convention: 0 is the original, then one per amendment (previous ones kept). */
export const conventionRevisions = sqliteTable(
  "convention_revisions",
  {
    departmentCode: text("department_code").notNull(),
    conventionId: text("convention_id").notNull(),
    revision: integer("revision").notNull(),
    kind: text("kind", { enum: ["original", "amendment"] }).notNull(),
    reason: text("reason"),
    startsOn: text("starts_on").notNull(),
    endsOn: text("ends_on").notNull(),
    halfDays: integer("half_days").notNull(),
    interruptedOn: text("interrupted_on"),
    createdAt: text("created_at").notNull(),
    createdBy: text("created_by"),
  },
  (t) => [primaryKey({ columns: [t.departmentCode, t.conventionId, t.revision] })],
);

/** One party's signature of one revision: the key makes a second signature of a step impossible. */
export const conventionSignatures = sqliteTable(
  "convention_signatures",
  {
    departmentCode: text("department_code").notNull(),
    conventionId: text("convention_id").notNull(),
    revision: integer("revision").notNull(),
    party: text("party", { enum: CONVENTION_PARTIES }).notNull(),
    method: text("method", { enum: SIGNATURE_METHODS }).notNull(),
    signedAt: text("signed_at").notNull(),
    signerUserId: text("signer_user_id"),
    signerName: text("signer_name"),
    signerFunction: text("signer_function"),
  },
  (t) => [primaryKey({ columns: [t.departmentCode, t.conventionId, t.revision, t.party] })],
);

/** A convention signed outside the app: the scanned file in R2 (`r2_key`), written before this row. */
export const conventionDocuments = sqliteTable(
  "convention_documents",
  {
    departmentCode: text("department_code").notNull(),
    id: text("id").notNull(),
    conventionId: text("convention_id").notNull(),
    revision: integer("revision").notNull(),
    r2Key: text("r2_key").notNull(),
    name: text("name").notNull(),
    fileType: text("file_type", { enum: ["pdf", "odt", "docx"] }).notNull(),
    mediaType: text("media_type").notNull(),
    size: integer("size").notNull(),
    uploadedAt: text("uploaded_at").notNull(),
    uploadedBy: text("uploaded_by"),
  },
  (t) => [
    primaryKey({ columns: [t.departmentCode, t.id] }),
    index("convention_documents_convention").on(t.departmentCode, t.conventionId),
  ],
);

/** After completion, the trainee's and the host's evaluation (one each). */
export const conventionEvaluations = sqliteTable(
  "convention_evaluations",
  {
    departmentCode: text("department_code").notNull(),
    conventionId: text("convention_id").notNull(),
    party: text("party", { enum: ["trainee", "host"] }).notNull(),
    learned: text("learned").notNull(),
    change: text("change").notNull(),
    rating: integer("rating").notNull(),
    at: text("at").notNull(),
    userId: text("user_id"),
  },
  (t) => [primaryKey({ columns: [t.departmentCode, t.conventionId, t.party] })],
);
