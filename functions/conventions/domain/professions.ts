import { PROFESSIONS, type Profession } from "../../../shared/placements";

/** French labels of the professions (the placements' fixed list), for texts and indicators. */
export const professionLabels: Record<Profession, string> = {
  police: "Police nationale ou municipale",
  gendarmerie: "Gendarmerie",
  justice: "Justice",
  social_work: "Travail social",
  health: "Santé",
  education: "Éducation",
  housing: "Logement",
  association: "Association",
  local_authority: "Collectivité territoriale",
  other: "Autre",
};

export const professionLabel = (p: string) => professionLabels[p as Profession] ?? p;

export { PROFESSIONS, type Profession };
