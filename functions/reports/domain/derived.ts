import {
  ORGANISATION_KINDS,
  type OrganisationKind,
  organisationKindLabels,
} from "../../../shared/organisation";
import { checkValue, type Unit, type Value } from "./units";

/**
 * Derived indicators: values Maillage computes from data it already holds, never typed in.
 * Adding one = one `registerDerived(key, …)` call at the bottom of this file, plus, when it needs
 * a new kind of data, one method on `DerivedContext` (implemented once, with D1, by the reports
 * data-access layer). A catalogue indicator points at its computation by `derived: key`.
 */
export interface DerivedContext {
  departmentCode: string;
  period: string;
  /** First and last day of the quarter, `YYYY-MM-DD`. */
  periodStart: string;
  periodEnd: string;
  /**
   * Organisations of the département that exist at the end of the quarter: created on or before
   * `periodEnd` and not archived on or before it; of one kind when given.
   */
  countOrganisations(kind?: OrganisationKind): Promise<number>;
}

export type DerivedDefinition = {
  label: string;
  unit: Unit;
  /** Shown beside the value: how it is computed. */
  description: string;
  compute(ctx: DerivedContext): Promise<Value> | Value;
};

const registry = new Map<string, DerivedDefinition>();

export function registerDerived(key: string, definition: DerivedDefinition): void {
  if (!/^[a-z][a-z0-9_.]*$/.test(key))
    throw new Error(`derived key ${key}: lowercase letters, digits, "_" and "." only`);
  if (registry.has(key)) throw new Error(`derived indicator ${key} is registered twice`);
  registry.set(key, definition);
}

export function derivedDefinition(key: string): DerivedDefinition | undefined {
  return registry.get(key);
}

export function derivedKeys(): string[] {
  return [...registry.keys()];
}

/** Computes one derived indicator and checks its result against its unit (a bug must not store a bad value). */
export async function computeDerived(key: string, ctx: DerivedContext): Promise<Value> {
  const definition = registry.get(key);
  if (!definition) throw new Error(`unknown derived indicator ${key}`);
  const value = await definition.compute(ctx);
  const checked = checkValue(definition.unit, value);
  if (!checked.ok)
    throw new Error(`derived indicator ${key} computed an invalid ${definition.unit}: ${checked.detail}`);
  return checked.value;
}

/** Computes several derived indicators for one département and quarter, keyed by derived key. */
export async function computeAllDerived(
  keys: readonly string[],
  ctx: DerivedContext,
): Promise<Map<string, Value>> {
  const out = new Map<string, Value>();
  for (const key of keys) out.set(key, await computeDerived(key, ctx));
  return out;
}

// ---------------------------------------------------------------------------------------------
// Registrations

/** Kinds counted one by one ("other" is only in the total). */
export const COUNTED_ORGANISATION_KINDS = ORGANISATION_KINDS.filter((k) => k !== "other");

registerDerived("organisations.total", {
  label: "Organisations partenaires inscrites dans Maillage",
  unit: "count",
  description: "Organisations du département non archivées au dernier jour du trimestre.",
  compute: (ctx) => ctx.countOrganisations(),
});

for (const kind of COUNTED_ORGANISATION_KINDS) {
  registerDerived(`organisations.${kind}`, {
    label: `Organisations partenaires de type « ${organisationKindLabels[kind]} »`,
    unit: "count",
    description: `Organisations de type « ${organisationKindLabels[kind]} » non archivées au dernier jour du trimestre.`,
    compute: (ctx) => ctx.countOrganisations(kind),
  });
}
