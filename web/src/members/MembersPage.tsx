import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { createModal } from "@codegouvfr/react-dsfr/Modal";
import { useIsModalOpen } from "@codegouvfr/react-dsfr/Modal/useIsModalOpen";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { Table } from "@codegouvfr/react-dsfr/Table";
import { type FormEvent, useRef, useState } from "react";
import { useParams } from "react-router";
import type { Member, Organisation } from "../../../shared/organisation";
import type { Page } from "../api";
import { ApiError, api } from "../api";
import { useDepartment } from "../departments/DepartmentPage";
import { roleLabels, rolesIn, useSession } from "../session";
import { DepartmentBreadcrumb } from "../ui/Breadcrumbs";
import { ErrorAlert } from "../ui/ErrorAlert";
import { focusWhenShown } from "../ui/focus";
import { useLoad, usePageTitle } from "../ui/hooks";
import { Loading } from "../ui/Loading";
import "./members.css";
import { openModal } from "../ui/dsfr";
import { signInStatus } from "./model";

const revokeModal = createModal({ id: "revoke-member", isOpenedByDefault: false });
const dateFormat = new Intl.DateTimeFormat("fr-FR", { dateStyle: "short" });
/** Every active organisation of the département, for the membership's organisation select. */
async function allOrganisations(code: string, signal: AbortSignal): Promise<Organisation[]> {
  const out: Organisation[] = [];
  let cursor: string | null = null;
  for (let page = 0; page < 20; page++) {
    const result: Page<Organisation> = await api.get<Page<Organisation>>(
      `/departments/${code}/organisations`,
      { limit: 100, archived: "false", cursor },
      signal,
    );
    out.push(...result.items);
    cursor = result.nextCursor;
    if (!cursor) break;
  }
  return out;
}

const fieldState = (error: unknown, field: string) => {
  const message = error instanceof ApiError ? error.fieldErrors[field] : undefined;
  return message ? { state: "error" as const, stateRelatedMessage: message } : {};
};

const ariaInvalid = (error: unknown, field: string) =>
  error instanceof ApiError && error.fieldErrors[field] ? { "aria-invalid": true as const } : {};

