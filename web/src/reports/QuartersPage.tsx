import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Link, useParams } from "react-router";
import type { ReportSummary } from "../../../shared/reports";
import { api } from "../api";
import { useDepartment } from "../departments/DepartmentPage";
import { rolesIn, useSession } from "../session";
import { DepartmentBreadcrumb } from "../ui/Breadcrumbs";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useLoad, usePageTitle } from "../ui/hooks";
import { Loading } from "../ui/Loading";
import { formatDay, formatInstantDay, percent, periodLabel, statusLabels, statusSeverity } from "./model";
import { ReportSettingsForm } from "./ReportSettingsForm";

type Row = { period: string; current: boolean; report: ReportSummary };

/** The quarter in progress and the eight before it, in one call. */
async function loadQuarters(code: string, signal: AbortSignal): Promise<Row[]> {
  const { items } = await api.get<{ items: ReportSummary[] }>(
    `/departments/${code}/reports`,
    undefined,
    signal,
  );
  return items.map((report) => ({ period: report.period, current: !report.open, report }));
}

function Punctuality({ report, current }: { report: ReportSummary; current: boolean }) {
  if (current) return <span className="fr-text--sm">Saisie à partir du {formatDay(report.opensOn)}</span>;
  if (report.onTime === false) {
    return (
      <Badge severity="error" small>
        {report.submittedAt ? "Soumis en retard" : "En retard"}
      </Badge>
    );
  }
  if (report.onTime === true)
    return (
      <Badge severity="success" small>
        Dans les délais
      </Badge>
    );
  return <span className="fr-text--sm">En attente</span>;
}

export function QuartersPage() {
  const { code = "" } = useParams();
  const department = useDepartment(code);
  usePageTitle(`Rapports trimestriels — ${code}`);
  const rows = useLoad((signal) => loadQuarters(code, signal), [code]);
  const { me } = useSession();
  const isPrefecture = rolesIn(me, code).includes("prefecture");

  return (
    <>
      <DepartmentBreadcrumb code={code} name={department.data?.name} current="Rapports trimestriels" />
      <h1>Rapports trimestriels</h1>
      <p>
        Chaque trimestre, le département renseigne les indicateurs nationaux et ceux de son plan. La saisie
        ouvre le lendemain de la fin du trimestre ; la préfecture soumet puis valide le rapport.
      </p>
      {rows.loading && <Loading />}
      <ErrorAlert error={rows.error} />
      {rows.data && (
        <div className="fr-table fr-table--bordered">
          <table>
            <caption>Les neuf derniers trimestres, du plus récent au plus ancien</caption>
            <thead>
              <tr>
                <th scope="col">Trimestre</th>
                <th scope="col">Statut</th>
                <th scope="col">Échéance</th>
                <th scope="col">Complétude</th>
                <th scope="col">Ponctualité</th>
              </tr>
            </thead>
            <tbody>
              {rows.data.map((row) => (
                <tr key={row.period}>
                  <th scope="row">
                    <Link to={`/departements/${code}/trimestres/${row.period}`}>
                      {periodLabel(row.period)}
                    </Link>
                    {row.current && (
                      <>
                        {" "}
                        <Badge severity="info" small noIcon>
                          En cours
                        </Badge>
                      </>
                    )}
                  </th>
                  <td>
                    {row.current ? (
                      <Badge small noIcon>
                        À venir
                      </Badge>
                    ) : row.report ? (
                      <Badge severity={statusSeverity[row.report.status]} small noIcon>
                        {statusLabels[row.report.status]}
                      </Badge>
                    ) : (
                      "—"
                    )}
                    {row.report?.validatedAt && (
                      <span className="fr-text--xs"> le {formatInstantDay(row.report.validatedAt)}</span>
                    )}
                  </td>
                  <td>{row.report ? formatDay(row.report.dueDate) : "—"}</td>
                  <td>{row.report && !row.current ? percent(row.report.completeness) : "—"}</td>
                  <td>{row.report ? <Punctuality report={row.report} current={row.current} /> : "—"}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
      {isPrefecture && department.data && (
        <ReportSettingsForm
          key={code}
          code={code}
          settings={department.data}
          // Due dates and punctuality follow the delay: read the quarters again.
          onSaved={() => rows.reload()}
        />
      )}
    </>
  );
}
