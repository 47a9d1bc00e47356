import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Table } from "@codegouvfr/react-dsfr/Table";
import { useState } from "react";
import { useParams } from "react-router";
import {
  REMINDER_KIND_LABELS,
  type Reminder,
  type ReminderStatus,
  type UpcomingReminder,
} from "../../../shared/reminders";
import { api, messageOf, type Page } from "../api";
import { useDepartment } from "../departments/DepartmentPage";
import { rolesIn, useSession } from "../session";
import { DepartmentBreadcrumb } from "../ui/Breadcrumbs";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useLoad, usePageTitle } from "../ui/hooks";
import { Loading } from "../ui/Loading";

const dateTime = new Intl.DateTimeFormat("fr-FR", {
  dateStyle: "short",
  timeStyle: "short",
  timeZone: "Europe/Paris",
});
const statusLabels: Record<ReminderStatus, { label: string; severity: "info" | "success" | "error" }> = {
  queued: { label: "En file", severity: "info" },
  sent: { label: "Envoyée", severity: "success" },
  failed: { label: "Échec", severity: "error" },
};

/** The prefecture's reminder log: what the next run will send (with "send now"), then what was sent. */
export function RemindersPage() {
  usePageTitle("Relances");
  const { code = "" } = useParams();
  const { me } = useSession();
  const canSend = rolesIn(me, code).includes("prefecture");
  const department = useDepartment(code);
  const log = useLoad(
    (signal) => api.get<Page<Reminder>>(`/departments/${code}/reminders`, { limit: 100 }, signal),
    [code],
  );
  const next = useLoad(
    (signal) =>
      api.get<{ runAt: string; items: UpcomingReminder[] }>(
        `/departments/${code}/reminders/upcoming`,
        undefined,
        signal,
      ),
    [code],
  );
  const [message, setMessage] = useState("");
  const [error, setError] = useState("");

  const sendNow = async (item: UpcomingReminder) => {
    setMessage("");
    setError("");
    try {
      await api.post(`/departments/${code}/reminders/send-now`, { key: item.key });
      setMessage(`Relance mise en file pour ${item.recipient}.`);
      next.reload();
      log.reload();
    } catch (e) {
      setError(messageOf(e));
    }
  };

  return (
    <>
      <DepartmentBreadcrumb code={code} name={department.data?.name} current="Relances" />
      <h1>Relances</h1>
      <p>
        Les rappels envoyés par courriel aux agents de la préfecture et aux organisations : ouverture du
        trimestre, échéance du rapport, retard, fin de la saisie des organisations, contrats arrivant à
        échéance.
      </p>
      {message && <Alert severity="success" small description={message} className="fr-mb-2w" />}
      {error && <Alert severity="error" small description={error} className="fr-mb-2w" />}
      <h2 className="fr-h4">Prochain passage</h2>
      {next.loading && <Loading />}
      {next.error ? <ErrorAlert error={next.error} /> : null}
      {next.data && (
        <>
          <p>Le {dateTime.format(new Date(next.data.runAt))} (heure de Paris).</p>
          {next.data.items.length === 0 ? (
            <p>Aucune relance prévue à ce passage.</p>
          ) : (
            <Table
              caption="Relances prévues au prochain passage"
              headers={["Type", "Destinataire", "Objet", ...(canSend ? ["Action"] : [])]}
              data={next.data.items.map((item) => [
                REMINDER_KIND_LABELS[item.kind],
                item.recipient,
                item.subject,
                ...(canSend
                  ? [
                      <Button key="send" size="small" priority="secondary" onClick={() => void sendNow(item)}>
                        Envoyer maintenant
                      </Button>,
                    ]
                  : []),
              ])}
            />
          )}
        </>
      )}
      <h2 className="fr-h4">Journal</h2>
      {log.loading && <Loading />}
      {log.error ? <ErrorAlert error={log.error} /> : null}
      {log.data &&
        (log.data.items.length === 0 ? (
          <p>Aucune relance envoyée pour l'instant.</p>
        ) : (
          <Table
            caption="Relances du département, les plus récentes d'abord"
            headers={["Type", "Destinataire", "Statut", "Tentatives", "Dernière erreur", "Envoyée le"]}
            data={log.data.items.map((r) => [
              <span key="kind">
                {REMINDER_KIND_LABELS[r.kind]}
                <br />
                <span className="fr-text--xs">{r.subject}</span>
              </span>,
              r.recipient,
              <Badge key="status" severity={statusLabels[r.status].severity} small noIcon>
                {statusLabels[r.status].label}
              </Badge>,
              String(r.attempts),
              r.lastError ?? "—",
              r.sentAt ? dateTime.format(new Date(r.sentAt)) : "—",
            ])}
          />
        ))}
    </>
  );
}
