import { SegmentedControl } from "@codegouvfr/react-dsfr/SegmentedControl";
import { Select } from "@codegouvfr/react-dsfr/Select";
import { useState } from "react";
import { useParams } from "react-router";
import { APPLICATION_STATUSES, type Application, applicationStatusLabels } from "../../../shared/placements";
import { api, type Page } from "../api";
import { useDepartment } from "../departments/DepartmentPage";
import { DepartmentBreadcrumb } from "../ui/Breadcrumbs";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useLoad, usePageTitle } from "../ui/hooks";
import { Loading } from "../ui/Loading";
import { ApplicationCard } from "./Applications";
import { stagesPath } from "./format";

/** The applications inbox: received for one's organisations' offers, or sent for them. */
export function InboxPage() {
  usePageTitle("Candidatures aux stages croisés");
  const { code = "" } = useParams();
  const department = useDepartment(code);
  const [side, setSide] = useState<"host" | "applicant">("host");
  const [status, setStatus] = useState("pending");
  const [changed, setChanged] = useState<Record<string, Application>>({});
  const list = useLoad(
    (signal) =>
      api.get<Page<Application>>(
        `/departments/${code}/placement-applications`,
        { side, status, limit: 100 },
        signal,
      ),
    [code, side, status],
  );
  const items = (list.data?.items ?? []).map((a) => changed[a.id] ?? a);

  return (
    <>
      <DepartmentBreadcrumb
        code={code}
        name={department.data?.name}
        segments={[{ label: "Stages croisés", to: stagesPath(code) }]}
        current="Candidatures"
      />
      <h1>Candidatures</h1>
      <div className="fr-grid-row fr-grid-row--gutters fr-grid-row--bottom fr-mb-3w">
        <div className="fr-col-12 fr-col-md-8">
          <SegmentedControl
            legend="Candidatures"
            hideLegend
            segments={[
              {
                label: "Reçues pour nos offres",
                nativeInputProps: { checked: side === "host", onChange: () => setSide("host") },
              },
              {
                label: "Envoyées par notre organisation",
                nativeInputProps: { checked: side === "applicant", onChange: () => setSide("applicant") },
              },
            ]}
          />
        </div>
        <div className="fr-col-12 fr-col-md-4">
          <Select
            label="Statut"
            nativeSelectProps={{ name: "status", value: status, onChange: (e) => setStatus(e.target.value) }}
          >
            <option value="">Tous</option>
            {APPLICATION_STATUSES.map((s) => (
              <option key={s} value={s}>
                {applicationStatusLabels[s]}
              </option>
            ))}
          </Select>
        </div>
      </div>
      <ErrorAlert error={list.error} />
      {list.loading && <Loading />}
      {list.data && (
        <h2 className="fr-h5">
          {items.length === 0
            ? "Aucune candidature"
            : `${items.length} candidature${items.length > 1 ? "s" : ""}`}
        </h2>
      )}
      {items.map((a) => (
        <ApplicationCard
          key={a.id}
          application={a}
          showOffer
          onChange={(next) => setChanged((c) => ({ ...c, [next.id]: next }))}
        />
      ))}
    </>
  );
}
