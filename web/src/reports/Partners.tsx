import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { useState } from "react";
import { ErrorAlert } from "../ui/ErrorAlert";
import { organisationAction, type Versioned } from "./api";
import { formatDay, formatInstantDay, progressText, type Report } from "./model";
import { answeredText } from "./progress";

type Part = Report["organisations"][number];

/**
 * The prefecture follows its partners: one row per organisation asked something this quarter
 * (answered of assigned, « terminé », last activity) with « Relancer » (an e-mail now, once a day).
 */
export function OrganisationProgress({
  code,
  period,
  report,
  onChange,
}: {
  code: string;
  period: string;
  report: Report;
  onChange: (next: Versioned, notice: string) => void;
}) {
  const [busy, setBusy] = useState<string | null>(null);
  const [error, setError] = useState<unknown>(null);
  if (report.organisations.length === 0) return null;
  const remind = async (part: Part) => {
    setBusy(part.organisationId);
    setError(null);
    try {
      onChange(
        await organisationAction(code, period, part.organisationId, "reminder"),
        `${part.name} a été relancée par courriel.`,
      );
    } catch (e) {
      setError(e);
    } finally {
      setBusy(null);
    }
  };
  const draft = report.status === "draft";
  return (
    <section className="fr-mb-4w" aria-labelledby="avancement-organisations">
      <h2 id="avancement-organisations" className="fr-h4">
        Avancement des organisations
      </h2>
      <ErrorAlert error={error} title="La relance a échoué" as="h3" />
      <div className="fr-table fr-table--no-caption app-partners">
        <table>
          <caption>Avancement des organisations</caption>
          <thead>
            <tr>
              <th scope="col">Organisation</th>
              <th scope="col">Renseignés</th>
              <th scope="col">Terminé</th>
              <th scope="col">Dernière activité</th>
              <th scope="col">Relance</th>
            </tr>
          </thead>
          <tbody>
            {report.organisations.map((o) => (
              <tr key={o.organisationId}>
                <th scope="row">{o.name}</th>
                <td data-label="Renseignés">{progressText(o.answered, o.assigned)}</td>
                <td data-label="Terminé">
                  {o.doneAt ? (
                    <Badge severity="success" small>
                      Terminé le {formatInstantDay(o.doneAt)}
                    </Badge>
                  ) : (
                    "—"
                  )}
                </td>
                <td data-label="Dernière activité">
                  {o.lastActivityAt ? formatInstantDay(o.lastActivityAt) : "aucune saisie"}
                </td>
                <td data-label="Relance">
                  {draft && !o.doneAt ? (
                    <Button
                      size="small"
                      priority="secondary"
                      disabled={busy !== null}
                      onClick={() => void remind(o)}
                      title={`Relancer ${o.name} par courriel`}
                    >
                      Relancer
                    </Button>
                  ) : null}
                  {o.remindedAt && (
                    <span className="fr-text--xs fr-ml-1w">relancée le {formatInstantDay(o.remindedAt)}</span>
                  )}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </section>
  );
}

/**
 * A member's to-do for the quarter: their organisation, their deadline (the members' window when
 * set, else the due date), their own progress, « Continuer la saisie » and « J'ai terminé ».
 */
export function MemberTodo({
  code,
  period,
  report,
  onChange,
}: {
  code: string;
  period: string;
  report: Report;
  onChange: (next: Versioned, notice: string) => void;
}) {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  if (report.organisations.length === 0) return null;
  const deadline = report.memberEntryUntil ?? report.dueDate;
  const finish = async (part: Part) => {
    setBusy(true);
    setError(null);
    try {
      onChange(
        await organisationAction(code, period, part.organisationId, "done"),
        "C'est noté : la préfecture est prévenue que votre saisie est terminée.",
      );
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section className="fr-mb-4w app-todo" aria-labelledby="a-faire">
      <h2 id="a-faire" className="fr-h4">
        À faire pour ce trimestre
      </h2>
      <ErrorAlert error={error} title="L'action a échoué" as="h3" />
      {report.organisations.map((o) => (
        <div key={o.organisationId} className="fr-mb-2w">
          <p className="fr-mb-1w">
            <strong>{o.name}</strong> · à renseigner au plus tard le {formatDay(deadline)} ·{" "}
            {answeredText(o.answered, o.assigned)}
          </p>
          {o.doneAt ? (
            <Badge severity="success">Terminé le {formatInstantDay(o.doneAt)}</Badge>
          ) : (
            <ul className="fr-btns-group fr-btns-group--inline-md">
              <li>
                <Button priority="secondary" linkProps={{ href: "#indicateurs" }}>
                  Continuer la saisie
                </Button>
              </li>
              {report.status === "draft" && !report.lock && (
                <li>
                  <Button disabled={busy || o.answered < o.assigned} onClick={() => void finish(o)}>
                    J'ai terminé
                  </Button>
                </li>
              )}
            </ul>
          )}
        </div>
      ))}
    </section>
  );
}
