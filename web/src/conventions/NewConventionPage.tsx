import { Button } from "@codegouvfr/react-dsfr/Button";
import { Input } from "@codegouvfr/react-dsfr/Input";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { type FormEvent, useState } from "react";
import { useNavigate, useParams, useSearchParams } from "react-router";
import type { Convention } from "../../../shared/conventions";
import type { Application } from "../../../shared/placements";
import { ApiError, api } from "../api";
import { useDepartment } from "../departments/DepartmentPage";
import { DepartmentBreadcrumb } from "../ui/Breadcrumbs";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useLoad, usePageTitle } from "../ui/hooks";
import { frenchDate } from "./model";

/** From an accepted application (its id comes in `?candidature=` from the host's inbox). */
export function NewConventionPage() {
  const { code = "" } = useParams();
  const [search] = useSearchParams();
  const navigate = useNavigate();
  const department = useDepartment(code);
  usePageTitle("Établir une convention");
  const [values, setValues] = useState({
    applicationId: search.get("candidature") ?? "",
    startsOn: "",
    endsOn: "",
    objectives: "",
  });
  const [error, setError] = useState<unknown>(null);
  const [busy, setBusy] = useState(false);
  // Accepted applications the caller's organisations received or sent (placements' inbox).
  const accepted = useLoad(
    async (signal) => {
      const sides = await Promise.all(
        (["host", "applicant"] as const).map((side) =>
          api.get<{ items: Application[] }>(
            `/departments/${code}/placement-applications`,
            { side, status: "accepted", limit: 100 },
            signal,
          ),
        ),
      );
      const byId = new Map(sides.flatMap((p) => p.items).map((a) => [a.id, a]));
      return [...byId.values()];
    },
    [code],
  );
  const errors = error instanceof ApiError ? error.fieldErrors : {};
  const field = (name: keyof typeof values) => ({
    state: errors[name] ? ("error" as const) : ("default" as const),
    stateRelatedMessage: errors[name],
  });
  const set = (name: keyof typeof values) => (e: { target: { value: string } }) =>
    setValues((v) => ({ ...v, [name]: e.target.value }));

  async function submit(e: FormEvent) {
    e.preventDefault();
    setBusy(true);
    setError(null);
    try {
      const body = Object.fromEntries(Object.entries(values).filter(([, v]) => v.trim() !== ""));
      const c = await api.post<Convention>(`/departments/${code}/conventions`, body);
      navigate(`/departements/${code}/conventions/${c.id}`);
    } catch (err) {
      setError(err);
    } finally {
      setBusy(false);
    }
  }

  return (
    <>
      <DepartmentBreadcrumb
        code={code}
        name={department.data?.name}
        segments={[{ label: "Conventions de stage croisé", to: `/departements/${code}/conventions` }]}
        current="Établir une convention"
      />
      <h1>Établir une convention</h1>
      <p>
        La convention reprend la candidature acceptée : structures, stagiaire, dates et objectifs de l'offre,
        avec le modèle de convention en vigueur. Vous pouvez ajuster les dates et les objectifs.
      </p>
      <ErrorAlert error={Object.keys(errors).length ? null : error} />
      <form onSubmit={submit} noValidate>
        <Select
          label="Candidature acceptée"
          hint="Les candidatures acceptées que vos organisations ont reçues ou envoyées."
          {...field("applicationId")}
          nativeSelectProps={{
            name: "applicationId",
            value: values.applicationId,
            onChange: set("applicationId"),
            required: true,
          }}
        >
          <option value="" disabled>
            {accepted.loading ? "Chargement…" : "Choisissez une candidature"}
          </option>
          {(accepted.data ?? []).map((a) => (
            <option key={a.id} value={a.id}>
              {a.applicant.name ?? a.applicant.email} ({a.applicantOrganisation.name}) — {a.offerTitle},{" "}
              {a.hostOrganisation.name}, du {frenchDate(a.wantedStart)} au {frenchDate(a.wantedEnd)}
            </option>
          ))}
        </Select>
        <Input
          label="Premier jour (facultatif)"
          {...field("startsOn")}
          nativeInputProps={{
            type: "date",
            name: "startsOn",
            value: values.startsOn,
            onChange: set("startsOn"),
          }}
        />
        <Input
          label="Dernier jour (facultatif)"
          {...field("endsOn")}
          nativeInputProps={{ type: "date", name: "endsOn", value: values.endsOn, onChange: set("endsOn") }}
        />
        <Input
          label="Objectifs (facultatif : sinon ceux de l'offre)"
          textArea
          {...field("objectives")}
          nativeTextAreaProps={{ name: "objectives", value: values.objectives, onChange: set("objectives") }}
        />
        <Button type="submit" disabled={busy}>
          Établir la convention
        </Button>
      </form>
    </>
  );
}
