import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { useState } from "react";
import { Link } from "react-router";
import { type Application, applicationStatusLabels, professionLabels } from "../../../shared/placements";
import { messageOf, request } from "../api";
import { frenchDay } from "./format";

const severity = { pending: "new", accepted: "success", declined: "error", withdrawn: "info" } as const;

export function ApplicationBadge({ status }: { status: Application["status"] }) {
  return (
    <Badge severity={severity[status]} small noIcon>
      {applicationStatusLabels[status]}
    </Badge>
  );
}

const base = (a: Application) =>
  `/departments/${a.departmentCode}/placements/${a.offerId}/applications/${a.id}`;
const ifMatch = (a: Application) => ({ "if-match": `"${a.version}"` });

/**
 * One application with what the caller may do with it: the host accepts or declines (with a
 * reason), the applicant withdraws. `onChange` gets the application as it is after the action.
 */
export function ApplicationCard({
  application: a,
  showOffer,
  onChange,
}: {
  application: Application;
  showOffer?: boolean;
  onChange: (next: Application) => void;
}) {
  const [declining, setDeclining] = useState(false);
  const [reason, setReason] = useState("");
  const [error, setError] = useState("");
  const [fieldError, setFieldError] = useState("");
  const [busy, setBusy] = useState(false);

  const act = async (action: "accept" | "decline" | "withdraw", body: unknown = {}) => {
    setBusy(true);
    setError("");
    setFieldError("");
    try {
      onChange(await request<Application>("POST", `${base(a)}/${action}`, { body, headers: ifMatch(a) }));
      setDeclining(false);
    } catch (e) {
      const fields = (e as { fieldErrors?: Record<string, string> }).fieldErrors ?? {};
      if (fields.reason) setFieldError(fields.reason);
      else setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };

  return (
    <article
      className="fr-card fr-mb-2w app-application"
      aria-label={`Candidature de ${a.applicant.name ?? a.applicant.email}`}
    >
      <div className="fr-card__body">
        <div className="fr-card__content">
          <h3 className="fr-card__title fr-h6">
            {a.applicant.name ?? a.applicant.email} — {a.applicantOrganisation.name}
          </h3>
          {showOffer && (
            <p className="fr-text--sm fr-mb-1w">
              Offre : <Link to={`/departements/${a.departmentCode}/stages/${a.offerId}`}>{a.offerTitle}</Link>{" "}
              ({a.hostOrganisation.name})
            </p>
          )}
          <p className="fr-mb-1w">
            <ApplicationBadge status={a.status} /> {professionLabels[a.profession]}, du{" "}
            {frenchDay(a.wantedStart)} au {frenchDay(a.wantedEnd)}
          </p>
          <p className="fr-text--sm">« {a.motivation} »</p>
          {a.decisionReason && <p className="fr-text--sm">Motif : {a.decisionReason}</p>}
          {a.applicant.email && a.viewer.canDecide && (
            <p className="fr-text--sm">
              Contact : <a href={`mailto:${a.applicant.email}`}>{a.applicant.email}</a>
            </p>
          )}
          {error && (
            <p className="fr-error-text" role="alert">
              {error}
            </p>
          )}
          {declining && (
            <form
              onSubmit={(e) => {
                e.preventDefault();
                void act("decline", { reason });
              }}
            >
              <Input
                label="Motif du refus"
                textArea
                state={fieldError ? "error" : "default"}
                stateRelatedMessage={fieldError}
                nativeTextAreaProps={{
                  name: "reason",
                  value: reason,
                  onChange: (e) => setReason(e.target.value),
                }}
              />
              <Button type="submit" disabled={busy} className="fr-mr-1w">
                Confirmer le refus
              </Button>
              <Button type="button" priority="tertiary" onClick={() => setDeclining(false)}>
                Annuler
              </Button>
            </form>
          )}
          {!declining && (a.viewer.canDecide || a.viewer.canWithdraw) && (
            <ul className="fr-btns-group fr-btns-group--inline-sm">
              {a.viewer.canDecide && (
                <li>
                  <Button type="button" disabled={busy} onClick={() => void act("accept")}>
                    Accepter
                  </Button>
                </li>
              )}
              {a.viewer.canDecide && (
                <li>
                  <Button
                    type="button"
                    priority="secondary"
                    disabled={busy}
                    onClick={() => setDeclining(true)}
                  >
                    Refuser
                  </Button>
                </li>
              )}
              {a.viewer.canWithdraw && (
                <li>
                  <Button
                    type="button"
                    priority="secondary"
                    disabled={busy}
                    onClick={() => void act("withdraw")}
                  >
                    Retirer ma candidature
                  </Button>
                </li>
              )}
            </ul>
          )}
        </div>
      </div>
    </article>
  );
}
