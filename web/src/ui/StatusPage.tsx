import { Link } from "react-router";
import { ApiError } from "../api";
import { useSession } from "../session";
import { ErrorAlert } from "./ErrorAlert";
import { usePageTitle } from "./hooks";
import { homeOf } from "./navigation";

type Kind = "not-found" | "forbidden" | "unknown-quarter";

const texts: Record<Kind, { title: string; body: string }> = {
  "not-found": {
    title: "Page introuvable",
    body: "La page que vous cherchez n'existe pas ou a été déplacée.",
  },
  forbidden: {
    title: "Accès refusé",
    body: "Votre compte ne donne pas accès à cette page. Si vous pensez que c'est une erreur, demandez à la préfecture de votre département de vous y rattacher.",
  },
  "unknown-quarter": {
    title: "Trimestre inconnu",
    body: "Cette adresse ne désigne pas un trimestre : un trimestre s'écrit comme 2026-Q3 (année à partir de 2000, trimestre de 1 à 4).",
  },
};

/** A whole page for what cannot be shown: its own h1 and title, and the way back to the user's own département. */
export function StatusPage({ kind, back }: { kind: Kind; back?: { to: string; text: string } }) {
  const { me } = useSession();
  const { title, body } = texts[kind];
  usePageTitle(title);
  const home = homeOf(me);
  return (
    <>
      <h1>{title}</h1>
      <p>{body}</p>
      <ul className="fr-btns-group fr-btns-group--inline-md">
        {back && (
          <li>
            <Link className="fr-btn fr-btn--secondary" to={back.to}>
              {back.text}
            </Link>
          </li>
        )}
        <li>
          <Link className="fr-btn" to={home.to}>
            {home.text}
          </Link>
        </li>
      </ul>
    </>
  );
}

export const NotFoundPage = () => <StatusPage kind="not-found" />;

/** The whole page a failed load becomes, if any: 404 and 403. */
export const statusOf = (error: unknown): Kind | null =>
  error instanceof ApiError && error.status === 404
    ? "not-found"
    : error instanceof ApiError && error.status === 403
      ? "forbidden"
      : null;

/** A failed page load: 404 and 403 become whole pages; anything else an alert that offers to retry. */
export function LoadFailure({
  error,
  onRetry,
  title,
}: {
  error: unknown;
  onRetry: () => void;
  title: string;
}) {
  const kind = statusOf(error);
  usePageTitle(kind ? null : title);
  if (kind) return <StatusPage kind={kind} />;
  return (
    <>
      <h1>{title}</h1>
      <ErrorAlert error={error} onRetry={onRetry} />
    </>
  );
}
