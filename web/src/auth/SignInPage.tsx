import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { ProConnectButton } from "@codegouvfr/react-dsfr/ProConnectButton";
import { type FormEvent, useState } from "react";
import { Link, Navigate, useNavigate, useSearchParams } from "react-router";
import type { AuthOptions } from "../../../shared/me";
import { ApiError, api, devSignIn } from "../api";
import { authAction, authErrorOf } from "../auth";
import { useSession } from "../session";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useLoad, usePageTitle } from "../ui/hooks";
import { Loading } from "../ui/Loading";

export function SignInPage() {
  usePageTitle("Connexion");
  const { me, loading, refresh } = useSession();
  const navigate = useNavigate();
  const [params] = useSearchParams();
  const options = useLoad((signal) => api.get<AuthOptions>("/auth/options", undefined, signal), []);
  const [email, setEmail] = useState("");
  const [emailError, setEmailError] = useState("");
  const [sent, setSent] = useState(false);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const urlError = params.get("error") ? authErrorOf(`/?${params}`) : null;

  if (!loading && me) return <Navigate to="/" replace />;

  const onEmail = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setEmailError("");
    if (!/^\S+@\S+\.\S+$/.test(email.trim())) {
      setEmailError("Saisissez une adresse électronique valide, par exemple nom@exemple.gouv.fr.");
      return;
    }
    setBusy(true);
    try {
      const url = await authAction("signin/email", { email: email.trim(), callbackUrl: "/" });
      const failure = authErrorOf(url);
      if (failure) setError(new ApiError(400, { detail: failure }));
      else setSent(true);
    } catch (e) {
      if (e instanceof ApiError && e.fieldErrors.email) setEmailError(e.fieldErrors.email);
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const onProConnect = async () => {
    setError(null);
    try {
      window.location.assign(await authAction("signin/proconnect", { callbackUrl: "/" }));
    } catch (e) {
      setError(e);
    }
  };

  const onDevUser = async (devEmail: string) => {
    setError(null);
    try {
      await devSignIn(devEmail);
      await refresh();
      navigate("/");
    } catch (e) {
      setError(e);
    }
  };

  const devUsers = options.data?.devUsers ?? [];

  return (
    <div className="fr-grid-row fr-grid-row--center">
      <div className="fr-col-12 fr-col-md-8 fr-col-lg-6">
        <h1>Connexion à Maillage</h1>
        {urlError && (
          <Alert className="fr-mb-3w" severity="error" title="Connexion impossible" description={urlError} />
        )}
        <ErrorAlert error={error ?? options.error} title="Connexion impossible" />
        {/* The sign-in ways appear together once known: nothing moves under the reader (CLS). */}
        {options.loading ? (
          <Loading />
        ) : (
          <>
            {options.data?.proconnect && (
              <section className="fr-mb-5w">
                <h2 className="fr-h5">Avec votre compte professionnel</h2>
                <ProConnectButton onClick={() => void onProConnect()} />
              </section>
            )}
            <section className="fr-mb-5w">
              <h2 className="fr-h5">Avec un lien reçu par courriel</h2>
              {sent ? (
                <Alert
                  severity="success"
                  title="Vérifiez votre boîte mail"
                  description={`Si l'adresse ${email.trim()} a accès à Maillage, un lien de connexion vient de lui être envoyé. Il est valable 15 minutes et ne sert qu'une fois.`}
                />
              ) : (
                <form onSubmit={(e) => void onEmail(e)} noValidate>
                  <Input
                    label="Adresse électronique"
                    hintText="Format attendu : nom@domaine.fr"
                    state={emailError ? "error" : "default"}
                    stateRelatedMessage={emailError}
                    nativeInputProps={{
                      type: "email",
                      name: "email",
                      autoComplete: "email",
                      required: true,
                      value: email,
                      onChange: (e) => setEmail(e.target.value),
                    }}
                  />
                  <Button type="submit" disabled={busy}>
                    Recevoir un lien de connexion
                  </Button>
                </form>
              )}
            </section>
            {devUsers.length > 0 && (
              <section className="fr-mb-5w">
                <h2 className="fr-h5">Connexion rapide (développement)</h2>
                <p className="fr-text--sm">
                  Comptes de démonstration, disponibles seulement en développement. Les courriels envoyés sont
                  visibles dans la <Link to="/dev/boite-mail">boîte mail de développement</Link>.
                </p>
                <ul className="fr-btns-group fr-btns-group--left fr-btns-group--inline-md">
                  {devUsers.map((user) => (
                    <li key={user.email}>
                      <Button priority="secondary" type="button" onClick={() => void onDevUser(user.email)}>
                        {user.label}
                      </Button>
                    </li>
                  ))}
                </ul>
              </section>
            )}
          </>
        )}
      </div>
    </div>
  );
}
