import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Link } from "react-router";
import { bodyKindShort, type NationalGovernance } from "../../../shared/governance";
import { periodOf } from "../../../shared/period-calendar";
import { api } from "../api";
import { periodLabel, todayInFrance } from "../reports/model";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useLoad } from "../ui/hooks";
import { Loading } from "../ui/Loading";
import { meetingTime } from "./model";

/** The national view's governance panel: the quarter in progress, which départements met, which have no body. */
export function NationalGovernancePanel() {
  const period = periodOf(todayInFrance());
  const data = useLoad(
    (signal) => api.get<NationalGovernance>("/national/governance", { period }, signal),
    [period],
  );
  const d = data.data;
  return (
    <section aria-labelledby="titre-gouvernance" className="fr-mt-6w">
      <h2 id="titre-gouvernance">Gouvernance — {periodLabel(period)}</h2>
      {data.loading && <Loading />}
      <ErrorAlert error={data.error} />
      {d && (
        <>
          <p>
            {d.summary.met} département{d.summary.met > 1 ? "s ont" : " a"} réuni leur instance en séance
            plénière ce trimestre ; {d.summary.withBody} sur {d.summary.departments} ont désigné une instance
            (CLAV ou CDPD).
          </p>
          <div className="fr-table fr-table--bordered">
            <table>
              <caption>Instance et séances plénières du trimestre par département ({d.items.length})</caption>
              <thead>
                <tr>
                  <th scope="col">Département</th>
                  <th scope="col">Instance</th>
                  <th scope="col">Séances plénières</th>
                  <th scope="col">Dernière réunion</th>
                  <th scope="col">Conformité</th>
                </tr>
              </thead>
              <tbody>
                {d.items.map((r) => (
                  <tr key={r.departmentCode}>
                    <th scope="row">
                      <Link to={`/departements/${r.departmentCode}/gouvernance`}>
                        {r.departmentCode} {r.departmentName}
                      </Link>
                    </th>
                    <td>
                      {r.bodyKind ? (
                        bodyKindShort[r.bodyKind]
                      ) : (
                        <Badge severity="error" small>
                          Aucune
                        </Badge>
                      )}
                    </td>
                    <td>{r.plenaryMeetings}</td>
                    <td>{r.lastMeetingAt ? meetingTime(r.lastMeetingAt) : "—"}</td>
                    <td>
                      {r.flagged ? (
                        <Badge severity="warning" small>
                          Plénière à tenir
                        </Badge>
                      ) : (
                        <Badge severity="success" small>
                          Réunie
                        </Badge>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        </>
      )}
    </section>
  );
}
