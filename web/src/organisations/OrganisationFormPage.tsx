import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { createModal } from "@codegouvfr/react-dsfr/Modal";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { type FormEvent, type ReactNode, useEffect, useRef, useState } from "react";
import { Link, useNavigate, useParams } from "react-router";
import type { Commune, Epci } from "../../../shared/departments";
import type { Organisation } from "../../../shared/organisation";
import { ApiError, api } from "../api";
import { useDepartment } from "../departments/DepartmentPage";
import { canManageOrganisations, rolesIn, useSession } from "../session";
import { DepartmentBreadcrumb } from "../ui/Breadcrumbs";
import { ErrorAlert } from "../ui/ErrorAlert";
import { focusFirstError } from "../ui/focus";
import { plural } from "../ui/french";
import { useLoad, usePageTitle } from "../ui/hooks";
import { Loading } from "../ui/Loading";
import { Picker, type PickerOption } from "../ui/Picker";
import { CompanyRegisterProposal } from "./CompanyRegisterProposal";
import { applyProposal, existingHolder } from "./companyRegister";
import { identifierOf } from "./identifier";
import {
  checkCreate,
  createBody,
  identifierFieldsOf,
  isOrganisationKind,
  kindLabel,
  type OrganisationKind,
  organisationKindLabels,
  organisationKinds,
} from "./kinds";

const archiveModal = createModal({ id: "archive-organisation", isOpenedByDefault: false });

/** The API's rule for an RNA number, as its own error message words it. */
const rnaHint = "W suivi de 9 chiffres (2A ou 2B possibles pour la Corse), par exemple W623000123";

/** After a refused submit, focus the first invalid input so the user lands on the problem. */
const fieldLabels: Record<string, string> = {
  kind: "Type",
  name: "Nom",
  inseeCode: "Commune",
  siren: "Intercommunalité",
  siret: "SIRET",
  rna: "Numéro RNA",
  address: "Adresse",
};

/** Field errors that no input of the form shows, so they are not lost. */
function otherErrors(error: unknown, shown: string[]): string[] {
  if (!(error instanceof ApiError)) return [];
  return Object.entries(error.fieldErrors)
    .filter(([field]) => !shown.includes(field))
    .map(([field, detail]) => `${fieldLabels[field] ?? field} : ${detail}`);
}

function FormError({ error, shown }: { error: unknown; shown: string[] }) {
  const others = otherErrors(error, shown);
  const fields = error instanceof ApiError && error.status < 500 ? Object.keys(error.fieldErrors).length : 0;
  // Every message sits under its own input: the alert points at them rather than repeating them.
  if (fields > 0 && others.length === 0 && !(error instanceof ApiError && error.status === 401))
    return <FieldsAlert error={error} count={fields} />;
  return (
    <>
      <ErrorAlert error={error} title="L'enregistrement a échoué" />
      {others.length > 0 && (
        <ul className="fr-error-text">
          {others.map((o) => (
            <li key={o}>{o}</li>
          ))}
        </ul>
      )}
    </>
  );
}

function FieldsAlert({ error, count }: { error: unknown; count: number }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (error) ref.current?.focus();
  }, [error]);
  return (
    <div ref={ref} tabIndex={-1} className="fr-mb-3w">
      <Alert
        severity="error"
        as="h2"
        title="L'enregistrement a échoué"
        description={plural(
          count,
          "Corrigez le champ signalé ci-dessous.",
          "Corrigez les champs signalés ci-dessous.",
        )}
      />
    </div>
  );
}

/** Field messages: the browser's own checks, else the API's problem `errors[]`. */
const errorsOf = (error: unknown, local: Record<string, string> = {}): Record<string, string> =>
  error instanceof ApiError ? { ...error.fieldErrors, ...local } : local;

const fieldState = (errors: Record<string, string>, field: string, node?: ReactNode) => {
  const message = errors[field];
  return message ? { state: "error" as const, stateRelatedMessage: node ?? message } : {};
};

const thisIdentifier: Record<string, string> = { siret: "Ce SIRET", rna: "Ce numéro RNA" };

/**
 * A duplicate identifier's message names the organisation that has it, with a link to it:
 * « Ce SIRET est déjà celui de <nom> ».
 */
function duplicateMessage(error: unknown, code: string, field: "siret" | "rna"): ReactNode | undefined {
  const holder = existingHolder(error);
  if (!holder || !(error instanceof ApiError) || !error.fieldErrors[field]) return undefined;
  return (
    <>
      {thisIdentifier[field]} est déjà celui de{" "}
      <Link to={`/departements/${code}/organisations/${holder.id}`}>{holder.name}</Link>.
    </>
  );
}

