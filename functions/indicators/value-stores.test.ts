import { env } from "cloudflare:workers";
import { sql } from "drizzle-orm";
import { describe, expect, it } from "vitest";
import { createDb } from "../platform/db";
import { reportValues } from "../reports/schema";
import { reportValuesExist } from "../reports/value-store";
import { valueStores } from "./value-stores";

const db = createDb(env.DB);
const used = async (condition: ReturnType<ReturnType<typeof valueStores>["valuesExist"]>) => {
  const [row] = await db.all<{ used: number }>(sql`select ${condition} as used`);
  return Boolean(row?.used);
};

describe("indicator value stores (the catalogue asks, reports answers)", () => {
  it("refuses to answer when no store is registered, rather than saying 'no value'", () => {
    expect(() => valueStores().valuesExist("N1-1", null)).toThrow(/no indicator value store/);
  });

  it("sees the values of reports in one département or in any, and ORs every store", async () => {
    const stores = valueStores();
    stores.register("reports", reportValuesExist);
    expect(await used(stores.valuesExist("N1-1", null))).toBe(false);
    await db.insert(reportValues).values({
      departmentCode: "62",
      period: "2026-Q1",
      indicatorCode: "N1-1",
      state: "value",
      value: 3,
      updatedAt: "2026-04-02T10:00:00.000Z",
    });
    expect(await used(stores.valuesExist("N1-1", null))).toBe(true);
    expect(await used(stores.valuesExist("N1-1", "62"))).toBe(true);
    expect(await used(stores.valuesExist("N1-1", "59"))).toBe(false);

    stores.register("contracts", (code) => sql`${code} = 'C-1'`);
    expect(await used(stores.valuesExist("C-1", null))).toBe(true);
    expect(await used(stores.valuesExist("N2-1", null))).toBe(false);
  });
});
