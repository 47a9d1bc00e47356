import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { useEffect, useState } from "react";
import { compactIdentifier } from "../../../shared/identifiers";
import type { CompanyRegisterEntry } from "../../../shared/organisation";
import { api } from "../api";
import { closedNotice, lookupFailure, proposalChanges, siretToLookUp } from "./companyRegister";

type State =
  | { status: "idle" }
  | { status: "loading"; siret: string }
  | { status: "found"; siret: string; entry: CompanyRegisterEntry }
  | { status: "failed"; siret: string; message: string };

/**
 * Under the SIRET input: once a complete, valid SIRET is typed, asks the company register (through
 * our API) and proposes its name and address; « Utiliser ces informations » writes them into the
 * form, nothing is overwritten otherwise. When the register is unknown or silent, says so: the
 * person types them. `savedSiret` (edit page): the stored SIRET is looked up only on request.
 */
export function CompanyRegisterProposal({
  code,
  siret: typed,
  savedSiret,
  values,
  onAccept,
}: {
  code: string;
  siret: string;
  savedSiret?: string | null;
  values: { name: string; address: string };
  onAccept: (entry: CompanyRegisterEntry) => void;
}) {
  const siret = siretToLookUp(typed);
  const [requested, setRequested] = useState<string | null>(null);
  const [state, setState] = useState<State>({ status: "idle" });
  const unchanged = Boolean(siret && savedSiret && siret === compactIdentifier(savedSiret));
  const wanted = siret && (!unchanged || requested === siret) ? siret : null;

  useEffect(() => {
    if (!wanted) {
      setState({ status: "idle" });
      return;
    }
    const controller = new AbortController();
    // Typing on: only the SIRET left in the input for a moment is looked up.
    const timer = setTimeout(() => {
      setState({ status: "loading", siret: wanted });
      api
        .get<CompanyRegisterEntry>(
          `/departments/${code}/company-register/${wanted}`,
          undefined,
          controller.signal,
        )
        .then((entry) => setState({ status: "found", siret: wanted, entry }))
        .catch((error: unknown) => {
          if (controller.signal.aborted) return;
          setState({ status: "failed", siret: wanted, message: lookupFailure(error) });
        });
    }, 300);
    return () => {
      clearTimeout(timer);
      controller.abort();
    };
  }, [code, wanted]);

  // A previous SIRET's answer is not shown for the one now typed.
  const shown: State = state.status !== "idle" && state.siret === wanted ? state : { status: "idle" };
  return (
    <div aria-live="polite" className="fr-mb-3w">
      {unchanged && requested !== siret && (
        <Button
          type="button"
          priority="tertiary"
          size="small"
          iconId="fr-icon-search-line"
          onClick={() => setRequested(siret)}
        >
          Consulter le répertoire des entreprises
        </Button>
      )}
      {shown.status === "loading" && (
        <p className="fr-text--sm fr-mb-0">Recherche du SIRET dans le répertoire des entreprises…</p>
      )}
      {shown.status === "failed" && <Alert severity="warning" small description={shown.message} />}
      {shown.status === "found" && <Proposal entry={shown.entry} values={values} onAccept={onAccept} />}
    </div>
  );
}

function Proposal({
  entry,
  values,
  onAccept,
}: {
  entry: CompanyRegisterEntry;
  values: { name: string; address: string };
  onAccept: (entry: CompanyRegisterEntry) => void;
}) {
  const closed = closedNotice(entry);
  const changes = proposalChanges(values, entry);
  return (
    <div className="fr-callout fr-py-3w fr-px-3w" data-testid="company-register-proposal">
      <p className="fr-callout__title fr-text--md">Selon le répertoire des entreprises</p>
      <p className="fr-callout__text fr-text--sm">
        {entry.name ?? "Nom non diffusé"}
        <br />
        {entry.address ?? "Adresse non diffusée"}
      </p>
      {closed && (
        <p className="fr-mt-1w">
          <Badge severity="warning">{closed}</Badge>
        </p>
      )}
      {changes ? (
        <Button
          type="button"
          priority="secondary"
          size="small"
          className="fr-mt-2w"
          onClick={() => onAccept(entry)}
        >
          Utiliser ces informations
        </Button>
      ) : (
        (entry.name || entry.address) && (
          <p className="fr-text--sm fr-mt-1w fr-mb-0">Le formulaire reprend ces informations.</p>
        )
      )}
    </div>
  );
}
