import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { useEffect, useRef } from "react";
import { ApiError, messageOf } from "../api";

/** The problem `detail` of a failed call, focused so keyboard and screen-reader users notice it. */
export function ErrorAlert({ error, title = "Une erreur est survenue" }: { error: unknown; title?: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) ref.current?.focus();
  }, [error]);
  if (!error) return null;
  const message = messageOf(error);
  if (!message) return null;
  const heading =
    error instanceof ApiError && error.status === 404
      ? "Introuvable"
      : error instanceof ApiError && error.status === 403
        ? "Accès refusé"
        : title;
  return (
    <div ref={ref} tabIndex={-1} className="fr-mb-3w">
      <Alert severity="error" title={heading} description={message} small={false} />
    </div>
  );
}
