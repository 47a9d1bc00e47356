import type { BatchItem } from "drizzle-orm/batch";
import type { Unit } from "../../shared/catalogue";
import type { Db } from "./db";

/**
 * Derived indicators: values Maillage computes from data it already holds, never typed in. Each
 * capability declares its own in its folder (a `DerivedProvider`, e.g. organisations/derived.ts)
 * and one line in functions/derived-providers.ts registers it; reports and the national view ask
 * the registry and know no provider. A catalogue indicator points at a computation by its key.
 */

export type DerivedValue = number | boolean | string;

export type DerivedDefinition = {
  /** Lowercase, prefixed by the capability: `organisations.total`. */
  key: string;
  label: string;
  unit: Unit;
  /** Shown beside the value: how it is computed. */
  description: string;
};

/** For which départements (or all of them) and which quarters values are wanted. */
export type DerivedScope = { departmentCodes: readonly string[] | "all"; periods: readonly string[] };

/** One statement: awaited alone, or placed by the caller in its `Promise.all` or `db.batch`. */
export type DerivedStatement<Rows> = BatchItem<"sqlite"> & PromiseLike<Rows>;

/** A value of `key` in a département for a quarter (as of the quarter's last day). */
export type DerivedLookup = (departmentCode: string, period: string, key: string) => DerivedValue;

export interface DerivedProvider<Rows = unknown> {
  readonly definitions: readonly DerivedDefinition[];
  /**
   * ONE statement reading what every key of this provider needs for the whole scope: a grouped
   * query over all départements and quarters asked for, never one per département or quarter.
   */
  query(db: Db, scope: DerivedScope): DerivedStatement<Rows>;
  /** The values, from that statement's rows (pure: tested on hand-made rows too). */
  values(rows: Rows): DerivedLookup;
}

/** Erases a provider's row type so providers of different rows go in one list. */
export const derivedProvider = <Rows>(provider: DerivedProvider<Rows>) =>
  provider as unknown as DerivedProvider<unknown>;

export type DerivedReads = {
  /** One per provider concerned, none when no key is derived. */
  statements: DerivedStatement<unknown>[];
  /** From the statements' results, in their order. */
  values(results: readonly unknown[]): DerivedLookup;
};

export type DerivedRegistry = {
  definition(key: string): DerivedDefinition | undefined;
  definitions(): DerivedDefinition[];
  /** The reads computing `keys` (every provider when omitted) over a scope. */
  read(db: Db, scope: DerivedScope, keys?: readonly string[]): DerivedReads;
};

const KEY = /^[a-z][a-z0-9_]*(\.[a-z0-9_]+)+$/;

export function derivedRegistry(providers: readonly DerivedProvider<unknown>[]): DerivedRegistry {
  const byKey = new Map<string, { definition: DerivedDefinition; provider: DerivedProvider<unknown> }>();
  for (const provider of providers) {
    for (const definition of provider.definitions) {
      if (!KEY.test(definition.key))
        throw new Error(`derived key ${definition.key}: "<capability>.<name>", lowercase, digits and "_"`);
      if (byKey.has(definition.key)) throw new Error(`derived indicator ${definition.key} is declared twice`);
      byKey.set(definition.key, { definition, provider });
    }
  }
  return {
    definition: (key) => byKey.get(key)?.definition,
    definitions: () => [...byKey.values()].map((e) => e.definition),
    read(db, scope, keys) {
      const concerned = keys
        ? [
            ...new Set(
              keys.map((key) => {
                const entry = byKey.get(key);
                if (!entry) throw new Error(`unknown derived indicator ${key}`);
                return entry.provider;
              }),
            ),
          ]
        : [...providers];
      const nothing =
        scope.periods.length === 0 || (scope.departmentCodes !== "all" && !scope.departmentCodes.length);
      const used = nothing ? [] : concerned;
      return {
        statements: used.map((p) => p.query(db, scope)),
        values(results) {
          const lookups = new Map(used.map((p, i) => [p, p.values(results[i])]));
          return (departmentCode, period, key) => {
            const entry = byKey.get(key);
            const lookup = entry && lookups.get(entry.provider);
            if (!lookup) throw new Error(`derived indicator ${key} was not read`);
            return lookup(departmentCode, period, key);
          };
        },
      };
    },
  };
}