/** DSFR styles the error; aria-invalid tells assistive technologies too. */
const ariaInvalid = (errors: Record<string, string>, field: string) =>
  errors[field] ? { "aria-invalid": true as const } : {};

export function NewOrganisationPage() {
  usePageTitle("Nouvelle organisation");
  const { code = "" } = useParams();
  const navigate = useNavigate();
  const { me } = useSession();
  const department = useDepartment(code);
  const canManage = canManageOrganisations(rolesIn(me, code));
  const [kind, setKind] = useState<OrganisationKind | "">("");
  const [values, setValues] = useState({
    name: "",
    inseeCode: "",
    siren: "",
    siret: "",
    rna: "",
    address: "",
  });
  const [commune, setCommune] = useState<PickerOption | null>(null);
  const [epci, setEpci] = useState<PickerOption | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [local, setLocal] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);

  const set = (field: keyof typeof values) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [field]: e.target.value }));

  const searchCommunes = async (q: string, signal: AbortSignal) => {
    const { items } = await api.get<{ items: Commune[] }>(
      `/departments/${code}/communes`,
      { q, limit: 10 },
      signal,
    );
    return items.map((c) => ({ value: c.inseeCode, label: `${c.name} (${c.inseeCode})` }));
  };
  const searchEpcis = async (q: string, signal: AbortSignal) => {
    const { items } = await api.get<{ items: Epci[] }>(
      `/departments/${code}/epcis`,
      { q, limit: 10 },
      signal,
    );
    return items.map((e) => ({ value: e.siren, label: `${e.name} (SIREN ${e.siren})` }));
  };

  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    if (!kind) {
      setLocal({ kind: "Choisissez le type d'organisation." });
      return;
    }
    const all = { ...values, inseeCode: commune?.value ?? "", siren: epci?.value ?? "" };
    const problems = checkCreate(kind, all);
    setLocal(problems);
    if (Object.keys(problems).length > 0) {
      focusFirstError();
      return;
    }
    setBusy(true);
    try {
      const body = createBody(kind, all);
      const created = await api.post<Organisation>(`/departments/${code}/organisations`, body);
      navigate(`/departements/${code}/organisations`, {
        state: { notice: `L'organisation « ${created.name} » a été ajoutée.` },
      });
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const errors = errorsOf(error, local);
  const fields = kind ? identifierFieldsOf(kind) : null;
  const shown = ["kind", "name", "address", ...(fields ? [fields.required, fields.optional ?? ""] : [])];
  const nameIsOptional = kind === "commune" || kind === "epci";

  const breadcrumb = (
    <DepartmentBreadcrumb
      code={code}
      name={department.data?.name}
      segments={[{ label: "Organisations", to: `/departements/${code}/organisations` }]}
      current="Nouvelle organisation"
    />
  );
  if (!canManage) {
    return (
      <>
        {breadcrumb}
        <h1>Nouvelle organisation</h1>
        <Alert
          className="fr-mb-3w"
          severity="info"
          title="Seule la préfecture peut ajouter une organisation"
          description="Demandez à la préfecture du département d'ajouter l'organisation qui vous manque."
        />
        <Button priority="secondary" linkProps={{ to: `/departements/${code}/organisations` }}>
          Retour aux organisations
        </Button>
      </>
    );
  }

  return (
    <>
      {breadcrumb}
      <h1>Nouvelle organisation</h1>
      <FormError error={error} shown={shown} />
      <form onSubmit={(e) => void onSubmit(e)} noValidate className="fr-col-12 fr-col-md-8">
        <Select
          label="Type d'organisation"
          hint="Le type détermine l'identifiant officiel demandé."
          state={errors.kind ? "error" : "default"}
          stateRelatedMessage={errors.kind}
          nativeSelectProps={{
            name: "kind",
            required: true,
            value: kind,
            onChange: (e) => {
              setKind(isOrganisationKind(e.target.value) ? e.target.value : "");
              setLocal({});
              setError(null);
            },
          }}
        >
          <option value="" disabled>
            Choisir un type
          </option>
          {organisationKinds.map((k) => (
            <option key={k} value={k}>
              {organisationKindLabels[k]}
            </option>
          ))}
        </Select>

        {kind === "commune" && (
          <Picker
            name="inseeCode"
            label="Commune"
            hint="Tapez le début du nom ou le code INSEE, puis choisissez dans la liste officielle."
            search={searchCommunes}
            selected={commune}
            onSelect={setCommune}
            error={errors.inseeCode}
          />
        )}
        {kind === "epci" && (
          <Picker
            name="siren"
            label="Intercommunalité (EPCI)"
            hint="Tapez le début du nom ou le SIREN, puis choisissez dans la liste officielle."
            search={searchEpcis}
            selected={epci}
            onSelect={setEpci}
            error={errors.siren}
          />
        )}
        {kind === "association" && (
          <Input
            label="Numéro RNA"
            hintText={rnaHint}
            {...fieldState(errors, "rna", duplicateMessage(error, code, "rna"))}
            nativeInputProps={{
              ...ariaInvalid(errors, "rna"),
              name: "rna",
              value: values.rna,
              onChange: set("rna"),
              autoComplete: "off",
            }}
          />
        )}
        {fields && (fields.required === "siret" || fields.optional === "siret") && (
          <>
            <Input
              label={fields.required === "siret" ? "SIRET" : "SIRET (facultatif)"}
              hintText="14 chiffres, par exemple 130 007 669 00018 : le nom et l'adresse du répertoire des entreprises vous seront proposés"
              {...fieldState(errors, "siret", duplicateMessage(error, code, "siret"))}
              nativeInputProps={{
                ...ariaInvalid(errors, "siret"),
                name: "siret",
                value: values.siret,
                onChange: set("siret"),
                inputMode: "numeric",
                autoComplete: "off",
              }}
            />
            <CompanyRegisterProposal
              code={code}
              siret={values.siret}
              values={values}
              onAccept={(entry) => setValues((v) => applyProposal(v, entry))}
            />
          </>
        )}
        {kind && (
          <Input
            label={nameIsOptional ? "Nom (facultatif)" : "Nom"}
            hintText={nameIsOptional ? "Par défaut, le nom officiel." : undefined}
            {...fieldState(errors, "name")}
            nativeInputProps={{
              ...ariaInvalid(errors, "name"),
              name: "name",
              value: values.name,
              onChange: set("name"),
              autoComplete: "off",
            }}
          />
        )}
        {kind && (
          <Input
            label="Adresse (facultatif)"
            hintText="Sur une ligne, par exemple 12 quai Gambetta 62200 Boulogne-sur-Mer"
            {...fieldState(errors, "address")}
            nativeInputProps={{
              ...ariaInvalid(errors, "address"),
              name: "address",
              value: values.address,
              onChange: set("address"),
              autoComplete: "street-address",
            }}
          />
        )}
        <ul className="fr-btns-group fr-btns-group--inline-md">
          <li>
            <Button type="submit" disabled={busy}>
              Ajouter l'organisation
            </Button>
          </li>
          <li>
            <Button priority="secondary" linkProps={{ to: `/departements/${code}/organisations` }}>
              Annuler
            </Button>
          </li>
        </ul>
      </form>
    </>
  );
}

