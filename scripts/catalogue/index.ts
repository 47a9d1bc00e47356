/** The seed catalogue: national measures and indicators, and the local plans shipped with the app. */
export { MEASURES } from "./data/measures";
export { PAS_DE_CALAIS_AXES, PAS_DE_CALAIS_INDICATORS, PAS_DE_CALAIS_SHEETS } from "./data/pas-de-calais";
export { NATIONAL_INDICATORS, NATIONAL_ONLY_MEASURES } from "./national-indicators";
export type * from "./types";
