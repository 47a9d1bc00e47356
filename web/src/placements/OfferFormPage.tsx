import { Button } from "@codegouvfr/react-dsfr/Button";
import { Checkbox } from "@codegouvfr/react-dsfr/Checkbox";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { RadioButtons } from "@codegouvfr/react-dsfr/RadioButtons";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { useState } from "react";
import { useNavigate, useParams } from "react-router";
import type { Commune } from "../../../shared/departments";
import {
  CONTACT_FIELDS,
  type ContactField,
  contactFieldLabels,
  type Offer,
  PROFESSIONS,
  type Profession,
  professionLabels,
} from "../../../shared/placements";
import { api, messageOf } from "../api";
import { useDepartment } from "../departments/DepartmentPage";
import { useSession } from "../session";
import { DepartmentBreadcrumb } from "../ui/Breadcrumbs";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useLoad, usePageTitle } from "../ui/hooks";
import { Loading } from "../ui/Loading";
import { Picker, type PickerOption } from "../ui/Picker";
import { stagesPath } from "./format";

export function NewOfferPage() {
  usePageTitle("Proposer un stage croisé");
  return <OfferForm />;
}

export function EditOfferPage() {
  const { code = "", id = "" } = useParams();
  usePageTitle("Modifier l'offre");
  const offer = useLoad(
    (signal) => api.get<Offer>(`/departments/${code}/placements/${id}`, undefined, signal),
    [code, id],
  );
  if (offer.loading) return <Loading />;
  if (!offer.data) return <ErrorAlert error={offer.error} />;
  return <OfferForm offer={offer.data} />;
}

const lines = (text: string) =>
  text
    .split(/[\s,;]+/)
    .map((s) => s.trim())
    .filter(Boolean);

