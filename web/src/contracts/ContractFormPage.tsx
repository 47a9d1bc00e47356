import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Checkbox } from "@codegouvfr/react-dsfr/Checkbox";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { RadioButtons } from "@codegouvfr/react-dsfr/RadioButtons";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { Stepper } from "@codegouvfr/react-dsfr/Stepper";
import { type FormEvent, type ReactNode, useEffect, useRef, useState } from "react";
import { useNavigate, useParams, useSearchParams } from "react-router";
import {
  COMPONENT_STATES,
  COUNCILS,
  type Council,
  componentStateLabels,
  councilLabels,
} from "../../../shared/contracts";
import type { Organisation } from "../../../shared/organisation";
import { ApiError, api, type Page } from "../api";
import { useDepartment } from "../departments/DepartmentPage";
import { useSession } from "../session";
import { DepartmentBreadcrumb } from "../ui/Breadcrumbs";
import { ErrorAlert } from "../ui/ErrorAlert";
import { focusFirstError } from "../ui/focus";
import { useLoad, usePageTitle } from "../ui/hooks";
import { Loading } from "../ui/Loading";
import { Picker, type PickerOption } from "../ui/Picker";
import {
  addSignatory,
  createContract,
  getContract,
  removeSignatory,
  updateContract,
  type Versioned,
} from "./api";
import { carriersOf, searchCommunes } from "./ContractsPage";
import { DocumentsSection } from "./DocumentsSection";
import { componentsBody, FORM_STEPS, population, stepIndex, toggled } from "./model";

/** A field's message from the API's problem (pointer "/coordinator/email" → "coordinator/email"). */
const fieldError = (error: unknown, field: string) =>
  error instanceof ApiError ? error.fieldErrors[field] : undefined;
const stateOf = (message: string | undefined) =>
  message ? { state: "error" as const, stateRelatedMessage: message } : {};

export const searchOrganisations = (code: string) => async (q: string, signal: AbortSignal) => {
  const { items } = await api.get<Page<Organisation>>(
    `/departments/${code}/organisations`,
    { q, limit: 10, archived: "false" },
    signal,
  );
  return items.map((o) => ({ value: o.id, label: o.name }));
};

/** The step's form: its own submit button, "previous" as a link-like button. */
function StepForm({
  onSubmit,
  onPrevious,
  submitLabel,
  busy,
  children,
}: {
  onSubmit: () => Promise<void>;
  onPrevious?: () => void;
  submitLabel: string;
  busy: boolean;
  children: ReactNode;
}) {
  const submit = (event: FormEvent) => {
    event.preventDefault();
    void onSubmit();
  };
  return (
    <form onSubmit={submit} noValidate className="fr-col-12 fr-col-md-10">
      {children}
      <ul className="fr-btns-group fr-btns-group--inline-md fr-mt-3w">
        {onPrevious && (
          <li>
            <Button type="button" priority="secondary" onClick={onPrevious}>
              Étape précédente
            </Button>
          </li>
        )}
        <li>
          <Button type="submit" disabled={busy}>
            {busy ? "Enregistrement…" : submitLabel}
          </Button>
        </li>
      </ul>
    </form>
  );
}

/** New contract: the first step creates the draft; the next ones edit it (`/:id/modifier?etape=n`). */
export function NewContractPage() {
  return <ContractForm />;
}

export function EditContractPage() {
  const { id = "" } = useParams();
  return <ContractForm id={id} />;
}

