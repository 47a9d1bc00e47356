import { z } from "zod";
import type { CompanyRegisterEntry } from "../../shared/organisation";
import { AppError } from "../platform/errors";

/**
 * The public company register, « API Recherche d'entreprises »
 * (https://recherche-entreprises.api.gouv.fr, no key): what it says of one establishment, by
 * SIRET. Only the SIRET leaves the Worker, never anything about the person asking. The base URL
 * comes from the environment (COMPANY_REGISTER_URL) so that tests point it at a local mock.
 */

/** How long the form waits for the register before falling back to typing. */
export const COMPANY_REGISTER_TIMEOUT_MS = 3_000;

/** The register writes "[NON-DIFFUSIBLE]" where a company opted out of publication. */
const HIDDEN = "[NON-DIFFUSIBLE]";

const Establishment = z.object({
  siret: z.string(),
  adresse: z.string().nullish(),
  etat_administratif: z.string().nullish(),
  date_fermeture: z.string().nullish(),
});

const Company = z.object({
  siren: z.string(),
  nom_complet: z.string().nullish(),
  nom_raison_sociale: z.string().nullish(),
  etat_administratif: z.string().nullish(),
  date_fermeture: z.string().nullish(),
  siege: Establishment.nullish(),
  matching_etablissements: z.array(Establishment).nullish(),
});

const SearchAnswer = z.object({ results: z.array(Company) });

const shown = (value: string | null | undefined) => (value && !value.includes(HIDDEN) ? value.trim() : null);

/**
 * Maps the register's search answer to the establishment `siret` names, or null when no company
 * of the answer has it (the search matches words too: a result is kept only for its exact SIRET).
 * Throws when the answer is not shaped like the register's.
 */
export function entryOf(answer: unknown, siret: string): CompanyRegisterEntry | null {
  const parsed = SearchAnswer.safeParse(answer);
  if (!parsed.success) throw new Error("unexpected company register answer");
  for (const company of parsed.data.results) {
    const headOffice = company.siege?.siret === siret;
    const establishment = headOffice
      ? company.siege
      : company.matching_etablissements?.find((e) => e.siret === siret);
    if (!establishment) continue;
    const ceased = company.etat_administratif === "C";
    const closed = establishment.etat_administratif === "F" || ceased;
    return {
      siret,
      siren: company.siren,
      name: shown(company.nom_complet) ?? shown(company.nom_raison_sociale),
      address: shown(establishment.adresse),
      headOffice,
      closed,
      closedOn: closed
        ? (establishment.date_fermeture ?? (ceased ? company.date_fermeture : null) ?? null)
        : null,
    };
  }
  return null;
}

const unavailable = (code: "upstream_error" | "upstream_timeout") =>
  new AppError(
    code === "upstream_timeout" ? 504 : 502,
    code,
    code === "upstream_timeout"
      ? "Le répertoire des entreprises ne répond pas : saisissez le nom et l'adresse."
      : "Le répertoire des entreprises est indisponible : saisissez le nom et l'adresse.",
  );

/**
 * Looks one SIRET up (already checked: 14 digits and its key). Null when the register does not
 * know it; 504 when it does not answer within the timeout, 502 when it fails or answers nonsense.
 */
export async function lookupSiret(
  baseUrl: string,
  siret: string,
  options: { timeoutMs?: number; requestId?: string } = {},
): Promise<CompanyRegisterEntry | null> {
  const url = new URL("/search", baseUrl);
  url.searchParams.set("q", siret);
  url.searchParams.set("page", "1");
  url.searchParams.set("per_page", "5");
  const log = (outcome: string, detail?: string) =>
    console.warn(
      JSON.stringify({
        level: "warn",
        event: "company_register",
        outcome,
        detail,
        requestId: options.requestId,
      }),
    );
  try {
    const res = await fetch(url, {
      headers: { accept: "application/json" },
      signal: AbortSignal.timeout(options.timeoutMs ?? COMPANY_REGISTER_TIMEOUT_MS),
    });
    if (!res.ok) {
      log("error", `HTTP ${res.status}`);
      throw unavailable("upstream_error");
    }
    return entryOf(await res.json(), siret);
  } catch (error) {
    if (error instanceof AppError) throw error;
    if (error instanceof Error && (error.name === "TimeoutError" || error.name === "AbortError")) {
      log("timeout");
      throw unavailable("upstream_timeout");
    }
    log("error", String(error));
    throw unavailable("upstream_error");
  }
}
