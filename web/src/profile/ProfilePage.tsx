import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { type FormEvent, lazy, Suspense, useEffect, useMemo, useRef, useState } from "react";
import { Link } from "react-router";
import type { MeMembership } from "../../../shared/me";
import type { ApiToken, CreatedApiToken } from "../../../shared/tokens";
import { ApiError, api } from "../api";
import { roleLabels, useSession } from "../session";
import { ErrorAlert } from "../ui/ErrorAlert";
import { focusFirstError } from "../ui/focus";
import { formatFrenchDay } from "../ui/french";
import { useLoad, usePageTitle } from "../ui/hooks";
import { Loading } from "../ui/Loading";
import { profileSections } from "./sections";

const expiryChoices = [7, 30, 90, 180, 365];

export function membershipLabel(m: MeMembership): string {
  const where = m.departmentCode ? `${m.departmentName ?? m.departmentCode} (${m.departmentCode})` : "tous";
  return [roleLabels[m.role], m.organisationName, where].filter(Boolean).join(" — ");
}

const day = (iso: string | null) => (iso ? formatFrenchDay(iso) : "jamais");

// One lazy component per registered section, made once (a new lazy() per render would remount it).
const sections = profileSections.map((s) => ({
  id: s.id,
  Section: lazy(async () => ({ default: await s.load() })),
}));

export function ProfilePage() {
  usePageTitle("Mon profil");
  const { me } = useSession();
  if (!me) return <Loading />;
  return (
    <>
      <h1>Mon profil</h1>
      <dl className="app-profile">
        <dt>Nom</dt>
        <dd>{me.user.name ?? "non renseigné"}</dd>
        <dt>Adresse électronique</dt>
        <dd>{me.user.email}</dd>
      </dl>
      <h2>Mes rattachements</h2>
      {me.memberships.length === 0 ? (
        <p>Aucun rattachement : demandez à la préfecture de votre département de vous ajouter.</p>
      ) : (
        <ul>
          {me.memberships.map((m) => (
            <li key={m.id}>
              {m.departmentCode ? (
                <Link to={`/departements/${m.departmentCode}`}>{membershipLabel(m)}</Link>
              ) : (
                <Link to="/national">{membershipLabel(m)}</Link>
              )}
            </li>
          ))}
        </ul>
      )}
      <TokensSection memberships={me.memberships} />
      {sections.map(({ id, Section }) => (
        <Suspense key={id} fallback={<Loading />}>
          <Section />
        </Suspense>
      ))}
    </>
  );
}

