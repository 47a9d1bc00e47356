import type { IndicatorUpdate, Unit } from "../../shared/catalogue";
import type { DerivedRegistry } from "../platform/derived";
import type { FieldError } from "../platform/errors";

/**
 * Pure rules of the indicator catalogue: how codes are numbered, and what may change on an
 * indicator. The routes call these and turn their answers into HTTP.
 */

export const nationalPrefix = (measure: number) => `N${measure}-`;
export const localPrefix = (departmentCode: string, sheetCode: string) => `${departmentCode}-${sheetCode}-`;

/**
 * The next code under a prefix, given every code ever used under it (live, retired and deleted
 * ones: deleted codes survive in the revisions table). Numbers start at 1 and are never reused.
 */
export function nextCode(prefix: string, used: readonly string[]): string {
  let max = 0;
  for (const code of used) {
    if (!code.startsWith(prefix)) continue;
    const rest = code.slice(prefix.length);
    if (!/^\d+$/.test(rest)) continue;
    max = Math.max(max, Number(rest));
  }
  return `${prefix}${max + 1}`;
}

/** The LIKE pattern of the codes under a prefix (prefixes never contain `%`, `_` or `\`). */
export const likePrefix = (prefix: string) => `${prefix.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`;

export type IndicatorScope = { scope: "national" } | { scope: "local"; departmentCode: string };

export const scopeOf = (indicator: { departmentCode: string | null }): IndicatorScope =>
  indicator.departmentCode === null
    ? { scope: "national" }
    : { scope: "local", departmentCode: indicator.departmentCode };

/**
 * What a département route may do with an indicator: answer for its own and the national ones,
 * manage only its own. Another département's indicator does not exist from here.
 */
export function departmentAccess(
  indicator: { departmentCode: string | null } | null | undefined,
  departmentCode: string,
): "missing" | "national" | "own" {
  if (!indicator) return "missing";
  if (indicator.departmentCode === null) return "national";
  return indicator.departmentCode === departmentCode ? "own" : "missing";
}

/** A derived indicator must name a registered computation and share its unit. */
export function checkDerived(
  derived: Pick<DerivedRegistry, "definition">,
  derivedKey: string | null | undefined,
  unit: Unit,
): FieldError[] {
  if (!derivedKey) return [];
  const definition = derived.definition(derivedKey);
  if (!definition)
    return [
      {
        in: "body",
        pointer: "/derivedKey",
        detail: `Aucun calcul automatique « ${derivedKey} » n'est enregistré.`,
      },
    ];
  if (definition.unit !== unit)
    return [
      {
        in: "body",
        pointer: "/unit",
        detail: `Ce calcul automatique produit une unité « ${definition.unit} » : choisissez cette unité.`,
      },
    ];
  return [];
}

export type IndicatorState = {
  label: string;
  unit: Unit;
  periodicity: "quarterly" | "annual";
  target: number | null;
  derivedKey: string | null;
  retiredAt: string | null;
};

export type UpdatePlan =
  | {
      ok: true;
      /** The fields that actually change (empty: nothing to write). */
      fields: Partial<Pick<IndicatorState, "label" | "unit" | "periodicity" | "target">>;
      /** Label or target changed: a revision row is written. */
      revised: boolean;
      /** Unit changed: allowed only while no value was ever stored (checked again at write time). */
      unitChanged: boolean;
    }
  | { ok: false; status: 409; code: string; detail: string; errors?: FieldError[] };

/** A field that may no longer change: 409 `<field>_locked`, pointing at the field. */
function locked(field: "unit" | "periodicity", detail: string): UpdatePlan {
  return {
    ok: false,
    status: 409,
    code: `${field}_locked`,
    detail,
    errors: [{ in: "body", pointer: `/${field}`, detail }],
  };
}

/**
 * Which of the requested changes apply. A retired indicator is frozen; the unit and periodicity
 * of an indicator that has values are frozen (its values were typed by it), and a derived indicator's unit is its
 * computation's.
 */
export function planUpdate(current: IndicatorState, input: IndicatorUpdate, hasValues: boolean): UpdatePlan {
  if (current.retiredAt)
    return {
      ok: false,
      status: 409,
      code: "indicator_retired",
      detail: "Cet indicateur est retiré : il ne peut plus être modifié.",
    };
  const fields: Extract<UpdatePlan, { ok: true }>["fields"] = {};
  if (input.label !== undefined && input.label !== current.label) fields.label = input.label;
  if (input.periodicity !== undefined && input.periodicity !== current.periodicity) {
    // Which quarters ask for it would change after the fact, rewriting past (even validated) reports.
    if (hasValues) {
      return locked(
        "periodicity",
        "Des valeurs ont déjà été saisies à ce rythme : la périodicité ne peut plus changer. Retirez l'indicateur et créez-en un nouveau.",
      );
    }
    fields.periodicity = input.periodicity;
  }
  if (input.target !== undefined && (input.target ?? null) !== current.target)
    fields.target = input.target ?? null;
  const unitChanged = input.unit !== undefined && input.unit !== current.unit;
  if (unitChanged) {
    if (current.derivedKey) {
      return locked("unit", "L'unité d'un indicateur calculé automatiquement est celle de son calcul.");
    }
    if (hasValues) {
      return locked(
        "unit",
        "Des valeurs ont déjà été saisies avec cette unité : elle ne peut plus changer. Retirez l'indicateur et créez-en un nouveau.",
      );
    }
    fields.unit = input.unit;
  }
  return {
    ok: true,
    fields,
    revised: fields.label !== undefined || fields.target !== undefined,
    unitChanged,
  };
}

/** Fields of an action sheet a prefecture sends, compared with the stored sheet: only those that change. */
export function sheetChanges<T extends Record<string, unknown>>(current: T, input: Partial<T>): Partial<T> {
  const out: Partial<T> = {};
  for (const [key, value] of Object.entries(input) as [keyof T, T[keyof T]][]) {
    if (value !== undefined && value !== current[key]) out[key] = value;
  }
  return out;
}