/** The offer form: creation (a draft) or changes (If-Match with the version read). */
function OfferForm({ offer }: { offer?: Offer }) {
  const { code = "" } = useParams();
  const navigate = useNavigate();
  const { me } = useSession();
  const department = useDepartment(code);
  const organisations = (me?.memberships ?? []).filter((m) => m.departmentCode === code && m.organisationId);
  const [host, setHost] = useState(offer?.host.id ?? organisations[0]?.organisationId ?? "");
  const [title, setTitle] = useState(offer?.title ?? "");
  const [service, setService] = useState(offer?.service ?? "");
  const [description, setDescription] = useState(offer?.description ?? "");
  const [professions, setProfessions] = useState<Profession[]>(offer?.professions ?? []);
  const [commune, setCommune] = useState<PickerOption | null>(
    offer
      ? { value: offer.commune.inseeCode, label: `${offer.commune.name} (${offer.commune.inseeCode})` }
      : null,
  );
  const [halfDays, setHalfDays] = useState(String(offer?.halfDays ?? 2));
  const [kind, setKind] = useState<"period" | "dates">(offer?.schedule.kind ?? "period");
  const [start, setStart] = useState(offer?.schedule.kind === "period" ? offer.schedule.start : "");
  const [end, setEnd] = useState(offer?.schedule.kind === "period" ? offer.schedule.end : "");
  const [dates, setDates] = useState(offer?.schedule.kind === "dates" ? offer.schedule.dates.join(" ") : "");
  const [capacity, setCapacity] = useState(String(offer?.capacity ?? 1));
  const [publishFrom, setPublishFrom] = useState(offer?.publishFrom ?? "");
  const [publishUntil, setPublishUntil] = useState(offer?.publishUntil ?? "");
  const [contact, setContact] = useState<Record<ContactField, string>>({
    name: offer?.contact.name ?? "",
    function: offer?.contact.function ?? "",
    email: offer?.contact.email ?? "",
    phone: offer?.contact.phone ?? "",
  });
  const [hidden, setHidden] = useState<ContactField[]>(offer?.contactHidden ?? ["email", "phone"]);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);

  const searchCommunes = async (q: string, signal: AbortSignal) => {
    const { items } = await api.get<{ items: Commune[] }>(
      `/departments/${code}/communes`,
      { q, limit: 10 },
      signal,
    );
    return items.map((c) => ({ value: c.inseeCode, label: `${c.name} (${c.inseeCode})` }));
  };

  const body = {
    service,
    title,
    description,
    professions,
    communeInseeCode: commune?.value ?? "",
    halfDays: Number(halfDays),
    schedule: kind === "period" ? { kind, start, end } : { kind, dates: lines(dates) },
    capacity: Number(capacity),
    publishFrom: publishFrom || null,
    publishUntil: publishUntil || null,
    contact,
    contactHidden: hidden,
  };

  const submit = async () => {
    setBusy(true);
    setErrors({});
    setError("");
    try {
      const saved = offer
        ? await api.patch<Offer>(`/departments/${code}/placements/${offer.id}`, body, {
            "if-match": `"${offer.version}"`,
          })
        : await api.post<Offer>(`/departments/${code}/placements`, { ...body, hostOrganisationId: host });
      navigate(`${stagesPath(code)}/${saved.id}`);
    } catch (e) {
      const fields = (e as { fieldErrors?: Record<string, string> }).fieldErrors ?? {};
      setErrors(fields);
      setError(Object.keys(fields).length ? "Certains champs sont à corriger." : messageOf(e));
    } finally {
      setBusy(false);
    }
  };
  const state = (field: string) =>
    errors[field] ? { state: "error" as const, stateRelatedMessage: errors[field] } : {};

  return (
    <>
      <DepartmentBreadcrumb
        code={code}
        name={department.data?.name}
        segments={[{ label: "Stages croisés", to: stagesPath(code) }]}
        current={offer ? "Modifier l'offre" : "Proposer un stage"}
      />
      <h1>{offer ? `Modifier « ${offer.title} »` : "Proposer un stage croisé"}</h1>
      <form
        className="app-offer-form"
        onSubmit={(e) => {
          e.preventDefault();
          void submit();
        }}
      >
        {!offer && (
          <Select
            label="Organisation d'accueil"
            {...state("hostOrganisationId")}
            nativeSelectProps={{
              name: "hostOrganisationId",
              value: host,
              onChange: (e) => setHost(e.target.value),
            }}
          >
            {organisations.map((m) => (
              <option key={m.id} value={m.organisationId ?? ""}>
                {m.organisationName}
              </option>
            ))}
          </Select>
        )}
        <Input
          label="Intitulé"
          {...state("title")}
          nativeInputProps={{ name: "title", value: title, onChange: (e) => setTitle(e.target.value) }}
        />
        <Input
          label="Service d'accueil"
          {...state("service")}
          nativeInputProps={{ name: "service", value: service, onChange: (e) => setService(e.target.value) }}
        />
        <Input
          label="Ce que le stagiaire verra et fera"
          textArea
          {...state("description")}
          nativeTextAreaProps={{
            name: "description",
            value: description,
            onChange: (e) => setDescription(e.target.value),
          }}
        />
        <Checkbox
          legend="Pour les professions"
          orientation="horizontal"
          {...state("professions")}
          options={PROFESSIONS.map((p) => ({
            label: professionLabels[p],
            nativeInputProps: {
              name: "professions",
              value: p,
              checked: professions.includes(p),
              onChange: (e) =>
                setProfessions((list) => (e.target.checked ? [...list, p] : list.filter((x) => x !== p))),
            },
          }))}
        />
        <Picker
          name="commune"
          label="Commune du stage"
          search={searchCommunes}
          selected={commune}
          onSelect={setCommune}
          error={errors.communeInseeCode}
        />
        <div className="fr-grid-row fr-grid-row--gutters">
          <div className="fr-col-6">
            <Input
              label="Durée (demi-journées)"
              {...state("halfDays")}
              nativeInputProps={{
                type: "number",
                min: 1,
                name: "halfDays",
                value: halfDays,
                onChange: (e) => setHalfDays(e.target.value),
              }}
            />
          </div>
          <div className="fr-col-6">
            <Input
              label="Places"
              {...state("capacity")}
              nativeInputProps={{
                type: "number",
                min: 1,
                name: "capacity",
                value: capacity,
                onChange: (e) => setCapacity(e.target.value),
              }}
            />
          </div>
        </div>
        <RadioButtons
          legend="Dates"
          orientation="horizontal"
          options={[
            {
              label: "Une période",
              nativeInputProps: { checked: kind === "period", onChange: () => setKind("period") },
            },
            {
              label: "Des jours précis",
              nativeInputProps: { checked: kind === "dates", onChange: () => setKind("dates") },
            },
          ]}
        />
        {kind === "period" ? (
          <div className="fr-grid-row fr-grid-row--gutters">
            <div className="fr-col-6">
              <Input
                label="Du"
                {...state("schedule/start")}
                nativeInputProps={{
                  type: "date",
                  name: "start",
                  value: start,
                  onChange: (e) => setStart(e.target.value),
                }}
              />
            </div>
            <div className="fr-col-6">
              <Input
                label="Au"
                {...state("schedule/end")}
                nativeInputProps={{
                  type: "date",
                  name: "end",
                  value: end,
                  onChange: (e) => setEnd(e.target.value),
                }}
              />
            </div>
          </div>
        ) : (
          <Input
            label="Jours"
            hintText="AAAA-MM-JJ, séparés par des espaces"
            {...state("schedule/dates")}
            nativeInputProps={{ name: "dates", value: dates, onChange: (e) => setDates(e.target.value) }}
          />
        )}
        <div className="fr-grid-row fr-grid-row--gutters">
          <div className="fr-col-6">
            <Input
              label="Publiée à partir du (facultatif)"
              {...state("publishFrom")}
              nativeInputProps={{
                type: "date",
                name: "publishFrom",
                value: publishFrom,
                onChange: (e) => setPublishFrom(e.target.value),
              }}
            />
          </div>
          <div className="fr-col-6">
            <Input
              label="Jusqu'au (facultatif)"
              {...state("publishUntil")}
              nativeInputProps={{
                type: "date",
                name: "publishUntil",
                value: publishUntil,
                onChange: (e) => setPublishUntil(e.target.value),
              }}
            />
          </div>
        </div>
        <fieldset className="fr-fieldset">
          <legend className="fr-fieldset__legend">Contact</legend>
          {CONTACT_FIELDS.map((field) => (
            <div key={field} className="fr-fieldset__element">
              <Input
                label={contactFieldLabels[field]}
                {...state(`contact/${field}`)}
                nativeInputProps={{
                  name: `contact-${field}`,
                  type: field === "email" ? "email" : field === "phone" ? "tel" : "text",
                  value: contact[field],
                  onChange: (e) => setContact((c) => ({ ...c, [field]: e.target.value })),
                }}
              />
              <Checkbox
                small
                options={[
                  {
                    label: "Communiqué seulement aux candidatures acceptées",
                    nativeInputProps: {
                      name: `hidden-${field}`,
                      checked: hidden.includes(field),
                      onChange: (e) =>
                        setHidden((h) => (e.target.checked ? [...h, field] : h.filter((x) => x !== field))),
                    },
                  },
                ]}
              />
            </div>
          ))}
        </fieldset>
        {error && (
          <p className="fr-error-text" role="alert">
            {error}
          </p>
        )}
        <Button type="submit" disabled={busy}>
          {offer ? "Enregistrer" : "Enregistrer le brouillon"}
        </Button>
      </form>
    </>
  );
}