function TokensSection({ memberships }: { memberships: MeMembership[] }) {
  const tokens = useLoad((signal) => api.get<{ items: ApiToken[] }>("/me/tokens", undefined, signal), []);
  const [name, setName] = useState("");
  const [membershipId, setMembershipId] = useState(memberships[0]?.id ?? "");
  const [days, setDays] = useState(90);
  const [created, setCreated] = useState<CreatedApiToken | null>(null);
  const [notice, setNotice] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const noticeRef = useRef<HTMLDivElement>(null);
  const labels = useMemo(() => new Map(memberships.map((m) => [m.id, membershipLabel(m)])), [memberships]);
  const fieldErrors = error instanceof ApiError ? error.fieldErrors : {};

  useEffect(() => {
    if (created || notice) noticeRef.current?.focus();
  }, [created, notice]);

  const onCreate = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setNotice("");
    setCreated(null);
    if (!name.trim()) {
      setError(
        new ApiError(422, {
          detail: "Donnez un nom au jeton.",
          errors: [
            { in: "body", pointer: "/name", detail: "Donnez un nom au jeton, par exemple « Tableur DDFE »." },
          ],
        }),
      );
      focusFirstError();
      return;
    }
    setBusy(true);
    try {
      const token = await api.post<CreatedApiToken>("/me/tokens", {
        name: name.trim(),
        membershipId,
        expiresInDays: days,
      });
      setCreated(token);
      setName("");
      tokens.reload();
    } catch (e) {
      setError(e);
      focusFirstError();
    } finally {
      setBusy(false);
    }
  };

  const onRevoke = async (token: ApiToken) => {
    setError(null);
    setCreated(null);
    try {
      await api.delete(`/me/tokens/${token.id}`);
      setNotice(`Le jeton « ${token.name} » est révoqué : il ne permet plus d'accéder à l'API.`);
      tokens.reload();
    } catch (e) {
      setError(e);
    }
  };

  const hasFieldErrors = Object.keys(fieldErrors).length > 0;
  return (
    <section aria-labelledby="titre-jetons">
      <h2 id="titre-jetons">Jetons d'API</h2>
      <p>
        Un jeton permet à un outil (tableur, script) d'utiliser l'<a href="/api/docs">API de Maillage</a> avec
        les droits d'un de vos rattachements. Il n'est affiché qu'une fois, à sa création.
      </p>
      <div ref={noticeRef} tabIndex={-1}>
        {created && (
          <Alert
            severity="success"
            className="fr-mb-3w"
            title={`Jeton « ${created.name} » créé`}
            description={
              <>
                Copiez-le maintenant : il ne sera plus affiché.{" "}
                <code className="app-pre" data-testid="new-token">
                  {created.token}
                </code>
              </>
            }
          />
        )}
        {notice && <Alert severity="success" className="fr-mb-3w" small description={notice} />}
      </div>
      {/* Field errors show under their field: the alert only says what has no field. */}
      {!hasFieldErrors && <ErrorAlert error={error} />}
      {tokens.loading && !tokens.data && <Loading />}
      {tokens.data && tokens.data.items.length === 0 && <p>Aucun jeton pour l'instant.</p>}
      {tokens.data && tokens.data.items.length > 0 && (
        <div className="fr-table fr-table--no-caption">
          <table>
            <caption>Mes jetons d'API</caption>
            <thead>
              <tr>
                <th scope="col">Nom</th>
                <th scope="col">Rattachement</th>
                <th scope="col">Créé le</th>
                <th scope="col">Expire le</th>
                <th scope="col">Dernière utilisation</th>
                <th scope="col">Action</th>
              </tr>
            </thead>
            <tbody>
              {tokens.data.items.map((t) => (
                <tr key={t.id}>
                  <td>
                    {t.name} <code>{t.prefix}…</code>
                  </td>
                  <td>{labels.get(t.membershipId) ?? "rattachement révoqué"}</td>
                  <td>{day(t.createdAt)}</td>
                  <td>{day(t.expiresAt)}</td>
                  <td>{day(t.lastUsedAt)}</td>
                  <td>
                    {t.revokedAt ? (
                      `Révoqué le ${day(t.revokedAt)}`
                    ) : (
                      <Button
                        size="small"
                        priority="secondary"
                        onClick={() => void onRevoke(t)}
                        nativeButtonProps={{ "aria-label": `Révoquer le jeton « ${t.name} »` }}
                      >
                        Révoquer
                      </Button>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      <h3 className="fr-h5">Créer un jeton</h3>
      <form onSubmit={(e) => void onCreate(e)} noValidate className="fr-col-12 fr-col-md-8">
        <Input
          label="Nom du jeton"
          hintText="Pour le reconnaître, par exemple « Tableur DDFE »"
          state={fieldErrors.name ? "error" : "default"}
          stateRelatedMessage={fieldErrors.name}
          nativeInputProps={{ value: name, onChange: (e) => setName(e.target.value), maxLength: 100 }}
        />
        <Select
          label="Rattachement"
          hint="Le jeton agit avec les droits de ce rattachement seulement"
          state={fieldErrors.membershipId ? "error" : "default"}
          stateRelatedMessage={fieldErrors.membershipId}
          nativeSelectProps={{ value: membershipId, onChange: (e) => setMembershipId(e.target.value) }}
        >
          {memberships.map((m) => (
            <option key={m.id} value={m.id}>
              {membershipLabel(m)}
            </option>
          ))}
        </Select>
        <Select
          label="Durée de validité"
          state={fieldErrors.expiresInDays ? "error" : "default"}
          stateRelatedMessage={fieldErrors.expiresInDays}
          nativeSelectProps={{ value: String(days), onChange: (e) => setDays(Number(e.target.value)) }}
        >
          {expiryChoices.map((d) => (
            <option key={d} value={d}>
              {d} jours
            </option>
          ))}
        </Select>
        <Button type="submit" disabled={busy || memberships.length === 0}>
          Créer le jeton
        </Button>
      </form>
    </section>
  );
}
