import { beforeAll, describe, expect, it } from "vitest";
import { commune, db, department } from "../../test/factories";
import { derived } from "../derived-providers";
import { contractFigures, indicatorValue } from "./derived";
import type { ContractState } from "./domain/contract";
import { insertContract, writeChildren } from "./queries";

/**
 * A hand-made set: in 62, Arras (40 000), Achicourt (8 000), Béthune (25 000), Lens (27 000):
 * 100 000 inhabitants. In 59, Lille (200 000) and Roubaix (100 000).
 *  - A: CU d'Arras, Arras + Achicourt, signatories CU, CAF, CH; 2026-02-01 → 2027-01-31.
 *  - B: Béthune, Béthune + Arras (Arras counted once), signatories Béthune, CAF; 2026-05-01 → open,
 *    terminated from 2026-12-31 (so in force on 30 September, not on 31 December).
 *  - C: Lens, a draft: never counted.
 *  - D: Lille (59), Lille; signed 2026-10-05, starting 2026-07-01 (backdated): not in force on 30
 *    September (not yet signed), in force on 31 December.
 */
const pop = {
  "62041": 40_000,
  "62004": 8_000,
  "62119": 25_000,
  "62498": 27_000,
  "59350": 200_000,
  "59512": 100_000,
};

function state(over: Partial<ContractState>): ContractState {
  return {
    title: "t",
    carrierOrganisationId: "x",
    council: "cispd",
    coordinator: { name: "n", function: "f", email: "e@x.fr" },
    state: "signed",
    signedOn: "2026-01-15",
    startsOn: "2026-02-01",
    endsOn: null,
    terminatedOn: null,
    terminationReason: null,
    communes: [],
    signatories: [],
    components: [],
    ...over,
  };
}
const signer = (organisationId: string) => ({
  organisationId,
  role: "r",
  signerName: "s",
  signerFunction: "f",
  signedOn: "2026-01-15",
});

async function add(dept: string, c: ContractState) {
  const id = crypto.randomUUID();
  await db().batch([
    insertContract(db(), dept, id, c, "2026-01-01T00:00:00Z"),
    ...writeChildren(db(), dept, id, null, c, { userId: null, at: "2026-01-01T00:00:00Z" }),
  ]);
}

beforeAll(async () => {
  await department("62");
  await department("59");
  await department("75");
  for (const [code, population] of Object.entries(pop))
    await commune(code.slice(0, 2), {
      inseeCode: code,
      siren: `2${code}000`,
      name: `Commune ${code}`,
      population,
    });
  await add(
    "62",
    state({
      carrierOrganisationId: "cu",
      communes: ["62004", "62041"],
      signatories: ["cu", "caf", "ch"].map(signer),
      endsOn: "2027-01-31",
    }),
  );
  await add(
    "62",
    state({
      carrierOrganisationId: "bethune",
      communes: ["62041", "62119"],
      signatories: ["bethune", "caf"].map(signer),
      startsOn: "2026-05-01",
      state: "terminated",
      terminatedOn: "2026-12-31",
      terminationReason: "fusion",
    }),
  );
  await add(
    "62",
    state({ carrierOrganisationId: "lens", communes: ["62498"], state: "draft", signedOn: null }),
  );
  await add(
    "59",
    state({
      carrierOrganisationId: "lille",
      communes: ["59350"],
      signatories: [signer("lille")],
      signedOn: "2026-10-05",
      startsOn: "2026-07-01",
    }),
  );
});

describe("contracts' derived indicators", () => {
  it("computes every département and quarter asked for in one call, zeros included", async () => {
    const figures = await contractFigures(db(), ["62", "59", "75"], ["2026-Q1", "2026-Q3", "2026-Q4"]);
    const pick = (d: string, p: string) => figures.find((f) => f.departmentCode === d && f.period === p);
    expect(figures).toHaveLength(9);
    expect(pick("62", "2026-Q1")).toEqual({
      departmentCode: "62",
      period: "2026-Q1",
      on: "2026-03-31",
      contractsInForce: 1,
      partners: 3,
      coveredPopulation: 48_000,
      population: 100_000,
      share: 0.48,
    });
    // A and B: partners CU, CAF, CH, Béthune (CAF once); Arras counted once.
    expect(pick("62", "2026-Q3")).toMatchObject({
      contractsInForce: 2,
      partners: 4,
      coveredPopulation: 73_000,
      share: 0.73,
    });
    // B is terminated from 31 December: only A.
    expect(pick("62", "2026-Q4")).toMatchObject({
      contractsInForce: 1,
      partners: 3,
      coveredPopulation: 48_000,
    });
    expect(pick("59", "2026-Q3")).toMatchObject({
      contractsInForce: 0,
      coveredPopulation: 0,
      population: 300_000,
      share: 0,
    });
    expect(pick("59", "2026-Q4")).toMatchObject({
      contractsInForce: 1,
      partners: 1,
      coveredPopulation: 200_000,
      share: 0.6667,
    });
    expect(pick("75", "2026-Q4")).toMatchObject({ contractsInForce: 0, population: 0, share: 0 });
  });

  it("gives each indicator's value, the share as a percentage", async () => {
    const [f] = await contractFigures(db(), ["59"], ["2026-Q4"]);
    if (!f) throw new Error("no figures");
    expect(indicatorValue(f, "contracts.in_force")).toBe(1);
    expect(indicatorValue(f, "contracts.partners")).toBe(1);
    expect(indicatorValue(f, "contracts.population_covered")).toBe(200_000);
    expect(indicatorValue(f, "contracts.population_share")).toBe(66.67);
  });

  it("binds two parameters whatever the size: 101 départements × 40 quarters answer", async () => {
    const codes = Array.from({ length: 101 }, (_, i) => String(i + 1).padStart(2, "0"));
    const periods = Array.from({ length: 40 }, (_, i) => `${2017 + Math.floor(i / 4)}-Q${(i % 4) + 1}`);
    const figures = await contractFigures(db(), codes, periods);
    expect(figures).toHaveLength(4040);
    expect(figures.find((f) => f.departmentCode === "62" && f.period === "2026-Q3")?.contractsInForce).toBe(
      2,
    );
  });

  it("are read through the registry like every provider: one statement, batchable, for all départements", async () => {
    const keys = [
      "contracts.in_force",
      "contracts.partners",
      "contracts.population_covered",
      "contracts.population_share",
    ];
    const reads = derived.read(db(), { departmentCodes: "all", periods: ["2026-Q3"] }, keys);
    expect(reads.statements).toHaveLength(1);
    const [first, ...rest] = reads.statements;
    if (!first) throw new Error("no statement");
    const results = await db().batch([first, ...rest]);
    const value = reads.values(results);
    expect(keys.map((k) => value("62", "2026-Q3", k))).toEqual([2, 4, 73_000, 73]);
    expect(value("59", "2026-Q3", "contracts.in_force")).toBe(0);
    expect(derived.definition("contracts.population_share")?.unit).toBe("percent");
  });
});
