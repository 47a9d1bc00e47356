import type { OrganisationKind } from "../../shared/organisation";
import type { Periodicity } from "../../shared/periods";
import type { Unit } from "../../shared/units";

export type MeasureOrigin = "grenelle" | "merignac";

/** One of the 53 national measures (Grenelle 2019 + Mérignac 2021). */
export type Measure = { number: number; origin: MeasureOrigin; text: string; pilot: string };

/** A measure a département cannot act on: no indicator, and why. */
export type NationalOnlyMeasure = { measure: number; reason: string };

export type NationalIndicator = {
  /** `N<measure>-<n>`, e.g. N48-1. */
  code: string;
  measure: number;
  label: string;
  unit: Unit;
  periodicity: Periodicity;
  /** Key of a registered derived computation (functions/platform/derived.ts), or null when typed in. */
  derived: string | null;
  /** The kind of organisation that usually holds the figure (a hint for assigning it locally). */
  responsibleKind: OrganisationKind | null;
  target?: number | null;
  /** How to count, when the label alone is ambiguous. */
  description?: string;
};

export type Axis = { departmentCode: string; code: string; title: string };

/** A local action sheet ("fiche action"). */
export type ActionSheet = {
  departmentCode: string;
  /** e.g. "2.5" */
  code: string;
  axis: string;
  title: string;
  pilot: string | null;
  partners: string | null;
  territory: string | null;
  /** The evaluation frequency as written in the plan. */
  frequency: string | null;
  means: string | null;
  deadline: string | null;
  /** The sheet's indicator text as written, kept for reference. */
  indicatorsText: string;
};

export type LocalIndicator = {
  /** `<département>-<sheet>-<n>`, e.g. 62-2.5-1. */
  code: string;
  departmentCode: string;
  sheet: string;
  label: string;
  unit: Unit;
  periodicity: Periodicity;
  derived: string | null;
  /** Target value for the quarter or year, when the plan sets one. */
  target: number | null;
  /** "split": cut from the sheet's text by the builder; "override": written by hand (text not splittable). */
  origin: "split" | "override";
};
