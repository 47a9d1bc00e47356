import {
  type Column,
  eq,
  is,
  noopDecoder,
  Param,
  Placeholder,
  SQL,
  type SQLWrapper,
  type Subquery,
  sql,
} from "drizzle-orm";
import type { BatchItem } from "drizzle-orm/batch";
import { drizzle } from "drizzle-orm/d1";
import { newId } from "./ids";
import { writeGuards } from "./schema";

export type Db = ReturnType<typeof createDb>;

export const createDb = (d1: D1Database) => drizzle(d1);

/**
 * The join condition "both rows belong to the same département", for two tenant tables (or
 * aliases) that each carry `department_code`. Joining on an id alone would let a row reach
 * another département's row that happens to carry the same id.
 */
export const sameTenant = (a: { departmentCode: Column }, b: { departmentCode: Column }) =>
  eq(a.departmentCode, b.departmentCode);

/** D1 binds at most 100 parameters per statement. */
export function chunk<T>(rows: T[], columnsPerRow: number, maxParams = 100): T[][] {
  const size = Math.max(1, Math.floor(maxParams / columnsPerRow));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}

/** Thrown by guardedBatch when its condition matched no row: nothing in the batch was written. */
export class StaleWrite extends Error {}

/**
 * Runs `conditional` (an UPDATE … WHERE version = ?) and `rest` in one D1 batch that commits only
 * if the conditional update changed exactly one row: a concurrent writer makes the whole batch
 * roll back instead of silently overwriting. D1 has no BEGIN; this is the batch equivalent.
 */
export async function guardedBatch(
  db: Db,
  conditional: BatchItem<"sqlite">,
  rest: BatchItem<"sqlite">[],
): Promise<void> {
  const id = newId();
  try {
    await db.batch([
      conditional,
      db.insert(writeGuards).values({ id, ok: sql`changes()` }),
      ...rest,
      db.delete(writeGuards).where(eq(writeGuards.id, id)),
    ] as unknown as [BatchItem<"sqlite">, ...BatchItem<"sqlite">[]]);
  } catch (error) {
    if (/CHECK constraint failed/i.test(String((error as Error)?.message ?? error))) throw new StaleWrite();
    throw error;
  }
}

/** The SQLite message of a unique-index violation, wherever the driver nested it, or null. */
export function uniqueViolation(error: unknown): string | null {
  for (let e = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const message = (e as { message?: unknown }).message;
    if (typeof message === "string" && message.includes("UNIQUE constraint failed")) return message;
  }
  return null;
}

/** The text of one JSON array of `T` rows, built by SQLite (see `asJsonRows`). */
export type JsonRowsText<T> = string & { readonly __rows?: T };

type SelectOf<T> = PromiseLike<T[]> & { as(alias: "q"): unknown };

/** Column types whose value D1 gives as drizzle would map it (no decoder), and the one stored as JSON. */
const PLAIN_COLUMNS = new Set(["SQLiteText", "SQLiteInteger", "SQLiteReal"]);

/**
 * The rows of a select as ONE row holding one JSON array of objects, in the select's order, built
 * by SQLite: a few hundred rows then cross the D1 binding as one string instead of one object per
 * row, and are read by one `JSON.parse` instead of drizzle's mapping per cell (together most of a
 * report read's CPU in the Worker, by a profile under load). Read them back with `fromJsonRows`:
 * the objects are those drizzle would give (same keys; JSON columns parsed). Columns whose drizzle
 * mapping is not plain (booleans, timestamps, `mapWith`) are refused; raw SQL fields need `.as()`.
 */
export function asJsonRows<T>(db: Db, query: SelectOf<T>) {
  const q = query.as("q") as Subquery;
  const fields = (query as unknown as { _: { selectedFields: Record<string, unknown> } })._.selectedFields;
  const pairs = Object.keys(fields).map((key) => {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(key)) throw new Error(`asJsonRows: unexpected key ${key}`);
    const field = fields[key];
    const ref = (q as unknown as Record<string, SQLWrapper>)[key] as SQLWrapper;
    if (is(field, SQL) || is(field, SQL.Aliased)) {
      // `decoder` is drizzle's internal (what `mapWith` sets).
      const decoder = (is(field, SQL) ? field : field.sql) as unknown as { decoder: unknown };
      if (decoder.decoder !== noopDecoder) throw new Error(`asJsonRows: ${key} is mapped (mapWith)`);
      return sql`${sql.raw(`'${key}'`)}, ${ref}`;
    }
    const type = (field as Column).columnType;
    if (type === "SQLiteTextJson") return sql`${sql.raw(`'${key}'`)}, json(${ref})`;
    if (!PLAIN_COLUMNS.has(type)) throw new Error(`asJsonRows: ${key} (${type}) has a drizzle mapping`);
    return sql`${sql.raw(`'${key}'`)}, ${ref}`;
  });
  const rows = sql<
    JsonRowsText<T>
  >`coalesce(json_group_array(json_object(${sql.join(pairs, sql`, `)})), '[]')`;
  return db.select({ rows: rows.as("rows") }).from(q);
}

/** The rows of `asJsonRows`' one row. */
export function fromJsonRows<T>(result: readonly { rows: JsonRowsText<T> }[]): T[] {
  return JSON.parse(result[0]?.rows ?? "[]") as T[];
}

/**
 * `asJsonRows` of a query whose SQL text depends only on its shape, built ONCE: `build` gets a
 * placeholder for each string argument, and each call binds the arguments to that text. Drizzle's
 * building of a select (its chunks walked one by one) was a fifth of a report read's CPU in the
 * Worker. The query's shape must not depend on the arguments' values (lists included: give a
 * fixed number of strings).
 */
export function cachedJsonRows<Args extends string[], T>(build: (db: Db, ...args: Args) => SelectOf<T>) {
  let shape: { text: string; params: unknown[] } | undefined;
  return (db: Db, ...args: Args): ReturnType<typeof asJsonRows<T>> => {
    if (!shape) {
      const names = args.map((_, i) => sql.placeholder(`a${i}`) as unknown as string) as Args;
      const { sql: text, params } = asJsonRows(db, build(db, ...names)).toSQL();
      shape = { text, params };
    }
    const values = shape.params.map((p) => {
      const placeholder = is(p, Param) ? p.value : p;
      return is(placeholder, Placeholder) ? args[Number(placeholder.name.slice(1))] : p;
    });
    const query = { sql: shape.text, params: values };
    const stmt = db.$client.prepare(shape.text);
    // What drizzle's D1 `batch` asks of an item: its query, its bound statement, its rows.
    const prepared = {
      stmt,
      getQuery: () => query,
      mapResult: (result: D1Result) => result.results,
    };
    const item = {
      _prepare: () => prepared,
      getSQL: () => sql.raw(shape?.text ?? ""),
      toSQL: () => query,
      // biome-ignore lint/suspicious/noThenProperty: awaited alone, like a drizzle query.
      then: (resolve: (rows: unknown[]) => unknown, reject: (e: unknown) => unknown) =>
        stmt
          .bind(...values)
          .all()
          .then((r) => r.results)
          .then(resolve, reject),
    };
    return item as unknown as ReturnType<typeof asJsonRows<T>>;
  };
}
