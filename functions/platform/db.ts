import { type Column, eq, sql } from "drizzle-orm";
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
