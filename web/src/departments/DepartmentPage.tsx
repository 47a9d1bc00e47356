import { Tile } from "@codegouvfr/react-dsfr/Tile";
import type { Department } from "../../../shared/departments";
import type { Role } from "../../../shared/roles";
import { api } from "../api";
import { canManageMembers } from "../session";
import { useLoad } from "../ui/hooks";

export function useDepartment(code: string) {
  return useLoad((signal) => api.get<Department>(`/departments/${code}`, undefined, signal), [code]);
}

/**
 * The département's pages at a glance (tiles) and its arrondissements: below the dashboard on the
 * département's home (web/src/dashboard/DashboardPage.tsx).
 */
export function DepartmentLinks({ d, roles }: { d: Department; roles: Role[] }) {
  return (
    <>
      <h2 className="fr-h4">Accès rapides</h2>
      <div className="fr-grid-row fr-grid-row--gutters fr-mb-5w">
        <div className="fr-col-12 fr-col-md-6">
          <Tile
            title="Rapports trimestriels"
            desc="Les indicateurs à renseigner chaque trimestre : saisie, soumission et validation."
            linkProps={{ to: `/departements/${d.code}/trimestres` }}
            orientation="horizontal"
            titleAs="h3"
          />
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <Tile
            title="Organisations"
            desc="Communes, intercommunalités, services de l'État, associations… du département."
            linkProps={{ to: `/departements/${d.code}/organisations` }}
            orientation="horizontal"
            titleAs="h3"
          />
        </div>
        <div className="fr-col-12 fr-col-md-6">
          <Tile
            title="Contrats locaux"
            desc="Les contrats contre les violences sexistes et sexuelles des communes et intercommunalités : signatures, volets, couverture."
            linkProps={{ to: `/departements/${d.code}/contrats` }}
            orientation="horizontal"
            titleAs="h3"
          />
        </div>
        {roles.some((r) => r !== "national") && (
          <div className="fr-col-12 fr-col-md-6">
            <Tile
              title="Stages croisés"
              desc="Des professionnels découvrent les missions les uns des autres : offres de stage et candidatures."
              linkProps={{ to: `/departements/${d.code}/stages` }}
              orientation="horizontal"
              titleAs="h3"
            />
          </div>
        )}
        <div className="fr-col-12 fr-col-md-6">
          <Tile
            title="Conventions de stage croisé"
            desc="Conventions entre structure d'accueil, structure d'origine et stagiaire : signatures, avenants, évaluations."
            linkProps={{ to: `/departements/${d.code}/conventions` }}
            orientation="horizontal"
            titleAs="h3"
          />
        </div>
        {canManageMembers(roles) && (
          <div className="fr-col-12 fr-col-md-6">
            <Tile
              title="Membres"
              desc="Les personnes qui travaillent dans Maillage pour ce département."
              linkProps={{ to: `/departements/${d.code}/membres` }}
              orientation="horizontal"
              titleAs="h3"
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
              titleAs="h3"
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
