import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { useState } from "react";
import { Link } from "react-router";
import type { CalendarFeed } from "../../../shared/calendar-feeds";
import { api } from "../api";
import { ErrorAlert } from "../ui/ErrorAlert";
import { formatFrenchDay } from "../ui/french";
import { useLoad } from "../ui/hooks";
import { Loading } from "../ui/Loading";

const day = (iso: string | null) => (iso ? formatFrenchDay(iso) : "jamais");

/** The profile's list of calendar subscription links (made from a département's governance page). */
export function CalendarFeedsSection() {
  const feeds = useLoad(
    (signal) => api.get<{ items: CalendarFeed[] }>("/me/calendar-feeds", undefined, signal),
    [],
  );
  const [notice, setNotice] = useState("");
  const [error, setError] = useState<unknown>(null);

  const revoke = async (feed: CalendarFeed) => {
    setError(null);
    setNotice("");
    try {
      await api.delete(`/me/calendar-feeds/${feed.id}`);
      setNotice(
        `L'abonnement à l'agenda de ${feed.departmentName ?? feed.departmentCode} est révoqué : l'adresse ne fonctionne plus.`,
      );
      feeds.reload();
    } catch (e) {
      setError(e);
    }
  };

  return (
    <section aria-labelledby="titre-abonnements">
      <h2 id="titre-abonnements">Abonnements aux agendas</h2>
      <p>
        Une adresse d'abonnement se crée depuis la page Gouvernance d'un département (« S'abonner au
        calendrier ») ; elle ne donne que la lecture de cet agenda.
      </p>
      {notice && <Alert severity="success" className="fr-mb-3w" small description={notice} />}
      <ErrorAlert error={error ?? feeds.error} />
      {feeds.loading && !feeds.data && <Loading />}
      {feeds.data && feeds.data.items.length === 0 && <p>Aucun abonnement pour l'instant.</p>}
      {feeds.data && feeds.data.items.length > 0 && (
        <div className="fr-table fr-table--no-caption">
          <table>
            <caption>Mes abonnements aux agendas</caption>
            <thead>
              <tr>
                <th scope="col">Département</th>
                <th scope="col">Créé le</th>
                <th scope="col">Dernière lecture</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {feeds.data.items.map((f) => {
                const where = `${f.departmentName ?? f.departmentCode} (${f.departmentCode})`;
                return (
                  <tr key={f.id}>
                    <td>
                      <Link to={`/departements/${f.departmentCode}/gouvernance`}>{where}</Link>{" "}
                      <code>{f.prefix}…</code>
                    </td>
                    <td>{day(f.createdAt)}</td>
                    <td>{day(f.lastUsedAt)}</td>
                    <td>
                      {f.revokedAt ? (
                        `Révoqué le ${day(f.revokedAt)}`
                      ) : (
                        <>
                          {!f.usable && <p>Sans effet : vous n'êtes plus rattaché à ce département.</p>}
                          <Button
                            size="small"
                            priority="secondary"
                            onClick={() => void revoke(f)}
                            nativeButtonProps={{
                              "aria-label": `Révoquer l'abonnement à l'agenda de ${where}`,
                            }}
                          >
                            Révoquer
                          </Button>
                        </>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
