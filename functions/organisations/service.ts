import type { Organisation } from "../../shared/organisation";
import { findCommune, findEpci } from "../departments/queries";
import { auditEvent } from "../platform/audit";
import type { Actor } from "../platform/context";
import { uniqueViolation } from "../platform/db";
import { conflict, invalid } from "../platform/errors";
import { newId } from "../platform/ids";
import type { Services } from "../platform/services";
import { insertOrganisation } from "./queries";
import { type CreateInput, checkCreate, duplicateDetail, duplicateField, referenceKeys } from "./rules";

/** Runs a write; a duplicate identifier (unique index) becomes a 409 pointing at the field. */
export async function orDuplicate<T>(kind: Organisation["kind"], write: () => Promise<T>): Promise<T> {
  try {
    return await write();
  } catch (error) {
    const message = uniqueViolation(error);
    const field = message ? duplicateField(message, kind) : null;
    if (!field) throw error;
    throw conflict(duplicateDetail(field), [
      { in: "body", pointer: `/${field}`, detail: duplicateDetail(field) },
    ]);
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
  await orDuplicate(input.kind, () =>
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