function ContractForm({ id }: { id?: string }) {
  const { code = "" } = useParams();
  const navigate = useNavigate();
  const [params, setParams] = useSearchParams();
  const step = id ? stepIndex(params.get("etape")) : 0;
  const department = useDepartment(code);
  const [current, setCurrent] = useState<Versioned | null>(null);
  const loaded = useLoad(
    async (signal) => {
      if (!id) return null;
      const v = await getContract(code, id, signal);
      setCurrent(v);
      return v;
    },
    [code, id],
  );
  const contract = current?.contract ?? null;
  usePageTitle(`${contract ? "Modifier le contrat" : "Nouveau contrat"} — étape ${step + 1}`);
  const heading = useRef<HTMLHeadingElement>(null);
  // biome-ignore lint/correctness/useExhaustiveDependencies: focus moves when the step changes
  useEffect(() => {
    heading.current?.focus();
  }, [step]);

  const goTo = (index: number, saved?: Versioned) => {
    if (saved) setCurrent(saved);
    const target = saved?.contract.id ?? id;
    if (!target) return;
    if (!id) navigate(`/departements/${code}/contrats/${target}/modifier?etape=${index + 1}`);
    else setParams({ etape: String(index + 1) });
  };
  const finish = () => navigate(`/departements/${code}/contrats/${id}`);

  const breadcrumb = (
    <DepartmentBreadcrumb
      code={code}
      name={department.data?.name}
      segments={[
        { label: "Contrats locaux", to: `/departements/${code}/contrats` },
        ...(contract ? [{ label: contract.title, to: `/departements/${code}/contrats/${contract.id}` }] : []),
      ]}
      current={contract ? "Modifier" : "Nouveau contrat"}
    />
  );
  if (id && loaded.loading && !current) return <Loading />;
  if (id && !current)
    return (
      <>
        {breadcrumb}
        <ErrorAlert error={loaded.error} />
      </>
    );
  if (contract && !contract.can.edit)
    return (
      <>
        {breadcrumb}
        <h1>{contract.title}</h1>
        <Alert
          severity="info"
          title="Vous ne pouvez pas modifier ce contrat"
          description="Seuls les membres de la collectivité porteuse modifient un contrat, tant qu'il n'est ni résilié ni échu."
        />
      </>
    );

  const stepProps = { code, current, onSaved: goTo, step };
  return (
    <>
      {breadcrumb}
      <h1 ref={heading} tabIndex={-1}>
        {contract ? `Modifier « ${contract.title} »` : "Nouveau contrat local"}
      </h1>
      <Stepper
        currentStep={step + 1}
        stepCount={FORM_STEPS.length}
        title={FORM_STEPS[step]}
        nextTitle={FORM_STEPS[step + 1]}
      />
      {contract && contract.status !== "draft" && step > 0 && step !== 3 && step !== 5 && (
        <Alert
          className="fr-mb-3w"
          severity="info"
          small
          description="Le contrat est signé : son territoire, ses signataires et ses dates changent par avenant, depuis la page du contrat."
        />
      )}
      {step === 0 && <CarrierStep {...stepProps} />}
      {step === 1 && current && <TerritoryStep {...stepProps} current={current} />}
      {step === 2 && current && <SignatoriesStep {...stepProps} current={current} />}
      {step === 3 && current && <ComponentsStep {...stepProps} current={current} />}
      {step === 4 && current && <DatesStep {...stepProps} current={current} />}
      {step === 5 && current && (
        <>
          <DocumentsSection code={code} contract={current.contract} headingLevel={2} />
          <ul className="fr-btns-group fr-btns-group--inline-md fr-mt-3w">
            <li>
              <Button type="button" priority="secondary" onClick={() => goTo(4)}>
                Étape précédente
              </Button>
            </li>
            <li>
              <Button type="button" onClick={finish}>
                Terminer et voir le contrat
              </Button>
            </li>
          </ul>
        </>
      )}
    </>
  );
}

type StepProps = {
  code: string;
  current: Versioned | null;
  step: number;
  onSaved: (next: number, saved?: Versioned) => void;
};

/** Runs a save; its error stays shown (and the first invalid field focused) until the next try. */
function useSave() {
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  const run = async (save: () => Promise<void>) => {
    setError(null);
    setBusy(true);
    try {
      await save();
    } catch (e) {
      setError(e);
      focusFirstError();
    } finally {
      setBusy(false);
    }
  };
  return { error, busy, run, setError };
}

function StaleNotice({ error }: { error: unknown }) {
  if (!(error instanceof ApiError) || error.status !== 412) return null;
  return (
    <p>
      <Button type="button" priority="secondary" size="small" onClick={() => window.location.reload()}>
        Recharger le contrat
      </Button>
    </p>
  );
}

