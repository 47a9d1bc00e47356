import type { Organisation } from "../../../shared/organisation";

/** The identifier shown in lists: the one a kind of organisation is registered with. */
export function identifierOf(
  o: Pick<Organisation, "kind" | "inseeCode" | "siren" | "siret" | "rna">,
): string {
  if (o.kind === "commune" && o.inseeCode) return `INSEE ${o.inseeCode}`;
  if (o.kind === "epci" && o.siren) return `SIREN ${o.siren}`;
  if (o.rna) return o.siret ? `RNA ${o.rna} · SIRET ${o.siret}` : `RNA ${o.rna}`;
  if (o.siret) return `SIRET ${o.siret}`;
  if (o.siren) return `SIREN ${o.siren}`;
  return "—";
}
