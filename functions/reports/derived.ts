import { checkValue, type Value } from "../../shared/units";
import type { Db } from "../platform/db";
import type { DerivedLookup, DerivedRegistry, DerivedScope } from "../platform/derived";

/**
 * The registry's reads, with every computed value checked against its unit: a provider's bug
 * must not show or export a value its indicator's unit forbids.
 */
export function derivedReads(
  registry: DerivedRegistry,
  db: Db,
  scope: DerivedScope,
  keys?: readonly string[],
) {
  const reads = registry.read(db, scope, keys);
  return {
    statements: reads.statements,
    values(results: readonly unknown[]): (departmentCode: string, period: string, key: string) => Value {
      const lookup: DerivedLookup = reads.values(results);
      return (departmentCode, period, key) => {
        const definition = registry.definition(key);
        if (!definition) throw new Error(`unknown derived indicator ${key}`);
        const checked = checkValue(definition.unit, lookup(departmentCode, period, key));
        if (!checked.ok)
          throw new Error(
            `derived indicator ${key} computed an invalid ${definition.unit}: ${checked.detail}`,
          );
        return checked.value;
      };
    },
  };
}
