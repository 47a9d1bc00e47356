import type { ComponentDefinition } from "../../../shared/contracts";

/**
 * The components every local contract contains (plan's sheet 4.4). This list is the only place
 * they are named; a département adds its own (contract_component_definitions) and
 * `componentCatalogue` puts both together, the sheet's first.
 */
export const BUILT_IN_COMPONENTS: readonly ComponentDefinition[] = [
  {
    key: "victim_care_protocol",
    label: "Protocole interne de prise en charge des victimes",
    description:
      "Circuit interne, contenu de l'information donnée, modalités d'orientation vers les partenaires pour éviter à la victime de répéter son histoire.",
    builtIn: true,
  },
  {
    key: "resource_person",
    label: "Personne ressource",
    description:
      "Personne formée, représentante de l'institution dans les réseaux locaux, en appui aux agents (coordonnées professionnelles uniquement).",
    builtIn: true,
  },
  {
    key: "risk_assessment_grid",
    label: "Grille d'évaluation des risques",
    description: "Mise en application de la grille commune d'évaluation des risques (fiche action 4.9).",
    builtIn: true,
  },
  {
    key: "training",
    label: "Engagement de formation",
    description:
      "Formation des professionnels du primo-accueil, des utilisateurs de la grille d'évaluation des risques et des encadrants.",
    builtIn: true,
  },
  {
    key: "operational_cells",
    label: "Cellules opérationnelles",
    description:
      "Participation, au besoin, aux cellules de prise en charge opérationnelle des femmes victimes de violences conjugales.",
    builtIn: true,
  },
];

const builtInKeys = new Set(BUILT_IN_COMPONENTS.map((c) => c.key));

export type CustomComponent = { key: string; label: string; description: string };

/** The components a contract of the département contains: the sheet's, then the département's own. */
export function componentCatalogue(custom: readonly CustomComponent[]): ComponentDefinition[] {
  return [
    ...BUILT_IN_COMPONENTS,
    ...custom.filter((c) => !builtInKeys.has(c.key)).map((c) => ({ ...c, builtIn: false })),
  ];
}

/**
 * A key for a département's component, from its label ("Accueil de jour" → "local_accueil_de_jour"),
 * never one of the sheet's and unique among `taken`.
 */
export function componentKeyFor(label: string, taken: ReadonlySet<string>): string {
  const base = `local_${
    label
      .normalize("NFD")
      .replace(/\p{M}/gu, "")
      .toLowerCase()
      .replace(/[^a-z0-9]+/g, "_")
      .replace(/^_+|_+$/g, "")
      .slice(0, 40) || "volet"
  }`;
  let key = base;
  for (let n = 2; taken.has(key) || builtInKeys.has(key); n++) key = `${base}_${n}`;
  return key;
}
