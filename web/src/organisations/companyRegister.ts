import { compactIdentifier, siretError } from "../../../shared/identifiers";
import type { CompanyRegisterEntry, ExistingOrganisation } from "../../../shared/organisation";
import { ApiError } from "../api";
import { formatFrenchDay } from "../ui/french";

/** The SIRET to look up once the person has typed a complete, valid one (else null: no call). */
export function siretToLookUp(typed: string): string | null {
  const siret = compactIdentifier(typed);
  return siret && !siretError(siret) ? siret : null;
}

/** What accepting the register's proposal writes in the form: only what the register publishes. */
export function applyProposal<T extends { name: string; address: string }>(
  values: T,
  entry: Pick<CompanyRegisterEntry, "name" | "address">,
): T {
  return { ...values, name: entry.name ?? values.name, address: entry.address ?? values.address };
}

/** Whether accepting would change anything the person typed (else the button is not offered). */
export function proposalChanges(
  values: { name: string; address: string },
  entry: Pick<CompanyRegisterEntry, "name" | "address">,
): boolean {
  const next = applyProposal(values, entry);
  return next.name !== values.name || next.address !== values.address;
}

/** "Établissement fermé le 30 juin 2024", or without a date when the register gives none. */
export function closedNotice(entry: Pick<CompanyRegisterEntry, "closed" | "closedOn">): string | null {
  if (!entry.closed) return null;
  return entry.closedOn
    ? `Établissement fermé le ${formatFrenchDay(entry.closedOn)} selon le répertoire.`
    : "Établissement fermé selon le répertoire.";
}

/** Why there is no proposal, and what to do: always falls back to typing name and address. */
export function lookupFailure(error: unknown): string {
  if (error instanceof ApiError && error.status === 404)
    return "Ce SIRET est inconnu du répertoire des entreprises : saisissez le nom et l'adresse.";
  if (error instanceof ApiError && error.status === 422) return error.fieldErrors.siret ?? error.detail;
  return "Le répertoire des entreprises ne répond pas : saisissez le nom et l'adresse.";
}

/** The organisation a 409 says already holds the identifier, if the API named it. */
export function existingHolder(error: unknown): ExistingOrganisation | null {
  if (!(error instanceof ApiError) || error.status !== 409) return null;
  const existing = (error.problem as { existing?: unknown }).existing;
  if (typeof existing !== "object" || existing === null) return null;
  const { id, name } = existing as Record<string, unknown>;
  return typeof id === "string" && typeof name === "string" ? { id, name } : null;
}