function CarrierStep({ code, current, onSaved }: StepProps) {
  const { me } = useSession();
  const contract = current?.contract;
  const myOrganisations = new Set(
    (me?.memberships ?? [])
      .filter((m) => m.departmentCode === code && m.role === "member" && m.organisationId)
      .map((m) => m.organisationId),
  );
  const carriers = useLoad(
    async (signal) => (await carriersOf(code, signal)).filter((o) => myOrganisations.has(o.id)),
    [code, me],
  );
  const [form, setForm] = useState({
    title: contract?.title ?? "",
    carrierOrganisationId: contract?.carrier.id ?? "",
    council: (contract?.council ?? "") as Council | "",
    name: contract?.coordinator.name ?? "",
    function: contract?.coordinator.function ?? "",
    email: contract?.coordinator.email ?? "",
  });
  const save = useSave();
  const own = carriers.data ?? [];
  // One carrier possible: chosen for the user.
  useEffect(() => {
    const only = own.length === 1 ? own[0] : undefined;
    if (!contract && only && !form.carrierOrganisationId)
      setForm((f) => ({ ...f, carrierOrganisationId: only.id }));
  }, [own, contract, form.carrierOrganisationId]);
  const set = (field: keyof typeof form) => (e: { target: { value: string } }) =>
    setForm((f) => ({ ...f, [field]: e.target.value }));

  if (!contract && carriers.data && own.length === 0)
    return (
      <Alert
        severity="info"
        title="Seule une commune ou une intercommunalité porte un contrat"
        description="Vous n'êtes membre d'aucune commune ni d'aucun EPCI de ce département. Les partenaires signent le contrat depuis sa page."
      />
    );

  const coordinator = { name: form.name, function: form.function, email: form.email };
  const onSubmit = () =>
    save.run(async () => {
      const council = form.council || undefined;
      // Only what changed: once signed, the title and the council change by amendment only.
      const saved = contract
        ? await updateContract(code, contract.id, current.etag, {
            ...(form.title !== contract.title ? { title: form.title } : {}),
            ...(council !== contract.council ? { council } : {}),
            coordinator,
          })
        : await createContract(code, {
            title: form.title,
            carrierOrganisationId: form.carrierOrganisationId,
            council: council as Council,
            coordinator,
          });
      onSaved(1, saved);
    });
  const err = (field: string) => fieldError(save.error, field);
  const draft = !contract || contract.status === "draft";
  return (
    <StepForm
      onSubmit={onSubmit}
      submitLabel={contract ? "Enregistrer et continuer" : "Créer le brouillon et continuer"}
      busy={save.busy}
    >
      <ErrorAlert error={save.error} title="L'enregistrement a échoué" />
      <StaleNotice error={save.error} />
      <Input
        label="Intitulé du contrat"
        hintText="Par exemple : Contrat local contre les violences sexistes et sexuelles de la CU d'Arras"
        disabled={!draft}
        {...stateOf(err("title"))}
        nativeInputProps={{ name: "title", value: form.title, onChange: set("title"), required: true }}
      />
      {contract ? (
        <p>
          Collectivité porteuse : <strong>{contract.carrier.name}</strong>
        </p>
      ) : (
        <Select
          label="Collectivité porteuse"
          hint="Votre commune ou votre intercommunalité."
          {...stateOf(err("carrierOrganisationId"))}
          nativeSelectProps={{
            name: "carrierOrganisationId",
            value: form.carrierOrganisationId,
            onChange: set("carrierOrganisationId"),
            required: true,
          }}
        >
          <option value="" disabled>
            Choisir
          </option>
          {own.map((o) => (
            <option key={o.id} value={o.id}>
              {o.name}
            </option>
          ))}
        </Select>
      )}
      <RadioButtons
        legend="Instance de prévention"
        name="council"
        disabled={!draft}
        {...stateOf(err("council"))}
        options={COUNCILS.map((c) => ({
          label: councilLabels[c],
          nativeInputProps: {
            value: c,
            checked: form.council === c,
            onChange: () => setForm((f) => ({ ...f, council: c })),
          },
        }))}
      />
      <fieldset className="fr-fieldset">
        <legend className="fr-fieldset__legend">Coordination du contrat</legend>
        <div className="fr-fieldset__element">
          <Input
            label="Nom du coordinateur ou de la coordinatrice"
            {...stateOf(err("coordinator/name"))}
            nativeInputProps={{
              name: "coordinatorName",
              value: form.name,
              onChange: set("name"),
              autoComplete: "name",
            }}
          />
        </div>
        <div className="fr-fieldset__element">
          <Input
            label="Fonction"
            hintText="Par exemple : coordinatrice du CISPD"
            {...stateOf(err("coordinator/function"))}
            nativeInputProps={{
              name: "coordinatorFunction",
              value: form.function,
              onChange: set("function"),
            }}
          />
        </div>
        <div className="fr-fieldset__element">
          <Input
            label="Adresse électronique professionnelle"
            {...stateOf(err("coordinator/email"))}
            nativeInputProps={{
              name: "coordinatorEmail",
              type: "email",
              value: form.email,
              onChange: set("email"),
              autoComplete: "email",
            }}
          />
        </div>
      </fieldset>
    </StepForm>
  );
}

