import { Input } from "@codegouvfr/react-dsfr/Input";
import { createModal } from "@codegouvfr/react-dsfr/Modal";
import { useIsModalOpen } from "@codegouvfr/react-dsfr/Modal/useIsModalOpen";
import { type FormEvent, useEffect, useRef, useState } from "react";
import { useBlocker } from "react-router";
import { ApiError } from "../api";
import { openModal } from "../ui/dsfr";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useLoad } from "../ui/hooks";
import { Loading } from "../ui/Loading";
import { getHistory } from "./api";
import type { ConfirmText } from "./confirm";
import { formatAnswer, formatDateTime, type ReportItem } from "./model";

export const historyModal = createModal({ id: "historique-valeur", isOpenedByDefault: false });
export const reopenModal = createModal({ id: "rouvrir-rapport", isOpenedByDefault: false });
export const submitModal = createModal({ id: "soumettre-rapport", isOpenedByDefault: false });
export const validateModal = createModal({ id: "valider-rapport", isOpenedByDefault: false });
const leaveModal = createModal({ id: "quitter-rapport", isOpenedByDefault: false });

const sources: Record<string, string> = {
  api: "saisie",
  import: "import de fichier",
  seed: "données de démonstration",
};

/** Every change of one value, newest first. */
export function HistoryDialog({
  code,
  period,
  item,
  myEmail,
}: {
  code: string;
  period: string;
  item: ReportItem | null;
  myEmail: string;
}) {
  const history = useLoad(
    (signal) => (item ? getHistory(code, period, item.indicator, signal) : Promise.resolve({ items: [] })),
    [code, period, item?.indicator, item?.updatedAt],
  );
  return (
    <historyModal.Component title={item ? `Historique de ${item.indicator}` : "Historique"} size="large">
      {item && <p className="fr-text--sm">{item.label}</p>}
      {history.loading && <Loading />}
      <ErrorAlert error={history.error} />
      {history.data && history.data.items.length === 0 && <p>Aucune modification pour ce trimestre.</p>}
      {history.data && history.data.items.length > 0 && item && (
        <div className="fr-table fr-table--bordered">
          <table>
            <caption className="fr-sr-only">
              Modifications de {item.indicator}, la plus récente d'abord
            </caption>
            <thead>
              <tr>
                <th scope="col">Date</th>
                <th scope="col">Réponse</th>
                <th scope="col">Commentaire</th>
                <th scope="col">Par</th>
              </tr>
            </thead>
            <tbody>
              {history.data.items.map((h) => (
                <tr key={h.id}>
                  <td>{formatDateTime(h.changedAt)}</td>
                  <td>{formatAnswer(item.unit, h.state, h.value)}</td>
                  <td>{h.comment ?? ""}</td>
                  <td>
                    {h.changedBy === myEmail ? "vous" : (h.changedBy ?? "—")} ({sources[h.source] ?? h.source}
                    )
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </historyModal.Component>
  );
}

/** Reopening needs a reason (the API refuses fewer than 5 characters). */
export function ReopenDialog({ onReopen }: { onReopen: (reason: string) => Promise<void> }) {
  const [reason, setReason] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const local =
    reason.trim().length < 5 ? "Indiquez le motif de la réouverture (5 caractères au moins)." : "";
  const [tried, setTried] = useState(false);
  const message =
    (tried && local) || (error instanceof ApiError ? (error.fieldErrors.reason ?? "") : "") || undefined;

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setTried(true);
    setError(null);
    if (local) return;
    setBusy(true);
    try {
      await onReopen(reason.trim());
      setReason("");
      setTried(false);
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  return (
    <reopenModal.Component
      title="Rouvrir le rapport"
      buttons={[
        { children: "Annuler", priority: "secondary" },
        {
          children: "Rouvrir le rapport",
          doClosesModal: false,
          disabled: busy,
          nativeButtonProps: { type: "submit", form: "form-rouvrir" },
        },
      ]}
    >
      <form id="form-rouvrir" onSubmit={(e) => void onSubmit(e)} noValidate>
        <p>
          Le rapport repassera en brouillon : il faudra le soumettre puis le valider de nouveau. Le motif est
          conservé et affiché sur le rapport.
        </p>
        {error !== null && !(error instanceof ApiError && error.fieldErrors.reason) && (
          <ErrorAlert error={error} title="La réouverture a échoué" />
        )}
        <Input
          label="Motif de la réouverture"
          hintText="Obligatoire, par exemple « correction du nombre de TGD attribués »"
          textArea
          state={message ? "error" : "default"}
          stateRelatedMessage={message}
          nativeTextAreaProps={{
            name: "reason",
            required: true,
            value: reason,
            "aria-invalid": message ? true : undefined,
            onChange: (e) => setReason(e.target.value),
          }}
        />
      </form>
    </reopenModal.Component>
  );
}

/**
 * Leaving the report for another page of the app with typing not saved yet: saves it first, and
 * asks before leaving only when that save fails (invalid typing, conflict, service down).
 */
export function LeaveGuard({
  hasPending,
  save,
  reason,
}: {
  hasPending: () => boolean;
  save: () => Promise<boolean>;
  /** Why the save failed, read when the dialog opens. */
  reason: () => string;
}) {
  const blocker = useBlocker(
    ({ currentLocation, nextLocation }) => currentLocation.pathname !== nextLocation.pathname && hasPending(),
  );
  const [why, setWhy] = useState("");
  const latest = useRef(blocker);
  latest.current = blocker;
  const calls = useRef({ save, reason });
  calls.current = { save, reason };
  const leaving = useRef(false);

  useEffect(() => {
    if (blocker.state !== "blocked") return;
    let stale = false;
    void calls.current.save().then((ok) => {
      if (stale || latest.current.state !== "blocked") return;
      if (ok) {
        latest.current.proceed();
        return;
      }
      setWhy(calls.current.reason());
      openModal(leaveModal);
    });
    return () => {
      stale = true;
    };
  }, [blocker.state]);

  useIsModalOpen(leaveModal, {
    onConceal: () => {
      if (!leaving.current && latest.current.state === "blocked") latest.current.reset();
    },
  });

  return (
    <leaveModal.Component
      title="Des saisies ne sont pas enregistrées"
      buttons={[
        { children: "Rester sur la page", priority: "primary" },
        {
          children: "Quitter sans enregistrer",
          priority: "secondary",
          doClosesModal: false,
          onClick: () => {
            leaving.current = true;
            leaveModal.close();
            if (latest.current.state === "blocked") latest.current.proceed();
          },
        },
      ]}
    >
      <p>{why}</p>
      <p>Si vous quittez la page maintenant, ces saisies seront perdues.</p>
    </leaveModal.Component>
  );
}

/**
 * Confirms a submission or a validation: what is transmitted, to whom, what validation adds.
 * Opened by its button (`modal.buttonProps`), so the DSFR gives focus back to it on « Annuler »;
 * « Soumettre le rapport » / « Valider le rapport » does the action, then the page says the outcome.
 */
export function TransitionDialog({
  modal,
  text,
  busy,
  onConfirm,
}: {
  modal: typeof submitModal;
  text: ConfirmText;
  busy: boolean;
  onConfirm: () => Promise<void>;
}) {
  return (
    <modal.Component
      title={text.title}
      buttons={[
        { children: "Annuler", priority: "secondary" },
        {
          children: text.confirm,
          doClosesModal: false,
          disabled: busy || text.blocked !== null,
          onClick: () => void onConfirm(),
        },
      ]}
    >
      <h2 className="fr-h6 fr-mb-1w">Ce qui est transmis</h2>
      <p>{text.what}</p>
      {text.notApplicable.length > 0 && (
        <>
          <p className="fr-mb-1w">Déclarés « non applicable » :</p>
          <ul className="fr-mb-2w">
            {text.notApplicable.map((i) => (
              <li key={i.indicator}>
                {i.indicator} — {i.label}
              </li>
            ))}
          </ul>
        </>
      )}
      <h2 className="fr-h6 fr-mb-1w">{modal === submitModal ? "À qui" : "Pour qui"}</h2>
      <p>{text.to}</p>
      <h2 className="fr-h6 fr-mb-1w">Ensuite</h2>
      <ul>
        {text.after.map((line) => (
          <li key={line}>{line}</li>
        ))}
      </ul>
      {text.blocked && <p className="fr-error-text fr-mt-2w">{text.blocked}</p>}
    </modal.Component>
  );
}
