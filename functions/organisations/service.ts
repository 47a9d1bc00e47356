import type { Organisation } from "../../shared/organisation";
import { findCommune, findEpci } from "../departments/queries";
import { auditEvent } from "../platform/audit";
import type { Actor } from "../platform/context";
import { type Db, uniqueViolation } from "../platform/db";
import { AppError, invalid } from "../platform/errors";
import { newId } from "../platform/ids";
import type { Services } from "../platform/services";
import { findHolder, insertOrganisation } from "./queries";
import {
  type CreateInput,
  checkCreate,
  duplicateColumn,
  duplicateDetail,
  duplicateField,
  type OrganisationFields,
  referenceKeys,
} from "./rules";

/**
 * Runs a write; a duplicate identifier (unique index) becomes a 409 pointing at the field and
 * naming the organisation that already holds it (`existing`: its id and name).
 */
export async function orDuplicate<T>(
  db: Db,
  departmentCode: string,
  kind: Organisation["kind"],
  values: Pick<OrganisationFields, "siren" | "siret" | "rna">,
  write: () => Promise<T>,
): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const message = uniqueViolation(error);
    const field = message ? duplicateField(message, kind) : null;
    if (!field) throw error;
    const column = duplicateColumn(field);
    const value = values[column];
    const holder = value ? await findHolder(db, departmentCode, column, value) : null;
    const detail = duplicateDetail(field, holder?.name);
    throw new AppError(409, "conflict", detail, {
      errors: [{ in: "body", pointer: `/${field}`, detail, code: "duplicate" }],
      ...(holder ? { extra: { existing: holder } } : {}),
    });
  }
}

/**
 * Registers an organisation of a département (checked against the official commune and EPCI
 * lists), audited in the same batch. Called by the API and by any job: no request needed.
 */
export async function createOrganisation(
  s: Services,
  actor: Actor,
  departmentCode: string,
  input: CreateInput,
): Promise<Organisation> {
  const { db } = s;
  const keys = referenceKeys(input);
  const { errors, fields } = checkCreate(input, {
    commune: keys.inseeCode ? await findCommune(db, departmentCode, keys.inseeCode) : null,
    epci: keys.epciSiren ? await findEpci(db, departmentCode, keys.epciSiren) : null,
  });
  if (errors.length > 0) throw invalid(errors);
  const now = s.clock.now().toISOString();
  const organisation: Organisation = {
    id: newId(),
    departmentCode,
    kind: input.kind,
    ...fields,
    archivedAt: null,
    createdAt: now,
    updatedAt: now,
    version: 1,
  };
  await orDuplicate(db, departmentCode, input.kind, fields, () =>
    db.batch([
      insertOrganisation(db, organisation),
      auditEvent(s, actor, {
        departmentCode,
        action: "organisation.created",
        entityType: "organisation",
        entityId: organisation.id,
        after: organisation,
      }),
    ]),
  );
  return organisation;
}
