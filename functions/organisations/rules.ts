import {
  compactIdentifier,
  inseeCodeError,
  rnaError,
  sirenError,
  siretError,
} from "../../shared/identifiers";
import {
  type IdentifierField,
  identifierRequirement,
  type Organisation,
  type OrganisationKind,
  organisationKindLabels,
} from "../../shared/organisation";
import type { FieldError } from "../platform/errors";

/** The stored identity of an organisation, once checked. */
export type OrganisationFields = {
  name: string;
  inseeCode: string | null;
  siren: string | null;
  siret: string | null;
  rna: string | null;
  address: string | null;
};

export type CreateInput = {
  kind: OrganisationKind;
  name?: string | undefined;
  inseeCode?: string | undefined;
  siren?: string | undefined;
  siret?: string | undefined;
  rna?: string | undefined;
  address?: string | undefined;
};

/** Official reference rows of the département, looked up from the identifiers the caller gave. */
export type Reference = {
  commune?: { inseeCode: string; siren: string; name: string } | null;
  epci?: { siren: string; name: string } | null;
};

const fieldLabels: Record<IdentifierField, string> = {
  inseeCode: "Le code INSEE",
  siren: "Le SIREN",
  siret: "Le SIRET",
  rna: "Le numéro RNA",
};

/** Which identifiers a kind may carry: its own one, plus a SIRET for any kind. */
export function allowedIdentifiers(kind: OrganisationKind): IdentifierField[] {
  const own = identifierRequirement(kind);
  return own === "siret" ? ["siret"] : [own, "siret"];
}

const body = (pointer: string, detail: string, code?: string): FieldError => ({
  in: "body",
  pointer,
  detail,
  ...(code ? { code } : {}),
});

function formatError(field: IdentifierField, value: string): string | null {
  switch (field) {
    case "inseeCode":
      return inseeCodeError(value);
    case "siren":
      return sirenError(value);
    case "siret":
      return siretError(value);
    case "rna":
      return rnaError(value);
  }
}

/** Normalises the identifiers a person typed (spaces, dots, case). */
export function normaliseIdentifiers<T extends Partial<Record<IdentifierField, string | null | undefined>>>(
  input: T,
): T {
  const out = { ...input };
  for (const field of ["inseeCode", "siren", "siret", "rna"] as const) {
    const v = out[field];
    if (typeof v === "string") (out as Record<string, unknown>)[field] = compactIdentifier(v) || undefined;
  }
  return out;
}

/** The identifiers to look up in the département's official lists before `checkCreate`. */
export function referenceKeys(input: CreateInput): { inseeCode?: string; epciSiren?: string } {
  const n = normaliseIdentifiers(input);
  if (n.kind === "commune" && n.inseeCode && !inseeCodeError(n.inseeCode)) return { inseeCode: n.inseeCode };
  if (n.kind === "epci" && n.siren && !sirenError(n.siren)) return { epciSiren: n.siren };
  return {};
}

/**
 * Checks a new organisation against its kind: the required identifier, the format of each one,
 * the département's official lists (communes, EPCIs), and fills the name and SIREN from them.
 */
export function checkCreate(
  raw: CreateInput,
  ref: Reference,
): { errors: FieldError[]; fields: OrganisationFields } {
  const input = normaliseIdentifiers(raw);
  const errors: FieldError[] = [];
  const required = identifierRequirement(input.kind);
  const allowed = allowedIdentifiers(input.kind);
  const kindLabel = organisationKindLabels[input.kind].toLowerCase();

  for (const field of ["inseeCode", "siren", "siret", "rna"] as const) {
    const value = input[field];
    if (!value) {
      if (field === required)
        errors.push(
          body(`/${field}`, `${fieldLabels[field]} est obligatoire pour le type « ${kindLabel} ».`),
        );
      continue;
    }
    if (!allowed.includes(field)) {
      errors.push(
        body(
          `/${field}`,
          `${fieldLabels[field]} ne s'applique pas au type « ${kindLabel} ».`,
          "not_applicable",
        ),
      );
      continue;
    }
    const message = formatError(field, value);
    if (message) errors.push(body(`/${field}`, message));
  }

  let name = input.name ?? null;
  let siren: string | null = null;
  if (input.kind === "commune" && input.inseeCode && !errors.some((e) => e.pointer === "/inseeCode")) {
    if (!ref.commune) errors.push(body("/inseeCode", "Code INSEE inconnu dans ce département", "unknown"));
    else {
      siren = ref.commune.siren;
      name ??= ref.commune.name;
    }
  }
  if (input.kind === "epci" && input.siren && !errors.some((e) => e.pointer === "/siren")) {
    if (!ref.epci) errors.push(body("/siren", "SIREN inconnu parmi les EPCI de ce département", "unknown"));
    else {
      siren = ref.epci.siren;
      name ??= ref.epci.name;
    }
  }
  const ownerError = siretOwnerError(siren, input.siret);
  if (ownerError) errors.push(ownerError);
  if (!name && required !== "inseeCode" && required !== "siren")
    errors.push(body("/name", "Le nom est obligatoire."));

  return {
    errors,
    fields: {
      name: name ?? "",
      inseeCode: input.kind === "commune" ? (input.inseeCode ?? null) : null,
      siren,
      siret: input.siret ?? null,
      rna: input.kind === "association" ? (input.rna ?? null) : null,
      address: input.address ?? null,
    },
  };
}

