import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Checkbox } from "@codegouvfr/react-dsfr/Checkbox";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { type FormEvent, type ReactNode, useEffect, useRef, useState } from "react";
import { Link, useParams } from "react-router";
import type { z } from "zod";
import {
  type AmendmentCreate,
  type Contract,
  type ContractCommentSchema,
  type ContractVersion,
  componentStateLabels,
  contractStatusLabels,
  councilLabels,
} from "../../../shared/contracts";
import { ApiError, api } from "../api";
import { useDepartment } from "../departments/DepartmentPage";
import { DepartmentBreadcrumb } from "../ui/Breadcrumbs";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useLoad, usePageTitle } from "../ui/hooks";
import { Loading } from "../ui/Loading";
import { Picker, type PickerOption } from "../ui/Picker";
import {
  amendContract,
  apiUrl,
  contractPath,
  getContract,
  recordSignature,
  terminateContract,
  type Versioned,
} from "./api";
import { searchOrganisations } from "./ContractFormPage";
import { DocumentsSection } from "./DocumentsSection";
import "./contracts.css";
import {
  changedLabel,
  componentStateSeverity,
  frenchDate,
  frenchDateTime,
  population,
  signatureProgress,
  statusSeverity,
  todayInParis,
  versionKindLabels,
} from "./model";

type Comment = z.infer<typeof ContractCommentSchema>;

const fieldError = (error: unknown, field: string) =>
  error instanceof ApiError ? error.fieldErrors[field] : undefined;
const stateOf = (message: string | undefined) =>
  message ? { state: "error" as const, stateRelatedMessage: message } : {};

/** A form shown on demand under its button; focus goes into it on opening and back on closing. */
function Disclosure({
  label,
  id,
  children,
}: {
  label: string;
  id: string;
  children: (close: () => void) => ReactNode;
}) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const panel = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (open) panel.current?.querySelector<HTMLElement>("input, textarea, select")?.focus();
  }, [open]);
  const close = () => {
    setOpen(false);
    requestAnimationFrame(() => button.current?.focus());
  };
  return (
    <div className="fr-mb-2w">
      <Button
        type="button"
        priority={open ? "tertiary" : "secondary"}
        size="small"
        ref={button}
        nativeButtonProps={{ "aria-expanded": open, "aria-controls": id }}
        onClick={() => setOpen((o) => !o)}
      >
        {open ? "Fermer" : label}
      </Button>
      <div id={id} ref={panel} hidden={!open} className="fr-mt-2w">
        {open && children(close)}
      </div>
    </div>
  );
}

