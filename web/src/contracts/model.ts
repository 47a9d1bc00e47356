/** Pure helpers of the contracts pages (tested without a browser in model.test.ts). */
import {
  type ComponentState,
  type Contract,
  type ContractStatus,
  type ContractVersion,
  MAX_DOCUMENT_BYTES,
} from "../../../shared/contracts";

export type BadgeSeverity = "success" | "warning" | "error" | "info" | "new";

/** The colour of a status badge: in force is the one a prefect looks for. */
export const statusSeverity: Record<ContractStatus, BadgeSeverity> = {
  draft: "new",
  signed: "info",
  in_force: "success",
  expired: "warning",
  terminated: "error",
};

export const componentStateSeverity: Record<ComponentState, BadgeSeverity> = {
  planned: "info",
  in_progress: "new",
  done: "success",
};

/** "2026-03-12" → "12/03/2026"; null → "—". */
export function frenchDate(day: string | null | undefined): string {
  if (!day) return "—";
  const [y, m, d] = day.slice(0, 10).split("-");
  return `${d}/${m}/${y}`;
}

/** An ISO instant as a French date and hour in Paris ("12/03/2026 à 14:05"). */
export function frenchDateTime(iso: string): string {
  const at = new Date(iso);
  const date = at.toLocaleDateString("fr-FR", { timeZone: "Europe/Paris" });
  const time = at.toLocaleTimeString("fr-FR", {
    timeZone: "Europe/Paris",
    hour: "2-digit",
    minute: "2-digit",
  });
  return `${date} à ${time}`;
}

export const population = (n: number) => n.toLocaleString("fr-FR");

/** A share 0–1 as a French percentage with one decimal ("54,9 %"). */
export const percent = (share: number) =>
  `${(Math.round(share * 1000) / 10).toLocaleString("fr-FR", { maximumFractionDigits: 1 })} %`;

/** "1,5 Mo", "320 ko": sizes as a user reads them (1 Mo = 1 048 576 octets, like the API's limit). */
export function fileSize(bytes: number): string {
  if (bytes >= 1024 * 1024)
    return `${(bytes / (1024 * 1024)).toLocaleString("fr-FR", { maximumFractionDigits: 1 })} Mo`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024).toLocaleString("fr-FR")} ko`;
  return `${bytes} octets`;
}

const EXTENSIONS = /\.(pdf|odt|docx)$/i;

/**
 * What to tell the user about a chosen file before sending it. The server decides on the content;
 * this only saves a 10 Mo upload that would be refused for its size, and warns on an unusual name.
 */
export function fileHint(file: { name: string; size: number }): { ok: boolean; message: string } {
  if (file.size > MAX_DOCUMENT_BYTES)
    return {
      ok: false,
      message: `Ce fichier pèse ${fileSize(file.size)} : 10 Mo au plus. Réduisez-le (PDF compressé) ou découpez-le.`,
    };
  if (file.size === 0) return { ok: false, message: "Ce fichier est vide." };
  if (!EXTENSIONS.test(file.name))
    return {
      ok: true,
      message: `${fileSize(file.size)}. Son nom ne se termine pas par .pdf, .odt ou .docx : seul son contenu compte, il sera refusé s'il n'est pas de l'un de ces types.`,
    };
  return { ok: true, message: `${fileSize(file.size)} : prêt à être déposé.` };
}

/** The steps of the contract form, in order (DSFR stepper). */
export const FORM_STEPS = ["Porteur", "Territoire", "Signataires", "Volets", "Dates", "Documents"] as const;

/** `?etape=3` → index 2, clamped to the steps; anything else → the first step. */
export function stepIndex(param: string | null): number {
  const n = Number(param);
  if (!Number.isInteger(n) || n < 1) return 0;
  return Math.min(n, FORM_STEPS.length) - 1;
}

/** Adds or removes a commune; the list stays sorted and without duplicates. */
export function toggled(list: readonly string[], code: string, on: boolean): string[] {
  const set = new Set(list);
  if (on) set.add(code);
  else set.delete(code);
  return [...set].sort();
}

/** Components as the API takes them back: those never filled in are left out. */
export function componentsBody(components: Contract["components"]) {
  return components.flatMap((c) => (c.state ? [{ key: c.key, state: c.state, text: c.text }] : []));
}

export const versionKindLabels: Record<ContractVersion["kind"], string> = {
  created: "Création",
  updated: "Modification",
  signatory_added: "Signataire ajouté",
  signatory_removed: "Signataire retiré",
  signature: "Signature",
  signed: "Contrat signé",
  amendment: "Avenant",
  terminated: "Résiliation",
};

const fieldLabels: Record<string, string> = {
  title: "intitulé",
  carrierOrganisationId: "porteur",
  council: "instance",
  coordinator: "coordination",
  state: "statut",
  signedOn: "date de signature",
  startsOn: "début",
  endsOn: "fin",
  terminatedOn: "date de résiliation",
  terminationReason: "motif de résiliation",
  communes: "territoire",
  signatories: "signataires",
  components: "volets",
};

/** "territoire, fin" for the history; unknown fields keep their name. */
export const changedLabel = (changed: string[]) => changed.map((f) => fieldLabels[f] ?? f).join(", ");

/** Which organisations still have to sign (for the "n sur m" line and the signed-or-not column). */
export function signatureProgress(signatories: Contract["signatories"]) {
  const signed = signatories.filter((s) => s.signedOn).length;
  return { signed, total: signatories.length, missing: signatories.length - signed };
}

/** A French calendar day of today, as the API's dates are written. */
export function todayInParis(now = new Date()): string {
  return new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/Paris" }).format(now);
}
