import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { valuesOfIndicator } from "../national/queries";
import { createDb } from "../platform/db";
import { activeIndicatorCounts, answeredCounts } from "./queries";

/**
 * The national views read indexes only (migration 0011): on 101 départements × 20 quarters, the
 * same reads from the tables cost several times more (see README, Benchmark).
 */
const db = createDb(env.DB);

async function planOf(query: { toSQL(): { sql: string; params: unknown[] } }): Promise<string> {
  const { sql, params } = query.toSQL();
  const { results } = await env.DB.prepare(`explain query plan ${sql}`)
    .bind(...params)
    .all<{ detail: string }>();
  return results.map((r) => r.detail).join(" | ");
}

describe("query plans of the national views", () => {
  it("counts active indicators from a covering index, in its order", async () => {
    const plan = await planOf(activeIndicatorCounts(db));
    expect(plan).toContain("COVERING INDEX indicators_counts");
    expect(plan).not.toContain("TEMP B-TREE");
  });

  it("counts a quarter's answers from covering indexes only", async () => {
    const plan = await planOf(answeredCounts(db, ["2026-Q3"]));
    expect(plan).toContain("SEARCH report_values USING COVERING INDEX report_values_period");
    expect(plan).toContain("SEARCH indicators USING COVERING INDEX indicators_rules");
  });

  it("reads one indicator's values over quarters from a covering index", async () => {
    const plan = await planOf(valuesOfIndicator(db, "N48-1", "2021-Q4", "2026-Q3"));
    expect(plan).toContain("SEARCH report_values USING COVERING INDEX report_values_indicator");
  });
});
