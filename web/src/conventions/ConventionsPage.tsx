import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Button } from "@codegouvfr/react-dsfr/Button";
import { Link, useParams } from "react-router";
import {
  type ConventionListItem,
  conventionPartyLabels,
  conventionStatusLabels,
  type EvaluationSummary,
} from "../../../shared/conventions";
import { api } from "../api";
import { useDepartment } from "../departments/DepartmentPage";
import { rolesIn, useSession } from "../session";
import { DepartmentBreadcrumb } from "../ui/Breadcrumbs";
import { ErrorAlert } from "../ui/ErrorAlert";
import { useLoad, usePageTitle } from "../ui/hooks";
import { Loading } from "../ui/Loading";
import { frenchDate, statusSeverity } from "./model";

export function ConventionsPage() {
  const { code = "" } = useParams();
  const { me } = useSession();
  const roles = rolesIn(me, code);
  const department = useDepartment(code);
  usePageTitle("Conventions de stage croisé");
  const list = useLoad(
    (signal) =>
      api.get<{ items: ConventionListItem[] }>(`/departments/${code}/conventions`, undefined, signal),
    [code],
  );
  const readsSummary = roles.includes("prefecture") || roles.includes("national");
  const summary = useLoad(
    (signal) =>
      readsSummary
        ? api.get<EvaluationSummary>(`/departments/${code}/convention-evaluations`, undefined, signal)
        : Promise.resolve(undefined),
    [code, readsSummary],
  );
  return (
    <>
      <DepartmentBreadcrumb code={code} name={department.data?.name} current="Conventions de stage croisé" />
      <h1>Conventions de stage croisé</h1>
      <p>
        Une convention lie la structure d'accueil, la structure d'origine et le ou la stagiaire. Elle est
        signée dans cet ordre, puis la structure d'accueil confirme que le stage a eu lieu.
      </p>
      <ul className="fr-btns-group fr-btns-group--inline-md">
        {roles.includes("member") && (
          <li>
            <Button linkProps={{ to: `/departements/${code}/conventions/nouvelle` }}>
              Établir une convention
            </Button>
          </li>
        )}
        <li>
          <Button priority="secondary" linkProps={{ to: `/departements/${code}/conventions/modele` }}>
            {roles.includes("prefecture")
              ? "Modifier le modèle de convention"
              : "Voir le modèle de convention"}
          </Button>
        </li>
      </ul>
      {list.loading ? (
        <Loading />
      ) : list.error ? (
        <ErrorAlert error={list.error} />
      ) : list.data?.items.length ? (
        <div className="fr-table">
          <table>
            <caption>Conventions ({list.data.items.length})</caption>
            <thead>
              <tr>
                <th scope="col">Stagiaire</th>
                <th scope="col">Structure d'accueil</th>
                <th scope="col">Dates</th>
                <th scope="col">Statut</th>
              </tr>
            </thead>
            <tbody>
              {list.data.items.map((c) => (
                <tr key={c.id}>
                  <td>
                    <Link to={`/departements/${code}/conventions/${c.id}`}>{c.trainee.name}</Link>
                    <br />
                    <span className="fr-text--xs">{c.sending.name}</span>
                  </td>
                  <td>{c.host.name}</td>
                  <td>
                    du {frenchDate(c.startsOn)} au {frenchDate(c.endsOn)}
                  </td>
                  <td>
                    <Badge severity={statusSeverity[c.status]} noIcon small>
                      {conventionStatusLabels[c.status]}
                    </Badge>
                    {c.turn && (
                      <p className="fr-text--xs fr-mb-0">
                        À signer : {conventionPartyLabels[c.turn].toLowerCase()}
                      </p>
                    )}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      ) : (
        <p>Aucune convention pour l'instant.</p>
      )}
      {summary.data && <SummarySection summary={summary.data} />}
    </>
  );
}

function SummarySection({ summary }: { summary: EvaluationSummary }) {
  const line = (label: string, s: EvaluationSummary["trainee"]) => (
    <li>
      {label} : {s.count} évaluation{s.count > 1 ? "s" : ""}
      {s.averageRating !== null && `, note moyenne ${s.averageRating.toLocaleString("fr-FR")} sur 5`}
    </li>
  );
  return (
    <section className="fr-mt-5w">
      <h2>Évaluations des stages (synthèse anonyme)</h2>
      <p>{summary.conventionsCompleted} stage(s) réalisé(s).</p>
      <ul>
        {line("Stagiaires", summary.trainee)}
        {line("Structures d'accueil", summary.host)}
      </ul>
      {summary.comments.length > 0 && (
        <ul>
          {summary.comments.map((c, i) => (
            // biome-ignore lint/suspicious/noArrayIndexKey: anonymous texts have no identity
            <li key={i}>
              <strong>{c.party === "trainee" ? "Stagiaire" : "Accueil"}</strong> — appris : {c.learned} ;
              changera : {c.change}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