export function MembersPage() {
  usePageTitle("Membres");
  const { code = "" } = useParams();
  const { me } = useSession();
  const roles = rolesIn(me, code);
  const isNational = roles.includes("national");
  const department = useDepartment(code);
  const members = useLoad(
    (signal) => api.get<{ items: Member[] }>(`/departments/${code}/members`, undefined, signal),
    [code],
  );
  const organisations = useLoad((signal) => allOrganisations(code, signal), [code]);
  const [form, setForm] = useState({ email: "", name: "", role: "member", organisationId: "" });
  const [error, setError] = useState<unknown>(null);
  const [notice, setNotice] = useState("");
  const [busy, setBusy] = useState(false);
  const [target, setTarget] = useState<Member | null>(null);
  const [resending, setResending] = useState<string | null>(null);

  const onAdd = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setNotice("");
    setBusy(true);
    try {
      const body: Record<string, string> = { email: form.email.trim(), role: form.role };
      if (form.name.trim()) body.name = form.name.trim();
      if (form.organisationId) body.organisationId = form.organisationId;
      const added = await api.post<Member>(`/departments/${code}/members`, body);
      setNotice(
        `${added.email} fait désormais partie des membres du département. Une invitation lui a été envoyée par courriel (lien de connexion valable 7 jours).`,
      );
      focusNotice();
      setForm({ email: "", name: "", role: "member", organisationId: "" });
      members.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  /** Where focus goes when the dialog closes: its button, or the notice once that row is gone. */
  const opener = useRef<HTMLElement | null>(null);
  const noticeRef = useRef<HTMLDivElement>(null);
  /** What gets focus once the dialog is closed (an error focuses itself). */
  const after = useRef<"opener" | "notice" | "error">("opener");
  useIsModalOpen(revokeModal, {
    onConceal: () =>
      requestAnimationFrame(() => {
        if (after.current === "notice") focusNotice();
        else if (after.current === "opener" && opener.current?.isConnected) opener.current.focus();
        after.current = "opener";
      }),
  });

  const onRevoke = async () => {
    if (!target) return;
    setError(null);
    setNotice("");
    try {
      await api.delete(`/departments/${code}/members/${target.membershipId}`);
      setNotice(`L'accès de ${target.email} a été retiré.`);
      after.current = "notice";
      members.reload();
    } catch (e) {
      after.current = "error";
      setError(e);
    } finally {
      revokeModal.close();
    }
  };

  const focusNotice = () => focusWhenShown(() => noticeRef.current);

  const onResend = async (m: Member) => {
    setError(null);
    setNotice("");
    setResending(m.membershipId);
    try {
      await api.post<Member>(`/departments/${code}/members/${m.membershipId}/invitation`);
      setNotice(
        `Une nouvelle invitation a été envoyée à ${m.email} (lien valable 7 jours) ; le lien précédent ne fonctionne plus.`,
      );
      focusNotice();
      members.reload();
    } catch (e) {
      setError(e);
    } finally {
      setResending(null);
    }
  };

  const canManage = (m: Member) => m.role === "member" || isNational;
  const canRevoke = (m: Member) => m.userId !== me?.user.id && canManage(m);
  const canResend = (m: Member) => m.lastSignInAt === null && canManage(m);

  return (
    <>
      <DepartmentBreadcrumb code={code} name={department.data?.name} current="Membres" />
      <h1>Membres{department.data ? ` — ${department.data.name}` : ""}</h1>
      {notice && (
        <div ref={noticeRef} tabIndex={-1}>
          <Alert className="fr-mb-3w" severity="success" small description={notice} />
        </div>
      )}
      <ErrorAlert error={members.error ?? error} />
      {members.loading && <Loading />}
      {members.data && members.data.items.length === 0 && <p>Aucun membre pour l'instant.</p>}
      {members.data && members.data.items.length > 0 && (
        <Table
          caption={`Personnes ayant accès au département (${members.data.items.length})`}
          headers={[
            "Nom",
            "Adresse électronique",
            "Rôle",
            "Organisation",
            "Depuis le",
            "Connexion",
            "Actions",
          ]}
          data={members.data.items.map((m) => [
            m.name ?? "—",
            m.email,
            roleLabels[m.role] ?? m.role,
            m.organisationName ?? "—",
            dateFormat.format(new Date(m.createdAt)),
            signInStatus(m),
            <div key="actions" className="app-members__actions">
              {canResend(m) && (
                <Button
                  size="small"
                  priority="secondary"
                  type="button"
                  disabled={resending === m.membershipId}
                  onClick={() => void onResend(m)}
                >
                  Renvoyer l'invitation<span className="fr-sr-only"> à {m.email}</span>
                </Button>
              )}
              {canRevoke(m) && (
                <Button
                  size="small"
                  priority="tertiary"
                  type="button"
                  onClick={(e) => {
                    opener.current = e.currentTarget;
                    setTarget(m);
                    openModal(revokeModal);
                  }}
                >
                  Retirer l'accès<span className="fr-sr-only"> de {m.email}</span>
                </Button>
              )}
            </div>,
          ])}
        />
      )}

      {!members.error && (
        <section className="fr-mt-5w fr-col-12 fr-col-md-8">
          <h2>Ajouter un membre</h2>
          <form onSubmit={(e) => void onAdd(e)} noValidate>
            <Input
              label="Adresse électronique"
              {...fieldState(error, "email")}
              nativeInputProps={{
                ...ariaInvalid(error, "email"),
                name: "email",
                type: "email",
                autoComplete: "off",
                value: form.email,
                onChange: (e) => setForm({ ...form, email: e.target.value }),
              }}
            />
            <Input
              label="Nom (facultatif)"
              {...fieldState(error, "name")}
              nativeInputProps={{
                ...ariaInvalid(error, "name"),
                name: "name",
                autoComplete: "off",
                value: form.name,
                onChange: (e) => setForm({ ...form, name: e.target.value }),
              }}
            />
            <Select
              label="Rôle"
              hint={
                isNational ? undefined : "Seule l'administration centrale peut ajouter un rôle préfecture."
              }
              {...fieldState(error, "role")}
              nativeSelectProps={{
                ...ariaInvalid(error, "role"),
                name: "role",
                value: form.role,
                onChange: (e) => setForm({ ...form, role: e.target.value }),
              }}
            >
              <option value="member">{roleLabels.member} (saisit pour son organisation)</option>
              {isNational && <option value="prefecture">{roleLabels.prefecture}</option>}
            </Select>
            <Select
              label={form.role === "member" ? "Organisation" : "Organisation (facultatif)"}
              {...fieldState(error, "organisationId")}
              nativeSelectProps={{
                ...ariaInvalid(error, "organisationId"),
                name: "organisationId",
                value: form.organisationId,
                onChange: (e) => setForm({ ...form, organisationId: e.target.value }),
              }}
            >
              <option value="">{organisations.loading ? "Chargement…" : "Choisir une organisation"}</option>
              {(organisations.data ?? []).map((o) => (
                <option key={o.id} value={o.id}>
                  {o.name}
                </option>
              ))}
            </Select>
            <Button type="submit" disabled={busy}>
              Ajouter le membre
            </Button>
          </form>
        </section>
      )}

      <revokeModal.Component
        title="Retirer l'accès ?"
        buttons={[
          { children: "Annuler", priority: "secondary", doClosesModal: true },
          { children: "Retirer l'accès", onClick: () => void onRevoke(), doClosesModal: false },
        ]}
      >
        {target ? `${target.email} ne pourra plus accéder à ce département.` : ""}
      </revokeModal.Component>
    </>
  );
}
