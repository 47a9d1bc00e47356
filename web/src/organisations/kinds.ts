import { compactIdentifier, rnaError, siretError } from "../../../shared/identifiers";
import {
  type IdentifierField,
  identifierRequirement,
  ORGANISATION_KINDS,
  type OrganisationKind,
  organisationKindLabels,
} from "../../../shared/organisation";

export { type IdentifierField, type OrganisationKind, organisationKindLabels };
export const organisationKinds = ORGANISATION_KINDS;

export const isOrganisationKind = (value: string): value is OrganisationKind =>
  (ORGANISATION_KINDS as readonly string[]).includes(value);

export const kindLabel = (kind: string) => (isOrganisationKind(kind) ? organisationKindLabels[kind] : kind);

/** Which identifiers the form shows for a kind: the one the API requires, plus an optional SIRET for associations. */
export function identifierFieldsOf(kind: OrganisationKind): {
  required: IdentifierField;
  optional?: IdentifierField;
} {
  const required = identifierRequirement(kind);
  return required === "rna" ? { required, optional: "siret" } : { required };
}

export type CreateValues = {
  name: string;
  inseeCode: string;
  siren: string;
  siret: string;
  rna: string;
  /** Facultative; the company register may propose it. */
  address?: string;
};

/** What the create form sends for a kind: only the identifiers that kind uses, compacted. */
export function createBody(kind: OrganisationKind, values: CreateValues): Record<string, string> {
  const body: Record<string, string> = { kind };
  const name = values.name.trim();
  if (name) body.name = name;
  const address = values.address?.trim();
  if (address) body.address = address;
  const { required, optional } = identifierFieldsOf(kind);
  for (const field of [required, optional]) {
    if (!field) continue;
    const value = compactIdentifier(values[field]);
    if (value) body[field] = value;
  }
  return body;
}

/**
 * The checks the browser can make before sending (the API makes them again): a required
 * identifier is present, a SIRET or RNA typed by hand is well formed.
 */
export function checkCreate(kind: OrganisationKind, values: CreateValues): Record<string, string> {
  const errors: Record<string, string> = {};
  const { required, optional } = identifierFieldsOf(kind);
  const value = compactIdentifier(values[required]);
  if (!value) {
    errors[required] = {
      inseeCode: "Choisissez la commune dans la liste.",
      siren: "Choisissez l'intercommunalité dans la liste.",
      rna: "Le numéro RNA est obligatoire.",
      siret: "Le SIRET est obligatoire.",
    }[required];
  }
  for (const field of [required, optional]) {
    const v = field ? compactIdentifier(values[field]) : "";
    if (!v) continue;
    const message = field === "siret" ? siretError(v) : field === "rna" ? rnaError(v) : null;
    if (message) errors[field as string] = message;
  }
  if (required === "siret" && !values.name.trim()) errors.name = "Le nom est obligatoire.";
  if (required === "rna" && !values.name.trim()) errors.name = "Le nom est obligatoire.";
  return errors;
}