function TerritoryStep({ code, current, onSaved }: StepProps & { current: Versioned }) {
  const { contract, etag } = current;
  const names = useRef(new Map(contract.communes.map((c) => [c.inseeCode, c.name])));
  const [communes, setCommunes] = useState(contract.communes.map((c) => c.inseeCode));
  const [adding, setAdding] = useState<PickerOption | null>(null);
  const [pickerKey, setPickerKey] = useState(0);
  const save = useSave();
  const editable = contract.status === "draft";
  const onAdd = (option: PickerOption | null) => {
    setAdding(option);
    if (!option) return;
    names.current.set(option.value, option.label.replace(/ \(\w+\)$/, ""));
    setCommunes((list) => toggled(list, option.value, true));
    setAdding(null);
    setPickerKey((k) => k + 1);
  };
  const onSubmit = () =>
    save.run(async () => {
      const same = JSON.stringify(communes) === JSON.stringify(contract.communes.map((c) => c.inseeCode));
      onSaved(2, editable && !same ? await updateContract(code, contract.id, etag, { communes }) : undefined);
    });
  return (
    <StepForm
      onSubmit={onSubmit}
      onPrevious={() => onSaved(0)}
      submitLabel="Enregistrer et continuer"
      busy={save.busy}
    >
      <ErrorAlert error={save.error} title="L'enregistrement a échoué" />
      <StaleNotice error={save.error} />
      <p>
        {contract.carrier.kind === "epci"
          ? "Le territoire est prérempli avec les communes membres de l'intercommunalité dans le département."
          : "Le territoire est prérempli avec la commune porteuse."}{" "}
        Population couverte actuellement enregistrée : {population(contract.population)} habitants.
      </p>
      {editable ? (
        <>
          <Checkbox
            legend={`Communes couvertes (${communes.length})`}
            hintText="Décochez une commune pour la retirer du territoire."
            {...stateOf(fieldError(save.error, "communes"))}
            options={[...new Set([...contract.communes.map((c) => c.inseeCode), ...communes])]
              .sort()
              .map((inseeCode) => ({
                label: `${names.current.get(inseeCode) ?? inseeCode} (${inseeCode})`,
                nativeInputProps: {
                  name: "communes",
                  value: inseeCode,
                  checked: communes.includes(inseeCode),
                  onChange: (e) => setCommunes((list) => toggled(list, inseeCode, e.target.checked)),
                },
              }))}
          />
          <Picker
            key={pickerKey}
            name="addCommune"
            label="Ajouter une commune du département"
            hint="Tapez le début du nom ou le code INSEE, puis choisissez dans la liste officielle."
            search={searchCommunes(code)}
            selected={adding}
            onSelect={onAdd}
          />
        </>
      ) : (
        <ul>
          {contract.communes.map((c) => (
            <li key={c.inseeCode}>
              {c.name} ({population(c.population)} hab.)
            </li>
          ))}
        </ul>
      )}
    </StepForm>
  );
}