export function OrganisationPage() {
  const { code = "", id = "" } = useParams();
  const navigate = useNavigate();
  const { me } = useSession();
  const department = useDepartment(code);
  const canManage = canManageOrganisations(rolesIn(me, code));
  const [saved, setSaved] = useState<Organisation | null>(null);
  const [form, setForm] = useState<{ name: string; siret: string; rna: string; address: string } | null>(
    null,
  );
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const [notice, setNotice] = useState("");
  const [archiveBusy, setArchiveBusy] = useState(false);
  const archiving = useRef(false);
  const loaded = useLoad(
    async (signal) => {
      const o = await api.get<Organisation>(`/departments/${code}/organisations/${id}`, undefined, signal);
      setSaved(o);
      setForm({ name: o.name, siret: o.siret ?? "", rna: o.rna ?? "", address: o.address ?? "" });
      return o;
    },
    [code, id],
  );
  const o = saved ?? loaded.data;
  usePageTitle(o ? o.name : "Organisation");

  const breadcrumb = (
    <DepartmentBreadcrumb
      code={code}
      name={department.data?.name}
      segments={[{ label: "Organisations", to: `/departements/${code}/organisations` }]}
      current={o?.name ?? "Organisation"}
    />
  );
  if (loaded.loading) return <Loading />;
  if (!o || !form) {
    return (
      <>
        {breadcrumb}
        <ErrorAlert error={loaded.error} />
      </>
    );
  }

  const kind = isOrganisationKind(o.kind) ? o.kind : "other";
  const fields = identifierFieldsOf(kind);
  const usesSiret = fields.required === "siret" || fields.optional === "siret";
  const usesRna = fields.required === "rna";
  const editable = canManage && !o.archivedAt;

  const onSave = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setNotice("");
    setBusy(true);
    try {
      const body: Record<string, string | null> = {
        name: form.name.trim(),
        address: form.address.trim() || null,
      };
      if (usesSiret) body.siret = form.siret.replace(/\s+/g, "") || null;
      if (usesRna) body.rna = form.rna.replace(/\s+/g, "").toUpperCase();
      const updated = await api.patch<Organisation>(`/departments/${code}/organisations/${id}`, body, {
        "if-match": `"${o.version}"`,
      });
      setSaved(updated);
      setNotice("Les modifications ont été enregistrées.");
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };

  const onArchive = async () => {
    // A second click while the first POST runs would archive twice (and the second one fails).
    if (archiving.current) return;
    archiving.current = true;
    setArchiveBusy(true);
    setError(null);
    try {
      const archived = await api.post<Organisation>(`/departments/${code}/organisations/${id}/archive`);
      archiveModal.close();
      navigate(`/departements/${code}/organisations`, {
        state: { notice: `L'organisation « ${archived.name} » a été archivée.` },
      });
    } catch (e) {
      archiveModal.close();
      setError(e);
    } finally {
      archiving.current = false;
      setArchiveBusy(false);
    }
  };

  return (
    <>
      {breadcrumb}
      <h1>{o.name}</h1>
      <p>
        <Badge severity="info" noIcon className="fr-mr-1w">
          {kindLabel(o.kind)}
        </Badge>
        {o.archivedAt ? (
          <Badge severity="warning">Archivée le {new Date(o.archivedAt).toLocaleDateString("fr-FR")}</Badge>
        ) : null}
      </p>
      <p className={o.address ? "fr-mb-1w" : undefined}>{identifierOf(o)}</p>
      {o.address && <p>{o.address}</p>}
      {notice && <Alert className="fr-mb-3w" severity="success" small description={notice} />}
      <FormError
        error={error}
        shown={["name", "address", ...(usesSiret ? ["siret"] : []), ...(usesRna ? ["rna"] : [])]}
      />
      {editable ? (
        <form onSubmit={(e) => void onSave(e)} noValidate className="fr-col-12 fr-col-md-8">
          <Input
            label="Nom"
            {...fieldState(errorsOf(error), "name")}
            nativeInputProps={{
              ...ariaInvalid(errorsOf(error), "name"),
              name: "name",
              value: form.name,
              onChange: (e) => setForm({ ...form, name: e.target.value }),
            }}
          />
          {usesRna && (
            <Input
              label="Numéro RNA"
              hintText={rnaHint}
              {...fieldState(errorsOf(error), "rna", duplicateMessage(error, code, "rna"))}
              nativeInputProps={{
                ...ariaInvalid(errorsOf(error), "rna"),
                name: "rna",
                value: form.rna,
                onChange: (e) => setForm({ ...form, rna: e.target.value }),
              }}
            />
          )}
          {usesSiret && (
            <>
              <Input
                label={fields.required === "siret" ? "SIRET" : "SIRET (facultatif)"}
                hintText="14 chiffres"
                {...fieldState(errorsOf(error), "siret", duplicateMessage(error, code, "siret"))}
                nativeInputProps={{
                  ...ariaInvalid(errorsOf(error), "siret"),
                  name: "siret",
                  value: form.siret,
                  inputMode: "numeric",
                  onChange: (e) => setForm({ ...form, siret: e.target.value }),
                }}
              />
              <CompanyRegisterProposal
                code={code}
                siret={form.siret}
                savedSiret={o.siret}
                values={form}
                onAccept={(entry) => setForm((f) => (f ? applyProposal(f, entry) : f))}
              />
            </>
          )}
          <Input
            label="Adresse (facultatif)"
            {...fieldState(errorsOf(error), "address")}
            nativeInputProps={{
              ...ariaInvalid(errorsOf(error), "address"),
              name: "address",
              value: form.address,
              onChange: (e) => setForm({ ...form, address: e.target.value }),
              autoComplete: "street-address",
            }}
          />
          <ul className="fr-btns-group fr-btns-group--inline-md">
            <li>
              <Button type="submit" disabled={busy}>
                Enregistrer
              </Button>
            </li>
            <li>
              <Button
                type="button"
                priority="tertiary"
                iconId="fr-icon-archive-line"
                nativeButtonProps={archiveModal.buttonProps}
              >
                Archiver
              </Button>
            </li>
          </ul>
        </form>
      ) : (
        !canManage && (
          <p className="fr-text--sm">Seule la préfecture peut modifier les organisations du département.</p>
        )
      )}
      <archiveModal.Component
        title="Archiver cette organisation ?"
        buttons={[
          { children: "Annuler", priority: "secondary", doClosesModal: true },
          {
            children: archiveBusy ? "Archivage…" : "Archiver",
            onClick: () => void onArchive(),
            doClosesModal: false,
            disabled: archiveBusy,
          },
        ]}
      >
        « {o.name} » n'apparaîtra plus dans les listes du département. Son historique est conservé.
      </archiveModal.Component>
    </>
  );
}
