import { beforeAll, describe, expect, it } from "vitest";
import { db, department } from "../../test/factories";
import { derived } from "../derived-providers";
import { parisMidnight, publishedValues, quarterInstants } from "./derived";
import { placementOffers } from "./schema";

/**
 * A hand-made set (first publication instants in UTC):
 *  - 62 A: 2026-01-10, 2 places → Q1.
 *  - 62 B: 2026-03-31T22:30Z = 1 April 00:30 in Paris (summer time) → Q2, not Q1. 3 places.
 *  - 62 C: 2026-03-31T21:30Z = 31 March 23:30 in Paris → Q1. 1 place. Closed since: still counted.
 *  - 62 D: a draft, never published: never counted.
 *  - 59 E: 2026-05-05, 4 places → Q2 in 59 only.
 */
function offer(
  departmentCode: string,
  id: string,
  publishedAt: string | null,
  capacity: number,
  state = "published",
) {
  return {
    departmentCode,
    id,
    hostOrganisationId: "h",
    service: "s",
    title: id,
    description: "d",
    communeInseeCode: "62041",
    halfDays: 2,
    dateMode: "period" as const,
    periodStart: "2026-01-01",
    periodEnd: "2026-12-31",
    capacity,
    state: state as "published" | "draft" | "closed",
    publishedAt,
    createdAt: "2026-01-01T00:00:00Z",
    updatedAt: "2026-01-01T00:00:00Z",
  };
}

beforeAll(async () => {
  await department("62");
  await department("59");
  // One row a statement: D1 binds 100 parameters at most.
  const rows = [
    offer("62", "A", "2026-01-10T09:00:00.000Z", 2),
    offer("62", "B", "2026-03-31T22:30:00.000Z", 3),
    offer("62", "C", "2026-03-31T21:30:00.000Z", 1, "closed"),
    offer("62", "D", null, 5, "draft"),
    offer("59", "E", "2026-05-05T09:00:00.000Z", 4),
  ];
  await db().batch(rows.map((r) => db().insert(placementOffers).values(r)) as never);
});

describe("placements' derived indicators", () => {
  it("count offers and places by quarter of first publication, in Paris time, in one statement", async () => {
    const keys = ["placements.offers_published", "placements.places_published"];
    const reads = derived.read(
      db(),
      { departmentCodes: "all", periods: ["2026-Q1", "2026-Q2", "2026-Q3"] },
      keys,
    );
    expect(reads.statements).toHaveLength(1);
    const value = reads.values(await Promise.all(reads.statements));
    const table = (code: string) =>
      ["2026-Q1", "2026-Q2", "2026-Q3"].map((p) => [
        value(code, p, keys[0] as string),
        value(code, p, keys[1] as string),
      ]);
    expect(table("62")).toEqual([
      [2, 3],
      [1, 3],
      [0, 0],
    ]);
    expect(table("59")).toEqual([
      [0, 0],
      [1, 4],
      [0, 0],
    ]);
  });

  it("reads only the départements asked for", async () => {
    const reads = derived.read(db(), { departmentCodes: ["59"], periods: ["2026-Q2"] }, [
      "placements.offers_published",
    ]);
    const value = reads.values(await Promise.all(reads.statements));
    expect(value("62", "2026-Q2", "placements.offers_published")).toBe(0);
    expect(value("59", "2026-Q2", "placements.offers_published")).toBe(1);
  });

  it("quarters start at midnight in Paris, winter and summer time", () => {
    expect(parisMidnight("2026-01-01")).toBe("2025-12-31T23:00:00.000Z");
    expect(parisMidnight("2026-04-01")).toBe("2026-03-31T22:00:00.000Z");
    expect(quarterInstants("2026-Q1")).toEqual({
      p: "2026-Q1",
      s: "2025-12-31T23:00:00.000Z",
      e: "2026-03-31T22:00:00.000Z",
    });
    expect(publishedValues([])("62", "2026-Q1", "placements.offers_published")).toBe(0);
  });
});
