import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { useEffect, useState } from "react";
import { useSearchParams } from "react-router";
import { messageOf, request } from "../api";
import { usePageTitle } from "../ui/hooks";
import { Loading } from "../ui/Loading";

/** The link of a reminder email: turns that kind of reminder off, without sign-in. */
export function UnsubscribePage() {
  usePageTitle("Désabonnement");
  const [params] = useSearchParams();
  const token = params.get("jeton") ?? "";
  const [state, setState] = useState<{ done?: { label: string; email: string }; error?: string }>({});

  useEffect(() => {
    request<{ label: string; email: string }>("POST", "/unsubscribe", { query: { token } }).then(
      (done) => setState({ done }),
      (error: unknown) => setState({ error: messageOf(error) }),
    );
  }, [token]);

  return (
    <>
      <h1>Désabonnement</h1>
      {!state.done && !state.error && <Loading />}
      {state.done && (
        <Alert
          severity="success"
          as="h2"
          title="C'est fait"
          description={`${state.done.email} ne recevra plus le rappel « ${state.done.label} ». Vous pouvez le réactiver dans votre profil.`}
        />
      )}
      {state.error && (
        <Alert severity="error" as="h2" title="Désabonnement impossible" description={state.error} />
      )}
    </>
  );
}
