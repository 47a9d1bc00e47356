import { index, integer, primaryKey, sqliteTable, text } from "drizzle-orm/sqlite-core";

/**
 * A local contract against sexist and sexual violence, carried by a commune or an EPCI. `state`
 * is what people did (draft, signed, terminated); `in_force` and `expired` follow from the dates
 * at read time (domain/status.ts) and are never stored. `version` is the ETag; every write bumps
 * it and keeps a snapshot in contract_versions.
 */
export const contracts = sqliteTable(
  "contracts",
  {
    departmentCode: text("department_code").notNull(),
    id: text("id").notNull(),
    title: text("title").notNull(),
    carrierOrganisationId: text("carrier_organisation_id").notNull(),
    council: text("council", { enum: ["clspd", "cispd"] }).notNull(),
    coordinatorName: text("coordinator_name").notNull(),
    coordinatorFunction: text("coordinator_function").notNull(),
    coordinatorEmail: text("coordinator_email").notNull(),
    state: text("state", { enum: ["draft", "signed", "terminated"] }).notNull(),
    /** The day the last signatory signed (set when the contract becomes signed). */
    signedOn: text("signed_on"),
    startsOn: text("starts_on"),
    endsOn: text("ends_on"),
    /** From this day on the contract no longer applies. */
    terminatedOn: text("terminated_on"),
    terminationReason: text("termination_reason"),
    createdAt: text("created_at").notNull(),
    updatedAt: text("updated_at").notNull(),
    version: integer("version").notNull().default(1),
  },
  (t) => [
    primaryKey({ columns: [t.departmentCode, t.id] }),
    index("contracts_department_carrier").on(t.departmentCode, t.carrierOrganisationId),
    index("contracts_department_state_dates").on(t.departmentCode, t.state, t.startsOn, t.endsOn),
  ],
);

/** An organisation of the département that signs the contract, and its signature once recorded. */
export const contractSignatories = sqliteTable(
  "contract_signatories",
  {
    departmentCode: text("department_code").notNull(),
    contractId: text("contract_id").notNull(),
    organisationId: text("organisation_id").notNull(),
    /** Its role in the contract, in the carrier's words. */
    role: text("role").notNull(),
    position: integer("position").notNull(),
    signerName: text("signer_name"),
    signerFunction: text("signer_function"),
    signedOn: text("signed_on"),
    recordedBy: text("recorded_by"),
    recordedAt: text("recorded_at"),
  },
  (t) => [
    primaryKey({ columns: [t.departmentCode, t.contractId, t.organisationId] }),
    index("contract_signatories_organisation").on(t.departmentCode, t.organisationId),
  ],
);

/** The state of one required component (domain/components.ts) in a contract. */
export const contractComponents = sqliteTable(
  "contract_components",
  {
    departmentCode: text("department_code").notNull(),
    contractId: text("contract_id").notNull(),
    componentKey: text("component_key").notNull(),
    state: text("state", { enum: ["planned", "in_progress", "done"] }).notNull(),
    text: text("text").notNull().default(""),
  },
  (t) => [primaryKey({ columns: [t.departmentCode, t.contractId, t.componentKey] })],
);

/** Components a département adds to the required ones of sheet 4.4 (which live in the code). */
export const contractComponentDefinitions = sqliteTable(
  "contract_component_definitions",
  {
    departmentCode: text("department_code").notNull(),
    key: text("key").notNull(),
    label: text("label").notNull(),
    description: text("description").notNull().default(""),
    createdAt: text("created_at").notNull(),
  },
  (t) => [primaryKey({ columns: [t.departmentCode, t.key] })],
);

/** Communes of the département covered by the contract (official INSEE codes). */
export const contractCommunes = sqliteTable(
  "contract_communes",
  {
    departmentCode: text("department_code").notNull(),
    contractId: text("contract_id").notNull(),
    inseeCode: text("insee_code").notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.departmentCode, t.contractId, t.inseeCode] }),
    index("contract_communes_commune").on(t.departmentCode, t.inseeCode),
  ],
);

/**
 * Every version of a contract, as a JSON snapshot taken after each change, with who made it and
 * why; an amendment ("avenant") is a version of kind `amendment` with its number, date and summary.
 */
export const contractVersions = sqliteTable(
  "contract_versions",
  {
    departmentCode: text("department_code").notNull(),
    contractId: text("contract_id").notNull(),
    version: integer("version").notNull(),
    kind: text("kind", {
      enum: [
        "created",
        "updated",
        "signatory_added",
        "signatory_removed",
        "signature",
        "signed",
        "amendment",
        "terminated",
      ],
    }).notNull(),
    at: text("at").notNull(),
    actorUserId: text("actor_user_id"),
    amendmentNumber: integer("amendment_number"),
    amendmentSignedOn: text("amendment_signed_on"),
    amendmentSummary: text("amendment_summary"),
    snapshot: text("snapshot", { mode: "json" }).notNull(),
  },
  (t) => [primaryKey({ columns: [t.departmentCode, t.contractId, t.version] })],
);

/** The signed contract and its annexes: the bytes are in R2 under `r2_key`, written before this row. */
export const contractDocuments = sqliteTable(
  "contract_documents",
  {
    departmentCode: text("department_code").notNull(),
    id: text("id").notNull(),
    contractId: text("contract_id").notNull(),
    category: text("category", { enum: ["signed_contract", "annex"] }).notNull(),
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
    index("contract_documents_contract").on(t.departmentCode, t.contractId, t.uploadedAt),
    index("contract_documents_r2_key").on(t.r2Key),
  ],
);

/** Remarks on a contract (the prefecture follows the contracts of its département). */
export const contractComments = sqliteTable(
  "contract_comments",
  {
    departmentCode: text("department_code").notNull(),
    id: text("id").notNull(),
    contractId: text("contract_id").notNull(),
    text: text("text").notNull(),
    at: text("at").notNull(),
    authorUserId: text("author_user_id"),
    authorRole: text("author_role", { enum: ["national", "prefecture", "member"] }).notNull(),
  },
  (t) => [
    primaryKey({ columns: [t.departmentCode, t.id] }),
    index("contract_comments_contract").on(t.departmentCode, t.contractId, t.at),
  ],
);
