import { type SQL, sql } from "drizzle-orm";

/**
 * The SQL condition "a value of indicator `code` is stored here", in one département or (null)
 * in any. The catalogue does not own indicator values: reports/ does (report_values and their
 * history), and a later capability may too. Each store is registered by app.ts, so indicators/
 * never imports them; while any store holds a value, the catalogue freezes the indicator's unit
 * and refuses to delete it.
 */
export type ValuesExist = (code: string, departmentCode: string | null) => SQL;

/** A set of stores; the app has one (below), tests may build their own. */
export function valueStores() {
  const stores = new Map<string, ValuesExist>();
  return {
    /** Registering a name again replaces its condition (app.ts may be evaluated more than once in tests). */
    register(name: string, exists: ValuesExist): void {
      stores.set(name, exists);
    },
    /** "A value of this indicator is stored" in any registered store; without a store it refuses to guess. */
    valuesExist(code: string, departmentCode: string | null): SQL {
      if (stores.size === 0) throw new Error("no indicator value store is registered (see app.ts)");
      const conditions = [...stores.values()].map((exists) => sql`(${exists(code, departmentCode)})`);
      return sql`(${sql.join(conditions, sql` or `)})`;
    },
  };
}

const catalogueStores = valueStores();
export const registerValueStore = catalogueStores.register;
export const valuesExist = catalogueStores.valuesExist;
