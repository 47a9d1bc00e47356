import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { department } from "../../test/factories";
import { departments } from "../departments/schema";
import { countingD1, newD1Stats } from "./d1-stats";
import { createDb } from "./db";

describe("countingD1", () => {
  it("counts a statement and a round trip per query, and a batch as one round trip of its statements", async () => {
    await department("62");
    const stats = newD1Stats();
    const db = createDb(countingD1(env.DB, stats));
    const query = db.select().from(departments);
    expect(stats).toEqual({ statements: 0, roundTrips: 0 }); // built, not run
    expect(await query).toHaveLength(1);
    await db.run(sql`select 1`);
    expect(stats).toEqual({ statements: 2, roundTrips: 2 });
    const [rows, one] = await db.batch([db.select().from(departments), db.run(sql`select 1 as one`)]);
    expect(rows[0]?.code).toBe("62");
    expect(one.results).toEqual([{ one: 1 }]);
    expect(stats).toEqual({ statements: 4, roundTrips: 3 });
  });
});