/** Runs a write that answers the new contract; errors stay shown until the next try. */
function useWrite(onSaved: (v: Versioned) => void) {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async (write: () => Promise<Versioned>, done?: () => void) => {
    setError(null);
    setBusy(true);
    try {
      onSaved(await write());
      done?.();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, run };
}

export function ContractPage() {
  const { code = "", id = "" } = useParams();
  const department = useDepartment(code);
  const [current, setCurrent] = useState<Versioned | null>(null);
  const [notice, setNotice] = useState("");
  const loaded = useLoad(
    async (signal) => {
      const v = await getContract(code, id, signal);
      setCurrent(v);
      return v;
    },
    [code, id],
  );
  const contract = current?.contract;
  usePageTitle(contract?.title ?? "Contrat local");
  const history = useLoad(
    (signal) =>
      api.get<{ items: ContractVersion[] }>(`${contractPath(code, id)}/versions`, undefined, signal),
    [code, id, contract?.version],
  );
  const onSaved = (message: string) => (v: Versioned) => {
    setCurrent(v);
    setNotice(message);
  };

  const breadcrumb = (
    <DepartmentBreadcrumb
      code={code}
      name={department.data?.name}
      segments={[{ label: "Contrats locaux", to: `/departements/${code}/contrats` }]}
      current={contract?.title ?? "Contrat"}
    />
  );
  if (loaded.loading && !current) return <Loading />;
  if (!current || !contract)
    return (
      <>
        {breadcrumb}
        <ErrorAlert error={loaded.error} />
      </>
    );
  const progress = signatureProgress(contract.signatories);
  const base = contractPath(code, id);

  return (
    <>
      {breadcrumb}
      <h1>{contract.title}</h1>
      <p>
        <Badge severity={statusSeverity[contract.status]} noIcon className="fr-mr-1w app-contract__status">
          {contractStatusLabels[contract.status]}
        </Badge>
        {contract.amendments > 0 && (
          <Badge severity="info" noIcon small>
            {contract.amendments} avenant{contract.amendments > 1 ? "s" : ""}
          </Badge>
        )}
      </p>
      {notice && (
        <Alert
          className="fr-mb-3w"
          severity="success"
          small
          description={notice}
          closable
          onClose={() => setNotice("")}
        />
      )}
      <ul className="fr-btns-group fr-btns-group--inline-md fr-btns-group--icon-left">
        {contract.can.edit && (
          <li>
            <Link className="fr-btn fr-icon-edit-line" to="modifier?etape=1">
              Modifier
            </Link>
          </li>
        )}
        <li>
          <a
            className="fr-btn fr-btn--secondary fr-icon-download-line"
            href={apiUrl(`${base}/summary.pdf`)}
            download
          >
            Synthèse (PDF)
          </a>
        </li>
        <li>
          <a
            className="fr-btn fr-btn--tertiary fr-icon-printer-line"
            href={apiUrl(`${base}/summary.html`)}
            target="_blank"
            rel="noopener"
            title="Synthèse imprimable (HTML) — nouvelle fenêtre"
          >
            Synthèse imprimable
          </a>
        </li>
      </ul>

      <dl className="app-contract__facts">
        <dt>Collectivité porteuse</dt>
        <dd>{contract.carrier.name}</dd>
        <dt>Instance</dt>
        <dd>{councilLabels[contract.council]}</dd>
        <dt>Coordination</dt>
        <dd>
          {contract.coordinator.name}, {contract.coordinator.function} —{" "}
          <a href={`mailto:${contract.coordinator.email}`}>{contract.coordinator.email}</a>
        </dd>
        <dt>Signé le</dt>
        <dd>{frenchDate(contract.signedOn)}</dd>
        <dt>Période</dt>
        <dd>
          du {frenchDate(contract.startsOn)} au {frenchDate(contract.endsOn)}
        </dd>
        {contract.terminatedOn && (
          <>
            <dt>Résilié à compter du</dt>
            <dd>
              {frenchDate(contract.terminatedOn)} — {contract.terminationReason}
            </dd>
          </>
        )}
        <dt>Territoire</dt>
        <dd>
          {contract.communes.length} commune{contract.communes.length > 1 ? "s" : ""},{" "}
          {population(contract.population)} habitants
        </dd>
      </dl>
      <details className="fr-mb-4w">
        <summary>Communes couvertes</summary>
        <ul>
          {contract.communes.map((c) => (
            <li key={c.inseeCode}>
              {c.name} ({c.inseeCode}) — {population(c.population)} hab.
            </li>
          ))}
        </ul>
      </details>

      <Signatures
        code={code}
        current={current}
        progress={progress}
        onSaved={onSaved("La signature a été enregistrée.")}
      />

      <section aria-labelledby="volets" className="fr-mb-4w">
        <h2 id="volets" className="fr-h4">
          Volets du contrat
        </h2>
        <div className="fr-table">
          <table>
            <caption className="fr-sr-only">Volets et leur avancement</caption>
            <thead>
              <tr>
                <th scope="col">Volet</th>
                <th scope="col">État</th>
                <th scope="col">Précisions</th>
              </tr>
            </thead>
            <tbody>
              {contract.components.map((c) => (
                <tr key={c.key}>
                  <td>{c.label}</td>
                  <td>
                    {c.state ? (
                      <Badge severity={componentStateSeverity[c.state]} small noIcon>
                        {componentStateLabels[c.state]}
                      </Badge>
                    ) : (
                      "Non renseigné"
                    )}
                  </td>
                  <td>{c.text || "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      </section>

      <div className="fr-mb-4w">
        <DocumentsSection code={code} contract={contract} headingLevel={2} />
      </div>

      {contract.can.amend && (
        <section aria-labelledby="avenant" className="fr-mb-4w">
          <h2 id="avenant" className="fr-h4">
            Avenant
          </h2>
          <p>
            Changer les dates ou les signataires d'un contrat signé : la version précédente reste dans
            l'historique.
          </p>
          <Disclosure label="Enregistrer un avenant" id="avenant-form">
            {(close) => (
              <AmendmentForm
                code={code}
                current={current}
                onSaved={(v) => {
                  onSaved("L'avenant a été enregistré.")(v);
                  close();
                }}
              />
            )}
          </Disclosure>
        </section>
      )}

      {contract.can.terminate && (
        <section aria-labelledby="resiliation" className="fr-mb-4w">
          <h2 id="resiliation" className="fr-h4">
            Résiliation
          </h2>
          <Disclosure label="Résilier" id="resiliation-form">
            {(close) => (
              <TerminationForm
                code={code}
                current={current}
                onSaved={(v) => {
                  onSaved("Le contrat a été résilié.")(v);
                  close();
                }}
              />
            )}
          </Disclosure>
        </section>
      )}

      <Comments code={code} id={id} canComment={contract.can.comment} />

      <section aria-labelledby="historique" className="fr-mb-4w">
        <h2 id="historique" className="fr-h4">
          Historique des versions
        </h2>
        <ErrorAlert error={history.error} />
        {history.data && (
          <ol className="app-contract__history">
            {[...history.data.items].reverse().map((v) => (
              <li key={v.version}>
                <strong>
                  Version {v.version} — {versionKindLabels[v.kind]}
                  {v.amendment ? ` n° ${v.amendment.number} du ${frenchDate(v.amendment.signedOn)}` : ""}
                </strong>
                , le {frenchDateTime(v.at)}
                {v.actor ? ` par ${v.actor.name ?? v.actor.email}` : ""}
                {v.amendment && <> : {v.amendment.summary}</>}
                {v.changed.length > 0 && (
                  <span className="fr-text--sm"> (modifié : {changedLabel(v.changed)})</span>
                )}
              </li>
            ))}
          </ol>
        )}
      </section>
    </>
  );
}

function Signatures({
  code,
  current,
  progress,
  onSaved,
}: {
  code: string;
  current: Versioned;
  progress: ReturnType<typeof signatureProgress>;
  onSaved: (v: Versioned) => void;
}) {
  const { contract } = current;
  const mine = contract.signatories.filter(
    (s) => contract.can.sign.includes(s.organisationId) && !s.signedOn,
  );
  return (
    <section aria-labelledby="signatures" className="fr-mb-4w">
      <h2 id="signatures" className="fr-h4">
        Signatures ({progress.signed} sur {progress.total})
      </h2>
      {contract.status === "draft" && progress.total > 0 && (
        <p>
          {progress.missing === 0
            ? "Toutes les organisations ont signé."
            : `En attente de ${progress.missing} signature${progress.missing > 1 ? "s" : ""} : le contrat sera signé quand toutes les organisations auront signé.`}
        </p>
      )}
      {contract.signatories.length === 0 ? (
        <p>Aucun signataire pour l'instant.</p>
      ) : (
        <div className="fr-table">
          <table>
            <caption className="fr-sr-only">Organisations signataires</caption>
            <thead>
              <tr>
                <th scope="col">Organisation</th>
                <th scope="col">Rôle</th>
                <th scope="col">Signataire</th>
                <th scope="col">Date</th>
              </tr>
            </thead>
            <tbody>
              {contract.signatories.map((s) => (
                <tr key={s.organisationId}>
                  <td>{s.organisationName}</td>
                  <td>{s.role}</td>
                  <td>{s.signerName ? `${s.signerName}, ${s.signerFunction}` : "—"}</td>
                  <td>
                    {s.signedOn ? (
                      frenchDate(s.signedOn)
                    ) : (
                      <Badge severity="warning" small noIcon>
                        En attente
                      </Badge>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {mine.map((s) => (
        <Disclosure
          key={s.organisationId}
          label={`Enregistrer notre signature (${s.organisationName})`}
          id={`signer-${s.organisationId}`}
        >
          {() => (
            <SignatureForm
              code={code}
              contract={contract}
              organisationId={s.organisationId}
              onSaved={onSaved}
            />
          )}
        </Disclosure>
      ))}
    </section>
  );
}

function SignatureForm({
  code,
  contract,
  organisationId,
  onSaved,
}: {
  code: string;
  contract: Contract;
  organisationId: string;
  onSaved: (v: Versioned) => void;
}) {
  const [form, setForm] = useState({ signerName: "", signerFunction: "", signedOn: todayInParis() });
  const write = useWrite(onSaved);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void write.run(() => recordSignature(code, contract.id, organisationId, form));
  };
  const set = (field: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [field]: e.target.value }));
  return (
    <form onSubmit={onSubmit} noValidate className="fr-col-12 fr-col-md-8">
      <ErrorAlert error={write.error} title="La signature n'a pas été enregistrée" />
      <Input
        label="Nom de la personne qui signe"
        {...stateOf(fieldError(write.error, "signerName"))}
        nativeInputProps={{
          name: "signerName",
          value: form.signerName,
          onChange: set("signerName"),
          autoComplete: "name",
        }}
      />
      <Input
        label="Fonction"
        hintText="Par exemple : directrice, président"
        {...stateOf(fieldError(write.error, "signerFunction"))}
        nativeInputProps={{
          name: "signerFunction",
          value: form.signerFunction,
          onChange: set("signerFunction"),
        }}
      />
      <Input
        label="Date de signature"
        {...stateOf(fieldError(write.error, "signedOn"))}
        nativeInputProps={{ type: "date", name: "signedOn", value: form.signedOn, onChange: set("signedOn") }}
      />
      <Button type="submit" disabled={write.busy}>
        Enregistrer la signature
      </Button>
    </form>
  );
}

function TerminationForm({
  code,
  current,
  onSaved,
}: {
  code: string;
  current: Versioned;
  onSaved: (v: Versioned) => void;
}) {
  const [form, setForm] = useState({ terminatedOn: todayInParis(), reason: "" });
  const write = useWrite(onSaved);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    void write.run(() => terminateContract(code, current.contract.id, current.etag, form));
  };
  return (
    <form onSubmit={onSubmit} noValidate className="fr-col-12 fr-col-md-8">
      <ErrorAlert error={write.error} title="La résiliation n'a pas été enregistrée" />
      <Input
        label="Motif de la résiliation"
        textArea
        {...stateOf(fieldError(write.error, "reason"))}
        nativeTextAreaProps={{
          name: "reason",
          value: form.reason,
          rows: 3,
          onChange: (e) => setForm((f) => ({ ...f, reason: e.target.value })),
        }}
      />
      <Input
        label="Le contrat ne s'applique plus à compter du"
        {...stateOf(fieldError(write.error, "terminatedOn"))}
        nativeInputProps={{
          type: "date",
          name: "terminatedOn",
          value: form.terminatedOn,
          onChange: (e) => setForm((f) => ({ ...f, terminatedOn: e.target.value })),
        }}
      />
      <Button type="submit" disabled={write.busy}>
        Résilier le contrat
      </Button>
    </form>
  );
}

function AmendmentForm({
  code,
  current,
  onSaved,
}: {
  code: string;
  current: Versioned;
  onSaved: (v: Versioned) => void;
}) {
  const { contract } = current;
  const [form, setForm] = useState({
    signedOn: todayInParis(),
    summary: "",
    startsOn: contract.startsOn ?? "",
    endsOn: contract.endsOn ?? "",
  });
  const [remove, setRemove] = useState<string[]>([]);
  const [organisation, setOrganisation] = useState<PickerOption | null>(null);
  const [added, setAdded] = useState({ role: "", signerName: "", signerFunction: "" });
  const write = useWrite(onSaved);
  const onSubmit = (event: FormEvent) => {
    event.preventDefault();
    const changes: AmendmentCreate["changes"] = {};
    if ((form.startsOn || null) !== contract.startsOn) changes.startsOn = form.startsOn || null;
    if ((form.endsOn || null) !== contract.endsOn) changes.endsOn = form.endsOn || null;
    if (remove.length > 0) changes.removeSignatories = remove;
    if (organisation)
      changes.addSignatories = [{ organisationId: organisation.value, ...added, signedOn: form.signedOn }];
    void write.run(() =>
      amendContract(code, contract.id, current.etag, {
        signedOn: form.signedOn,
        summary: form.summary,
        changes,
      }),
    );
  };
  const set = (field: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [field]: e.target.value }));
  const err = (field: string) => fieldError(write.error, field);
  return (
    <form onSubmit={onSubmit} noValidate className="fr-col-12 fr-col-md-8">
      <ErrorAlert error={write.error} title="L'avenant n'a pas été enregistré" />
      <Input
        label="Objet de l'avenant"
        {...stateOf(err("summary"))}
        nativeInputProps={{ name: "summary", value: form.summary, onChange: set("summary") }}
      />
      <Input
        label="Date de l'avenant"
        {...stateOf(err("signedOn"))}
        nativeInputProps={{
          type: "date",
          name: "amendmentSignedOn",
          value: form.signedOn,
          onChange: set("signedOn"),
        }}
      />
      <Input
        label="Début"
        {...stateOf(err("changes/startsOn"))}
        nativeInputProps={{
          type: "date",
          name: "amendmentStartsOn",
          value: form.startsOn,
          onChange: set("startsOn"),
        }}
      />
      <Input
        label="Fin"
        {...stateOf(err("changes/endsOn"))}
        nativeInputProps={{
          type: "date",
          name: "amendmentEndsOn",
          value: form.endsOn,
          onChange: set("endsOn"),
        }}
      />
      {contract.signatories.length > 0 && (
        <Checkbox
          legend="Signataires retirés par l'avenant"
          options={contract.signatories.map((s) => ({
            label: s.organisationName,
            nativeInputProps: {
              name: "removeSignatories",
              value: s.organisationId,
              checked: remove.includes(s.organisationId),
              onChange: (e) =>
                setRemove((r) =>
                  e.target.checked ? [...r, s.organisationId] : r.filter((x) => x !== s.organisationId),
                ),
            },
          }))}
        />
      )}
      <fieldset className="fr-fieldset">
        <legend className="fr-fieldset__legend">Nouveau signataire (facultatif) : il signe l'avenant</legend>
        <div className="fr-fieldset__element">
          <Picker
            name="addSignatory"
            label="Organisation"
            search={searchOrganisations(code)}
            selected={organisation}
            onSelect={setOrganisation}
            error={err("changes/addSignatories/0/organisationId")}
          />
        </div>
        {(["role", "signerName", "signerFunction"] as const).map((field) => (
          <div className="fr-fieldset__element" key={field}>
            <Input
              label={
                {
                  role: "Rôle dans le contrat",
                  signerName: "Nom du signataire",
                  signerFunction: "Fonction du signataire",
                }[field]
              }
              {...stateOf(err(`changes/addSignatories/0/${field}`))}
              nativeInputProps={{
                name: `added-${field}`,
                value: added[field],
                onChange: (e) => setAdded((a) => ({ ...a, [field]: e.target.value })),
              }}
            />
          </div>
        ))}
      </fieldset>
      {err("changes") && <p className="fr-error-text">{err("changes")}</p>}
      <Button type="submit" disabled={write.busy}>
        Enregistrer l'avenant
      </Button>
    </form>
  );
}

function Comments({ code, id, canComment }: { code: string; id: string; canComment: boolean }) {
  const path = `${contractPath(code, id)}/comments`;
  const comments = useLoad((signal) => api.get<{ items: Comment[] }>(path, undefined, signal), [path]);
  const [text, setText] = useState("");
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const onSubmit = async (event: FormEvent) => {
    event.preventDefault();
    setError(null);
    setBusy(true);
    try {
      await api.post(path, { text });
      setText("");
      comments.reload();
    } catch (e) {
      setError(e);
    } finally {
      setBusy(false);
    }
  };
  const items = comments.data?.items ?? [];
  return (
    <section aria-labelledby="commentaires" className="fr-mb-4w">
      <h2 id="commentaires" className="fr-h4">
        Commentaires
      </h2>
      <ErrorAlert error={comments.error} />
      {comments.data && items.length === 0 && <p>Aucun commentaire.</p>}
      {items.length > 0 && (
        <ul>
          {items.map((c) => (
            <li key={c.id} className="fr-mb-1w">
              <span className="fr-text--sm">
                {c.authorRole === "prefecture" ? "Préfecture" : (c.authorName ?? "Collectivité porteuse")}, le{" "}
                {frenchDateTime(c.at)} :
              </span>{" "}
              {c.text}
            </li>
          ))}
        </ul>
      )}
      {canComment && (
        <form onSubmit={(e) => void onSubmit(e)} noValidate className="fr-col-12 fr-col-md-8">
          <ErrorAlert error={error} title="Le commentaire n'a pas été enregistré" />
          <Input
            label="Ajouter un commentaire"
            textArea
            {...stateOf(fieldError(error, "text"))}
            nativeTextAreaProps={{
              name: "comment",
              value: text,
              rows: 3,
              onChange: (e) => setText(e.target.value),
            }}
          />
          <Button type="submit" disabled={busy}>
            Publier le commentaire
          </Button>
        </form>
      )}
    </section>
  );
}
