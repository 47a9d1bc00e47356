import { PROFESSIONS, type Profession, professionLabels } from "../../../shared/placements";

/** The placements' fixed list of professions and their French labels. */
export const professionLabel = (p: string) => professionLabels[p as Profession] ?? p;

export { PROFESSIONS, type Profession, professionLabels };
