import { describe, expect, it } from "vitest";
import { coverageClasses, coverageClassOf, sharePercent } from "./model";

describe("coverage classes of the national map", () => {
  it("put a département without a contract in force apart, whatever its share", () => {
    expect(coverageClassOf({ contractsInForce: 0, share: 0 })).toBe("c0");
    expect(coverageClassOf({ contractsInForce: 1, share: 0 })).toBe("c1");
  });

  it("cut at a tenth, a quarter and half of the population, as displayed", () => {
    const of = (share: number) => coverageClassOf({ contractsInForce: 2, share });
    expect([0.0949, 0.0999, 0.2449, 0.2499, 0.25, 0.4999, 0.5, 1].map(of)).toEqual([
      "c1",
      "c2",
      "c2",
      "c3",
      "c3",
      "c4",
      "c4",
      "c4",
    ]);
    expect(coverageClasses.map((c) => c.key)).toEqual(["c0", "c1", "c2", "c3", "c4"]);
  });
});

describe("population shares", () => {
  it("show one decimal, rounded as the classes are", () => {
    expect([0.0951, 0.48, 0.6667, 1].map(sharePercent)).toEqual([
      "9,5\u00a0%",
      "48\u00a0%",
      "66,7\u00a0%",
      "100\u00a0%",
    ]);
  });
});
