import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { useEffect, useRef } from "react";
import { ApiError, messageOf } from "../api";
import { focusUnlessOnFieldError } from "./focus";

/**
 * The problem `detail` of a failed call, focused so keyboard and screen-reader users notice it. A
 * server error names its request id (what support looks for in the logs) and, given `onRetry`,
 * offers "Réessayer"; so does a network failure. Its title is an h2 by default (it usually follows
 * the page's h1: an h3 there breaks the heading order); inside a section titled h2, pass `as="h3"`.
 */
export function ErrorAlert({
  error,
  title = "Une erreur est survenue",
  onRetry,
  as = "h2",
}: {
  error: unknown;
  title?: string;
  onRetry?: () => void;
  /** The title's heading level: one below the heading the alert sits under. */
  as?: "h2" | "h3" | "h4";
}) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) focusUnlessOnFieldError(ref.current);
  }, [error]);
  if (!error) return null;
  const message = messageOf(error);
  if (!message) return null;
  if (error instanceof ApiError && error.status === 401) {
    // Signed out meanwhile: signing in again in another tab keeps what is typed on this page.
    return (
      <div ref={ref} tabIndex={-1} className="fr-mb-3w">
        <Alert
          severity="error"
          as={as}
          title="Session expirée"
          description={
            <>
              Vous n'êtes plus connecté : vos saisies restent affichées.{" "}
              <a href="/connexion" target="_blank" rel="noopener">
                Reconnectez-vous dans un nouvel onglet
              </a>
              , puis réessayez ici.
            </>
          }
        />
      </div>
    );
  }
  const heading =
    error instanceof ApiError && error.status === 404
      ? "Introuvable"
      : error instanceof ApiError && error.status === 403
        ? "Accès refusé"
        : title;
  const serverSide = !(error instanceof ApiError) || error.status >= 500;
  const requestId = error instanceof ApiError ? error.problem.requestId : undefined;
  return (
    <div ref={ref} tabIndex={-1} className="fr-mb-3w">
      <Alert
        severity="error"
        as={as}
        title={heading}
        small={false}
        description={
          <>
            {message}
            {requestId && serverSide && (
              <>
                <br />
                Identifiant de la requête, à communiquer au support : <code>{requestId}</code>
              </>
            )}
            {onRetry && serverSide && (
              <>
                <br />
                <button
                  type="button"
                  className="fr-btn fr-btn--sm fr-btn--secondary fr-mt-2w"
                  onClick={onRetry}
                >
                  Réessayer
                </button>
              </>
            )}
          </>
        }
      />
    </div>
  );
}
