import { Badge } from "@codegouvfr/react-dsfr/Badge";
import { Tile } from "@codegouvfr/react-dsfr/Tile";
import { useParams } from "react-router";
import type { Department } from "../../../shared/departments";
import { api } from "../api";
import { canManageMembers, roleLabels, rolesIn, useSession } from "../session";
import { useLoad, usePageTitle } from "../ui/hooks";
import { Loading } from "../ui/Loading";
import { LoadFailure, statusOf } from "../ui/StatusPage";

export function useDepartment(code: string) {
  return useLoad((signal) => api.get<Department>(`/departments/${code}`, undefined, signal), [code]);
}

export function DepartmentPage() {
  const { code = "" } = useParams();
  const { me } = useSession();
  const department = useDepartment(code);
  const d = department.data;
  usePageTitle(d ? `${d.name} (${d.code})` : statusOf(department.error) ? null : "Département");
  const roles = rolesIn(me, code);

  if (department.loading) return <Loading />;
  if (!d) return <LoadFailure error={department.error} onRetry={department.reload} title="Département" />;
  return (
    <>
      <h1>
        {d.name} ({d.code})
      </h1>
      <p className="fr-text--lead">Région {d.regionName}</p>
      <p>
        Votre rôle :{" "}
        {roles.map((role) => (
          <Badge key={role} severity="info" className="fr-mr-1w" noIcon>
            {roleLabels[role]}
          </Badge>
        ))}
      </p>
      <div className="fr-grid-row fr-grid-row--gutters fr-mb-5w">
        <div className="fr-col-12 fr-col-md-6">
          <Tile
            title="Rapports trimestriels"
            desc="Les indicateurs à renseigner chaque trimestre : saisie, soumission et validation."
            linkProps={{ to: `/departements/${d.code}/trimestres` }}
            orientation="horizontal"
            titleAs="h2"
          />
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <Tile
            title="Organisations"
            desc="Communes, intercommunalités, services de l'État, associations… du département."
            linkProps={{ to: `/departements/${d.code}/organisations` }}
            orientation="horizontal"
            titleAs="h2"
          />
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <Tile
            title="Contrats locaux"
            desc="Les contrats contre les violences sexistes et sexuelles des communes et intercommunalités : signatures, volets, couverture."
            linkProps={{ to: `/departements/${d.code}/contrats` }}
            orientation="horizontal"
            titleAs="h2"
          />
        </div>
        {roles.some((r) => r !== "national") && (
          <div className="fr-col-12 fr-col-md-6">
            <Tile
              title="Stages croisés"
              desc="Des professionnels découvrent les missions les uns des autres : offres de stage et candidatures."
              linkProps={{ to: `/departements/${d.code}/stages` }}
              orientation="horizontal"
              titleAs="h2"
            />
          </div>
        )}
        <div className="fr-col-12 fr-col-md-6">
          <Tile
            title="Conventions de stage croisé"
            desc="Conventions entre structure d'accueil, structure d'origine et stagiaire : signatures, avenants, évaluations."
            linkProps={{ to: `/departements/${d.code}/conventions` }}
            orientation="horizontal"
            titleAs="h2"
          />
        </div>
        {canManageMembers(roles) && (
          <div className="fr-col-12 fr-col-md-6">
            <Tile
              title="Membres"
              desc="Les personnes qui travaillent dans Maillage pour ce département."
              linkProps={{ to: `/departements/${d.code}/membres` }}
              orientation="horizontal"
              titleAs="h2"
            />
          </div>
        )}
        {(roles.includes("prefecture") || roles.includes("national")) && (
          <div className="fr-col-12 fr-col-md-6">
            <Tile
              title="Relances"
              desc="Les rappels envoyés par courriel : journal, prochains envois."
              linkProps={{ to: `/departements/${d.code}/relances` }}
              orientation="horizontal"
              titleAs="h2"
            />
          </div>
        )}
      </div>
      <h2 className="fr-h4">Arrondissements</h2>
      <ul>
        {d.arrondissements.map((a) => (
          <li key={a.code}>
            {a.name} <span className="fr-text--xs">({a.code})</span>
          </li>
        ))}
      </ul>
    </>
  );
}
