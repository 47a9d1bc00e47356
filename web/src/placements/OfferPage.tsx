import { Alert } from "@codegouvfr/react-dsfr/Alert";
import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { useState } from "react";
import { Link, useParams } from "react-router";
import {
  type Application,
  CONTACT_FIELDS,
  contactFieldLabels,
  type Offer,
  PROFESSIONS,
  type Profession,
  professionLabels,
} from "../../../shared/placements";
import { api, messageOf, type Page, request } from "../api";
import { useDepartment } from "../departments/DepartmentPage";
import { useSession } from "../session";
import { DepartmentBreadcrumb } from "../ui/Breadcrumbs";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useLoad, usePageTitle } from "../ui/hooks";
import { Loading } from "../ui/Loading";
import { ApplicationCard } from "./Applications";
import { StatusBadge } from "./BoardPage";
import { halfDaysText, placesText, scheduleText, stagesPath } from "./format";

const bounds = (o: Offer) =>
  o.schedule.kind === "period"
    ? { start: o.schedule.start, end: o.schedule.end }
    : { start: [...o.schedule.dates].sort()[0] ?? "", end: [...o.schedule.dates].sort().at(-1) ?? "" };

/** The offer: what the trainee will see and do, the contact, "Postuler", and the host's tools. */
export function OfferPage() {
  const { code = "", id = "" } = useParams();
  const department = useDepartment(code);
  const [notice, setNotice] = useState("");
  const offer = useLoad(
    (signal) => api.get<Offer>(`/departments/${code}/placements/${id}`, undefined, signal),
    [code, id],
  );
  const done = (message: string) => {
    setNotice(message);
    offer.reload();
  };
  const o = offer.data;
  usePageTitle(o ? o.title : "Offre de stage");
  if (offer.loading && !o) return <Loading />;
  if (!o) return <ErrorAlert error={offer.error} />;

  return (
    <>
      <DepartmentBreadcrumb
        code={code}
        name={department.data?.name}
        segments={[{ label: "Stages croisés", to: stagesPath(code) }]}
        current={o.title}
      />
      <h1>{o.title}</h1>
      {notice && <Alert className="fr-mb-3w" severity="success" small description={notice} />}
      <p>
        <StatusBadge status={o.status} /> {placesText(o)}
      </p>
      <dl className="app-offer">
        <dt>Organisation d'accueil</dt>
        <dd>
          {o.host.name} — {o.service}
        </dd>
        <dt>Lieu</dt>
        <dd>{o.commune.name}</dd>
        <dt>Durée et dates</dt>
        <dd>
          {halfDaysText(o.halfDays)}, {scheduleText(o.schedule)}
        </dd>
        <dt>Pour les professions</dt>
        <dd>
          {o.professions.map((p) => (
            <Badge key={p} small noIcon className="fr-mr-1w">
              {professionLabels[p]}
            </Badge>
          ))}
        </dd>
      </dl>
      <h2 className="fr-h4">Ce que le stagiaire verra et fera</h2>
      <p style={{ whiteSpace: "pre-line" }}>{o.description}</p>
      <h2 className="fr-h4">Contact</h2>
      <ul>
        {CONTACT_FIELDS.map((field) =>
          o.contact[field] !== undefined ? (
            o.contact[field] ? (
              <li key={field}>
                {contactFieldLabels[field]} : {o.contact[field]}
              </li>
            ) : null
          ) : (
            <li key={field}>
              {contactFieldLabels[field]} : <em>communiqué(e) une fois une candidature acceptée</em>
            </li>
          ),
        )}
      </ul>
      {o.viewer.canManage && <HostTools offer={o} onDone={done} />}
      {o.viewer.applicationId && <OwnApplication offer={o} applicationId={o.viewer.applicationId} />}
      {o.viewer.canApply && <ApplyForm offer={o} onDone={done} />}
    </>
  );
}