function SignatoriesStep({ code, current, onSaved }: StepProps & { current: Versioned }) {
  const { contract } = current;
  const [organisation, setOrganisation] = useState<PickerOption | null>(null);
  const [pickerKey, setPickerKey] = useState(0);
  const [role, setRole] = useState("");
  const [local, setLocal] = useState<Record<string, string>>({});
  const save = useSave();
  const editable = contract.can.manageSignatories;

  const onAdd = () =>
    save.run(async () => {
      const problems: Record<string, string> = {};
      if (!organisation) problems.organisationId = "Choisissez une organisation du département.";
      if (!role.trim()) problems.role = "Indiquez son rôle dans le contrat.";
      setLocal(problems);
      if (!organisation || Object.keys(problems).length > 0) {
        focusFirstError();
        return;
      }
      const saved = await addSignatory(code, contract.id, current.etag, {
        organisationId: organisation.value,
        role: role.trim(),
      });
      setOrganisation(null);
      setPickerKey((k) => k + 1);
      setRole("");
      onSaved(2, saved);
    });
  const onRemove = (organisationId: string) =>
    save.run(async () => onSaved(2, await removeSignatory(code, contract.id, current.etag, organisationId)));

  return (
    <>
      <ErrorAlert error={save.error} title="L'enregistrement a échoué" />
      <StaleNotice error={save.error} />
      <p>
        Chaque organisation signataire enregistre elle-même sa signature depuis la page du contrat ; le
        contrat devient signé quand toutes ont signé.
      </p>
      {contract.signatories.length === 0 ? (
        <p>Aucun signataire pour l'instant.</p>
      ) : (
        <div className="fr-table">
          <table>
            <caption>Signataires ({contract.signatories.length})</caption>
            <thead>
              <tr>
                <th scope="col">Organisation</th>
                <th scope="col">Rôle dans le contrat</th>
                {editable && <th scope="col">Action</th>}
              </tr>
            </thead>
            <tbody>
              {contract.signatories.map((s) => (
                <tr key={s.organisationId}>
                  <td>{s.organisationName}</td>
                  <td>{s.role}</td>
                  {editable && (
                    <td>
                      <Button
                        type="button"
                        priority="tertiary"
                        size="small"
                        disabled={save.busy}
                        onClick={() => void onRemove(s.organisationId)}
                        title={`Retirer ${s.organisationName}`}
                      >
                        Retirer
                      </Button>
                    </td>
                  )}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {editable && (
        <StepForm onSubmit={onAdd} submitLabel="Ajouter ce signataire" busy={save.busy}>
          <h2 className="fr-h5">Ajouter un signataire</h2>
          <Picker
            key={pickerKey}
            name="organisationId"
            label="Organisation du département"
            hint="EPCI, services de l'État, hôpital, France Travail, CAF, CPAM, bailleurs, barreau, associations, SIAO…"
            search={searchOrganisations(code)}
            selected={organisation}
            onSelect={setOrganisation}
            error={local.organisationId ?? fieldError(save.error, "organisationId")}
          />
          <Input
            label="Rôle dans le contrat"
            hintText="Par exemple : aide aux victimes, accès aux droits, hébergement"
            {...stateOf(local.role ?? fieldError(save.error, "role"))}
            nativeInputProps={{ name: "role", value: role, onChange: (e) => setRole(e.target.value) }}
          />
        </StepForm>
      )}
      <ul className="fr-btns-group fr-btns-group--inline-md fr-mt-3w">
        <li>
          <Button type="button" priority="secondary" onClick={() => onSaved(1)}>
            Étape précédente
          </Button>
        </li>
        <li>
          <Button type="button" onClick={() => onSaved(3)}>
            Continuer
          </Button>
        </li>
      </ul>
    </>
  );
}

function ComponentsStep({ code, current, onSaved }: StepProps & { current: Versioned }) {
  const { contract, etag } = current;
  const [components, setComponents] = useState(
    contract.components.map((c) => ({ ...c, state: c.state ?? ("" as const) })),
  );
  const save = useSave();
  const onSubmit = () =>
    save.run(async () => {
      const body = componentsBody(components.map((c) => ({ ...c, state: c.state || null })));
      onSaved(4, await updateContract(code, contract.id, etag, { components: body }));
    });
  return (
    <StepForm
      onSubmit={onSubmit}
      onPrevious={() => onSaved(2)}
      submitLabel="Enregistrer et continuer"
      busy={save.busy}
    >
      <ErrorAlert error={save.error} title="L'enregistrement a échoué" />
      <StaleNotice error={save.error} />
      <p>
        Les volets que la fiche 4.4 demande, puis ceux ajoutés par le département. Aucune donnée sur des
        personnes victimes : seulement l'organisation mise en place.
      </p>
      {components.map((c, i) => (
        <fieldset key={c.key} className="fr-fieldset">
          <legend className="fr-fieldset__legend">{c.label}</legend>
          {c.description && <p className="fr-text--sm fr-fieldset__element">{c.description}</p>}
          <div className="fr-fieldset__element">
            <Select
              label="État"
              {...stateOf(fieldError(save.error, `components/${i}/state`))}
              nativeSelectProps={{
                name: `state-${c.key}`,
                value: c.state,
                onChange: (e) =>
                  setComponents((list) =>
                    list.map((x) =>
                      x.key === c.key ? { ...x, state: e.target.value as typeof x.state } : x,
                    ),
                  ),
              }}
            >
              <option value="">Non renseigné</option>
              {COMPONENT_STATES.map((s) => (
                <option key={s} value={s}>
                  {componentStateLabels[s]}
                </option>
              ))}
            </Select>
          </div>
          <div className="fr-fieldset__element">
            <Input
              label="Précisions"
              hintText={
                c.key === "resource_person"
                  ? "Coordonnées professionnelles uniquement."
                  : "1000 caractères au plus."
              }
              textArea
              {...stateOf(fieldError(save.error, `components/${i}/text`))}
              nativeTextAreaProps={{
                name: `text-${c.key}`,
                value: c.text,
                rows: 2,
                maxLength: 1000,
                onChange: (e) =>
                  setComponents((list) =>
                    list.map((x) => (x.key === c.key ? { ...x, text: e.target.value } : x)),
                  ),
              }}
            />
          </div>
        </fieldset>
      ))}
    </StepForm>
  );
}

function DatesStep({ code, current, onSaved }: StepProps & { current: Versioned }) {
  const { contract, etag } = current;
  const [dates, setDates] = useState({ startsOn: contract.startsOn ?? "", endsOn: contract.endsOn ?? "" });
  const save = useSave();
  const editable = contract.status === "draft";
  const onSubmit = () =>
    save.run(async () => {
      const body = { startsOn: dates.startsOn || null, endsOn: dates.endsOn || null };
      const same = body.startsOn === contract.startsOn && body.endsOn === contract.endsOn;
      onSaved(5, editable && !same ? await updateContract(code, contract.id, etag, body) : undefined);
    });
  return (
    <StepForm
      onSubmit={onSubmit}
      onPrevious={() => onSaved(3)}
      submitLabel="Enregistrer et continuer"
      busy={save.busy}
    >
      <ErrorAlert error={save.error} title="L'enregistrement a échoué" />
      <StaleNotice error={save.error} />
      <p>
        La date de signature est celle de la dernière signature enregistrée. Le contrat est en vigueur du jour
        de début au jour de fin inclus (heure de Paris), et pas avant d'être signé.
      </p>
      <Input
        label="Début"
        disabled={!editable}
        {...stateOf(fieldError(save.error, "startsOn"))}
        nativeInputProps={{
          type: "date",
          name: "startsOn",
          value: dates.startsOn,
          onChange: (e) => setDates((d) => ({ ...d, startsOn: e.target.value })),
        }}
      />
      <Input
        label="Fin"
        disabled={!editable}
        {...stateOf(fieldError(save.error, "endsOn"))}
        nativeInputProps={{
          type: "date",
          name: "endsOn",
          value: dates.endsOn,
          onChange: (e) => setDates((d) => ({ ...d, endsOn: e.target.value })),
        }}
      />
    </StepForm>
  );
}
