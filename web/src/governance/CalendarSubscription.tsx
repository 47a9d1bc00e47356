import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { useEffect, useRef, useState } from "react";
import { Link } from "react-router";
import type { CreatedCalendarFeed } from "../../../shared/calendar-feeds";
import { api } from "../api";
import { ErrorAlert } from "../ui/ErrorAlert";
import { GOOGLE_ADD_BY_URL, webcalUrl } from "./model";

/**
 * "S'abonner au calendrier": makes the user's subscription link for this département and shows it
 * once (only its fingerprint is kept), with a copy button and how to add it to a calendar app.
 */
export function CalendarSubscription({ code }: { code: string }) {
  const [feed, setFeed] = useState<CreatedCalendarFeed | null>(null);
  const [copied, setCopied] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const shown = useRef<HTMLDivElement>(null);

  useEffect(() => {
    if (feed) shown.current?.focus();
  }, [feed]);

  const subscribe = async () => {
    setError(null);
    setCopied("");
    setBusy(true);
    try {
      setFeed(await api.post<CreatedCalendarFeed>(`/departments/${code}/calendar/feed`));
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const copy = async (url: string) => {
    try {
      await navigator.clipboard.writeText(url);
      setCopied("Adresse copiée dans le presse-papiers.");
    } catch {
      setCopied("La copie a échoué : sélectionnez l'adresse et copiez-la (Ctrl+C).");
    }
  };

  return (
    <section aria-labelledby="agenda">
      <h2 id="agenda">S'abonner au calendrier</h2>
      <p>
        Les réunions de l'instance, les échéances des rapports trimestriels et les actions à échéance du
        département, dans votre agenda (Thunderbird, Outlook, Google Agenda, iPhone), mis à jour
        automatiquement. L'adresse d'abonnement est personnelle : elle ne donne accès qu'à cet agenda, en
        lecture, tant que vous êtes rattaché au département. Ne la partagez pas. Vous pouvez la révoquer
        depuis <Link to="/profil">votre profil</Link> ; en créer une nouvelle révoque la précédente.
      </p>
      <ErrorAlert error={error} />
      <div ref={shown} tabIndex={-1}>
        {feed && (
          <div className="fr-mb-3w" data-testid="calendar-subscription">
            <Alert
              severity="success"
              className="fr-mb-2w"
              small
              description={`Votre adresse d'abonnement est créée${feed.replacedId ? " (la précédente ne fonctionne plus)" : ""}. Copiez-la maintenant : elle ne sera plus affichée.`}
            />
            <Input
              label="Adresse d'abonnement"
              nativeInputProps={{ value: feed.url, readOnly: true, onFocus: (e) => e.currentTarget.select() }}
            />
            <Button priority="secondary" onClick={() => void copy(feed.url)} className="fr-mr-2w">
              Copier l'adresse
            </Button>
            <a className="fr-link" href={webcalUrl(feed.url)}>
              Ouvrir dans mon application d'agenda
            </a>
            {copied && (
              <p role="status" className="fr-mt-1w">
                {copied}
              </p>
            )}
            <h3 className="fr-h6 fr-mt-3w">Ajouter l'agenda</h3>
            <ul>
              <li>
                <strong>Thunderbird</strong> : menu Agenda, « Nouvel agenda… », « Sur le réseau », collez
                l'adresse, puis « Rechercher des agendas » et « S'abonner ».
              </li>
              <li>
                <strong>Outlook</strong> : Calendrier, « Ajouter un calendrier », « S'abonner à partir du web
                », collez l'adresse, donnez un nom, puis « Importer ».
              </li>
              <li>
                <strong>Google Agenda</strong> : ouvrez{" "}
                <a href={GOOGLE_ADD_BY_URL} target="_blank" rel="noopener noreferrer">
                  « Autres agendas », « À partir de l'URL »
                </a>
                , collez l'adresse, puis « Ajouter un agenda ». Google le met à jour toutes les quelques
                heures.
              </li>
              <li>
                <strong>iPhone, iPad</strong> : Réglages, Calendrier, Comptes, « Ajouter un compte », Autre, «
                Ajouter un calendrier avec abonnement », collez l'adresse.
              </li>
            </ul>
          </div>
        )}
      </div>
      <Button onClick={() => void subscribe()} disabled={busy} priority={feed ? "secondary" : "primary"}>
        {feed ? "Créer une nouvelle adresse" : "S'abonner au calendrier"}
      </Button>
    </section>
  );
}