/** A commune's or EPCI's SIRET must be one of its own establishments (its first 9 digits are its SIREN). */
function siretOwnerError(siren: string | null, siret: string | null | undefined): FieldError | null {
  if (!siren || !siret || siretError(siret)) return null;
  return siret.startsWith(siren)
    ? null
    : body("/siret", `Ce SIRET n'est pas un établissement du SIREN ${siren}.`, "siren_mismatch");
}

export type UpdateInput = {
  name?: string | undefined;
  siret?: string | null;
  rna?: string | null;
  address?: string | null;
};

/** Checks a change of name or identifiers against the organisation's kind; `null` clears an optional field. */
export function checkUpdate(
  current: Pick<Organisation, "kind" | "name" | "inseeCode" | "siren" | "siret" | "rna" | "address">,
  raw: UpdateInput,
): { errors: FieldError[]; fields: OrganisationFields } {
  const patch = normaliseIdentifiers(raw);
  const errors: FieldError[] = [];
  const required = identifierRequirement(current.kind);
  const kindLabel = organisationKindLabels[current.kind].toLowerCase();
  const next: OrganisationFields = {
    name: patch.name ?? current.name,
    inseeCode: current.inseeCode,
    siren: current.siren,
    siret: patch.siret === undefined ? current.siret : (patch.siret ?? null),
    rna: patch.rna === undefined ? current.rna : (patch.rna ?? null),
    address: patch.address === undefined ? current.address : patch.address || null,
  };
  for (const field of ["siret", "rna"] as const) {
    if (patch[field] === undefined) continue;
    const value = next[field];
    if (value && !allowedIdentifiers(current.kind).includes(field)) {
      errors.push(
        body(
          `/${field}`,
          `${fieldLabels[field]} ne s'applique pas au type « ${kindLabel} ».`,
          "not_applicable",
        ),
      );
    } else if (!value && field === required) {
      errors.push(body(`/${field}`, `${fieldLabels[field]} est obligatoire pour le type « ${kindLabel} ».`));
    } else if (value) {
      const message = formatError(field, value);
      if (message) errors.push(body(`/${field}`, message));
    }
  }
  if (patch.siret !== undefined && !errors.some((e) => e.pointer === "/siret")) {
    const mismatch = siretOwnerError(
      current.kind === "commune" || current.kind === "epci" ? next.siren : null,
      next.siret,
    );
    if (mismatch) errors.push(mismatch);
  }
  return { errors, fields: next };
}

/**
 * Which field a duplicate identifier is about, from the unique-index violation SQLite reports
 * ("UNIQUE constraint failed: organisations.department_code, organisations.siret").
 * A commune's SIREN comes from its INSEE code, so its duplicate points at /inseeCode.
 */
export function duplicateField(message: string, kind: OrganisationKind): IdentifierField | null {
  const match = /UNIQUE constraint failed: organisations\.department_code, organisations\.(\w+)/.exec(
    message,
  );
  const column = match?.[1];
  if (column === "siret") return "siret";
  if (column === "rna") return "rna";
  if (column === "siren") return kind === "commune" ? "inseeCode" : "siren";
  return null;
}

const thisField: Record<IdentifierField, string> = {
  inseeCode: "Ce code INSEE",
  siren: "Ce SIREN",
  siret: "Ce SIRET",
  rna: "Ce numéro RNA",
};

/** The 409's words: which organisation already holds the identifier, when it is known. */
export function duplicateDetail(field: IdentifierField, existingName?: string): string {
  return existingName
    ? `${thisField[field]} est déjà celui de « ${existingName} ».`
    : `${fieldLabels[field]} est déjà utilisé par une organisation de ce département.`;
}

/** The column a duplicate of `field` collides on (a commune's INSEE code is unique through its SIREN). */
export const duplicateColumn = (field: IdentifierField): "siren" | "siret" | "rna" =>
  field === "inseeCode" ? "siren" : field;
