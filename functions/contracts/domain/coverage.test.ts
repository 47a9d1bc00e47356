import { describe, expect, it } from "vitest";
import { type CoverageInput, coverageOn } from "./coverage";

const population: Record<string, number> = { "62041": 42875, "62004": 7899, "62753": 6492, "62193": 39000 };
const base: CoverageInput = {
  state: "signed",
  signedOn: "2026-01-10",
  startsOn: "2026-02-01",
  endsOn: "2026-12-31",
  terminatedOn: null,
  carrierOrganisationId: "cu-arras",
  communes: ["62041", "62004"],
  signatories: [{ organisationId: "cu-arras" }, { organisationId: "caf" }, { organisationId: "ch" }],
};

describe("coverage", () => {
  it("sums the population of communes covered by contracts in force, each commune once, with its share", () => {
    const contracts: CoverageInput[] = [
      base,
      {
        ...base,
        carrierOrganisationId: "arras",
        communes: ["62041", "62753"],
        signatories: [{ organisationId: "caf" }],
      },
      { ...base, state: "draft", signedOn: null, communes: ["62193"] },
    ];
    const c = coverageOn(contracts, (code) => population[code] ?? 0, 1_457_905, "2026-06-30");
    expect(c).toEqual({
      on: "2026-06-30",
      contractsInForce: 2,
      partners: 4,
      coveredPopulation: 42875 + 7899 + 6492,
      population: 1_457_905,
      share: 0.0393,
    });
  });

  it("counts nothing before the start, after the end or from the termination day", () => {
    const pop = (code: string) => population[code] ?? 0;
    expect(coverageOn([base], pop, 100, "2026-01-31").contractsInForce).toBe(0);
    expect(coverageOn([base], pop, 100, "2027-01-01").contractsInForce).toBe(0);
    const terminated = { ...base, state: "terminated" as const, terminatedOn: "2026-06-30" };
    expect(coverageOn([terminated], pop, 100, "2026-06-29").contractsInForce).toBe(1);
    expect(coverageOn([terminated], pop, 100, "2026-06-30").contractsInForce).toBe(0);
  });

  it("an empty département has a share of 0, not NaN", () => {
    expect(coverageOn([], () => 0, 0, "2026-06-30").share).toBe(0);
  });
});