function HostTools({ offer: o, onDone }: { offer: Offer; onDone: (notice: string) => void }) {
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const [changed, setChanged] = useState<Record<string, Application>>({});
  const applications = useLoad(
    (signal) =>
      api.get<Page<Application>>(
        `/departments/${o.departmentCode}/placements/${o.id}/applications`,
        { limit: 100 },
        signal,
      ),
    [o.id, o.version],
  );
  const setState = async (action: "publish" | "close") => {
    setBusy(true);
    setError("");
    try {
      await request<Offer>("POST", `/departments/${o.departmentCode}/placements/${o.id}/${action}`, {
        body: {},
        headers: { "if-match": `"${o.version}"` },
      });
      onDone(action === "publish" ? "Offre publiée." : "Offre clôturée.");
    } catch (e) {
      setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const items = (applications.data?.items ?? []).map((a) => changed[a.id] ?? a);
  return (
    <section aria-labelledby="host-tools" className="fr-mt-4w">
      <h2 id="host-tools" className="fr-h4">
        Gérer l'offre
      </h2>
      {error && (
        <p className="fr-error-text" role="alert">
          {error}
        </p>
      )}
      <ul className="fr-btns-group fr-btns-group--inline-md">
        {o.state !== "closed" && (
          <li>
            <Link className="fr-btn fr-btn--secondary" to="modifier">
              Modifier
            </Link>
          </li>
        )}
        {o.state !== "published" && (
          <li>
            <Button type="button" disabled={busy} onClick={() => void setState("publish")}>
              Publier
            </Button>
          </li>
        )}
        {o.state === "published" && (
          <li>
            <Button type="button" priority="secondary" disabled={busy} onClick={() => void setState("close")}>
              Clôturer
            </Button>
          </li>
        )}
      </ul>
      <h3 className="fr-h5">Candidatures ({items.length})</h3>
      <ErrorAlert error={applications.error} />
      {applications.data && items.length === 0 && <p>Aucune candidature pour le moment.</p>}
      {items.map((a) => (
        <ApplicationCard
          key={a.id}
          application={a}
          onChange={(next) => {
            setChanged((c) => ({ ...c, [next.id]: next }));
            if (next.status === "accepted")
              onDone(`Candidature de ${next.applicant.name ?? next.applicant.email} acceptée.`);
          }}
        />
      ))}
    </section>
  );
}

function OwnApplication({ offer, applicationId }: { offer: Offer; applicationId: string }) {
  const [current, setCurrent] = useState<Application | null>(null);
  const loaded = useLoad(
    (signal) =>
      api.get<Application>(
        `/departments/${offer.departmentCode}/placements/${offer.id}/applications/${applicationId}`,
        undefined,
        signal,
      ),
    [applicationId],
  );
  const a = current ?? loaded.data;
  return (
    <section aria-labelledby="own-application" className="fr-mt-4w">
      <h2 id="own-application" className="fr-h4">
        Ma candidature
      </h2>
      <ErrorAlert error={loaded.error} />
      {a && <ApplicationCard application={a} onChange={setCurrent} />}
    </section>
  );
}

function ApplyForm({ offer: o, onDone }: { offer: Offer; onDone: (notice: string) => void }) {
  const { me } = useSession();
  const organisations = (me?.memberships ?? []).filter(
    (m) => m.departmentCode === o.departmentCode && m.organisationId && m.organisationId !== o.host.id,
  );
  const { start, end } = bounds(o);
  const [organisationId, setOrganisationId] = useState(organisations[0]?.organisationId ?? "");
  const [profession, setProfession] = useState<Profession>(o.professions[0] ?? "other");
  const [wantedStart, setWantedStart] = useState(start);
  const [wantedEnd, setWantedEnd] = useState(start);
  const [motivation, setMotivation] = useState("");
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  const submit = async () => {
    setBusy(true);
    setErrors({});
    setError("");
    try {
      await api.post<Application>(`/departments/${o.departmentCode}/placements/${o.id}/applications`, {
        ...(organisations.length > 1 ? { organisationId } : {}),
        profession,
        wantedStart,
        wantedEnd,
        motivation,
      });
      onDone("Candidature envoyée : l'organisation d'accueil va l'examiner.");
    } catch (e) {
      const fields = (e as { fieldErrors?: Record<string, string> }).fieldErrors ?? {};
      setErrors(fields);
      if (Object.keys(fields).length === 0) setError(messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const state = (field: string) =>
    errors[field] ? { state: "error" as const, stateRelatedMessage: errors[field] } : {};

  return (
    <section aria-labelledby="apply" className="fr-mt-4w">
      <h2 id="apply" className="fr-h4">
        Postuler
      </h2>
      <form
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {organisations.length > 1 && (
          <Select
            label="Pour l'organisation"
            {...state("organisationId")}
            nativeSelectProps={{
              name: "organisationId",
              value: organisationId,
              onChange: (e) => setOrganisationId(e.target.value),
            }}
          >
            {organisations.map((m) => (
              <option key={m.id} value={m.organisationId ?? ""}>
                {m.organisationName}
              </option>
            ))}
          </Select>
        )}
        <Select
          label="Votre profession"
          {...state("profession")}
          nativeSelectProps={{
            name: "profession",
            value: profession,
            onChange: (e) => setProfession(e.target.value as Profession),
          }}
        >
          {PROFESSIONS.map((p) => (
            <option key={p} value={p}>
              {professionLabels[p]}
            </option>
          ))}
        </Select>
        <div className="fr-grid-row fr-grid-row--gutters">
          <div className="fr-col-6">
            <Input
              label="Du"
              {...state("wantedStart")}
              nativeInputProps={{
                type: "date",
                name: "wantedStart",
                min: start,
                max: end,
                value: wantedStart,
                onChange: (e) => setWantedStart(e.target.value),
              }}
            />
          </div>
          <div className="fr-col-6">
            <Input
              label="Au"
              {...state("wantedEnd")}
              nativeInputProps={{
                type: "date",
                name: "wantedEnd",
                min: start,
                max: end,
                value: wantedEnd,
                onChange: (e) => setWantedEnd(e.target.value),
              }}
            />
          </div>
        </div>
        <Input
          label="Motivation"
          hintText="Quelques lignes : ce que vous attendez de ce stage (2000 caractères au plus)."
          textArea
          {...state("motivation")}
          nativeTextAreaProps={{
            name: "motivation",
            value: motivation,
            onChange: (e) => setMotivation(e.target.value),
          }}
        />
        {error && (
          <p className="fr-error-text" role="alert">
            {error}
          </p>
        )}
        <Button type="submit" disabled={busy}>
          Envoyer ma candidature
        </Button>
      </form>
    </section>
  );
}
