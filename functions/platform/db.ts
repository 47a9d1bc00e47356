import { drizzle } from "drizzle-orm/d1";

export type Db = ReturnType<typeof createDb>;

export const createDb = (d1: D1Database) => drizzle(d1);

/** D1 binds at most 100 parameters per statement. */
export function chunk<T>(rows: T[], columnsPerRow: number, maxParams = 100): T[][] {
  const size = Math.max(1, Math.floor(maxParams / columnsPerRow));
  const out: T[][] = [];
  for (let i = 0; i < rows.length; i += size) out.push(rows.slice(i, i + size));
  return out;
}
