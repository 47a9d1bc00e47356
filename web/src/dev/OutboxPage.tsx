import { Link } from "react-router";
import type { OutboxItem } from "../../../shared/me";
import { api } from "../api";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useLoad, usePageTitle } from "../ui/hooks";
import { Loading } from "../ui/Loading";
import { linksIn } from "./text";

const dateTime = new Intl.DateTimeFormat("fr-FR", { dateStyle: "short", timeStyle: "medium" });

export function OutboxPage() {
  usePageTitle("Boîte mail de développement");
  const outbox = useLoad((signal) => api.get<{ items: OutboxItem[] }>("/dev/outbox", undefined, signal), []);
  return (
    <>
      <h1>Boîte mail de développement</h1>
      <p>
        En développement, Maillage n'envoie aucun courriel : chaque message est gardé ici, le plus récent en
        premier. <Link to="/connexion">Retour à la connexion</Link>
      </p>
      <button type="button" className="fr-btn fr-btn--secondary fr-btn--sm fr-mb-3w" onClick={outbox.reload}>
        Actualiser
      </button>
      <ErrorAlert error={outbox.error} />
      {outbox.loading && <Loading />}
      {outbox.data?.items.length === 0 && <p>Aucun courriel pour l'instant.</p>}
      {outbox.data?.items.map((item) => (
        <article key={item.id} className="fr-card fr-p-3w fr-mb-3w">
          <h2 className="fr-h6 fr-mb-1w">{item.subject}</h2>
          <p className="fr-text--sm fr-mb-1w">
            À : {item.to} — {dateTime.format(new Date(item.createdAt))}
          </p>
          {linksIn(item.text).map((url) => (
            <p key={url} className="fr-mb-1w">
              <a href={url} className="app-pre">
                {url}
              </a>
            </p>
          ))}
          <details>
            <summary className="fr-text--sm">Texte du message</summary>
            <pre className="app-pre fr-text--sm">{item.text}</pre>
          </details>
        </article>
      ))}
    </>
  );
}
