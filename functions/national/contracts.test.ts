import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { NationalContracts } from "../../shared/national";
import { callAt, commune, db, department, type TestUser, token, user } from "../../test/factories";
import { createApp } from "../app";
import type { ContractState } from "../contracts/domain/contract";
import { insertContract, writeChildren } from "../contracts/queries";
import { departments } from "../departments/schema";
import { fixedClock } from "../platform/clock";
import { D1_STATS_HEADERS } from "../platform/d1-stats";
import { chunk } from "../platform/db";

/**
 * The national view of local contracts: every département on a day, from one grouped statement.
 * A hand-made set across two départements (plus empty ones):
 *  - 62: Arras (40 000), Achicourt (8 000), Béthune (25 000), Lens (27 000) = 100 000.
 *    A: CU d'Arras, Arras + Achicourt, signatories CU, CAF, CH, 2026-02-01 → 2026-12-31.
 *    B: Béthune, Béthune + Arras (Arras once), signatories Béthune + CAF (CAF once), from 2026-09-01.
 *    C: Lens, a draft: never counted.
 *  - 59: Lille (200 000), Roubaix (100 000). D: Lille, signed on 2026-10-05, from 2026-07-01.
 *  - 75 and 13 have no contract.
 */
const NOW = "2026-11-10T10:00:00Z";

function contract(over: Partial<ContractState>): ContractState {
  return {
    title: "Contrat local",
    carrierOrganisationId: "x",
    council: "cispd",
    coordinator: { name: "Coordinatrice", function: "Coordination CISPD", email: "c@x.fr" },
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
  role: "Partenaire",
  signerName: "Signataire",
  signerFunction: "Direction",
  signedOn: "2026-01-15",
});

async function add(dept: string, c: ContractState) {
  const id = crypto.randomUUID();
  await db().batch([
    insertContract(db(), dept, id, c, "2026-01-01T00:00:00Z"),
    ...writeChildren(db(), dept, id, null, c, { userId: null, at: "2026-01-01T00:00:00Z" }),
  ]);
}

const get = (path: string, headers: Record<string, string>) =>
  callAt(NOW, "GET", `/api/v1${path}`, { headers });

let national: TestUser;

beforeAll(async () => {
  for (const code of ["62", "59", "75", "13"]) await department(code);
  const populations: [string, number][] = [
    ["62041", 40_000],
    ["62004", 8_000],
    ["62119", 25_000],
    ["62498", 27_000],
    ["59350", 200_000],
    ["59512", 100_000],
  ];
  for (const [inseeCode, population] of populations)
    await commune(inseeCode.slice(0, 2), {
      inseeCode,
      siren: `2${inseeCode}000`,
      name: inseeCode,
      population,
    });
  await add(
    "62",
    contract({
      carrierOrganisationId: "cu",
      communes: ["62041", "62004"],
      signatories: ["cu", "caf", "ch"].map(signer),
      endsOn: "2026-12-31",
    }),
  );
  await add(
    "62",
    contract({
      carrierOrganisationId: "bethune",
      communes: ["62119", "62041"],
      signatories: ["bethune", "caf"].map(signer),
      startsOn: "2026-09-01",
    }),
  );
  await add(
    "62",
    contract({ carrierOrganisationId: "lens", communes: ["62498"], state: "draft", signedOn: null }),
  );
  await add(
    "59",
    contract({
      carrierOrganisationId: "lille",
      communes: ["59350"],
      signatories: [signer("lille")],
      signedOn: "2026-10-05",
      startsOn: "2026-07-01",
    }),
  );
  national = await user("national");
});

describe("GET /national/contracts", () => {
  it("gives every département its contracts in force, partners and population share, on today by default", async () => {
    const res = await get("/national/contracts", national.headers);
    expect(res.status).toBe(200);
    const body = (await res.json()) as NationalContracts;
    expect(body.on).toBe("2026-11-10");
    expect(body.items.map((i) => i.departmentCode)).toEqual(["13", "59", "62", "75"]);
    const row = (code: string) => body.items.find((i) => i.departmentCode === code);
    expect(row("62")).toEqual({
      departmentCode: "62",
      departmentName: "Pas-de-Calais",
      contractsInForce: 2,
      partners: 4,
      coveredPopulation: 73_000,
      population: 100_000,
      share: 0.73,
    });
    expect(row("59")).toMatchObject({
      contractsInForce: 1,
      partners: 1,
      coveredPopulation: 200_000,
      share: 0.6667,
    });
    expect(row("75")).toMatchObject({
      contractsInForce: 0,
      partners: 0,
      coveredPopulation: 0,
      population: 0,
      share: 0,
    });
    expect(body.summary).toEqual({
      departments: 4,
      departmentsWithContract: 2,
      contractsInForce: 3,
      coveredPopulation: 273_000,
      population: 400_000,
      share: 0.6825,
    });
  });

  it("on a given day: before B starts and before D is signed, after A ends", async () => {
    const august = (await (
      await get("/national/contracts?on=2026-08-31", national.headers)
    ).json()) as NationalContracts;
    expect(august.items.find((i) => i.departmentCode === "62")).toMatchObject({
      contractsInForce: 1,
      partners: 3,
      coveredPopulation: 48_000,
      share: 0.48,
    });
    expect(august.items.find((i) => i.departmentCode === "59")?.contractsInForce).toBe(0);
    const january = (await (
      await get("/national/contracts?on=2027-01-01", national.headers)
    ).json()) as NationalContracts;
    expect(january.items.find((i) => i.departmentCode === "62")).toMatchObject({
      contractsInForce: 1,
      partners: 2,
      coveredPopulation: 65_000,
    });
    expect(january.summary.departmentsWithContract).toBe(2);
  });

  it("refuses a day that is not one, pointing at it", async () => {
    const res = await get("/national/contracts?on=2026-02-30", national.headers);
    expect(res.status).toBe(422);
    const problem = (await res.json()) as { errors: { in: string; pointer: string }[] };
    expect(problem.errors).toEqual([expect.objectContaining({ in: "query", pointer: "/on" })]);
  });

  it("is for national users only: a prefecture or a member gets 403, nobody signed in 401", async () => {
    const prefecture = await user("prefecture", "62");
    const member = await user("member", "59");
    expect((await get("/national/contracts", prefecture.headers)).status).toBe(403);
    expect((await get("/national/contracts", (await token(prefecture)).headers)).status).toBe(403);
    expect((await get("/national/contracts", member.headers)).status).toBe(403);
    expect((await get("/national/contracts", {})).status).toBe(401);
  });

  it("costs the token and ONE round trip of two statements, for 101 départements as for four", async () => {
    const codes = [
      ...Array.from({ length: 95 }, (_, i) => String(i + 1).padStart(2, "0")),
      ...["2A", "2B", "971", "972", "973", "974", "976"],
    ].filter((c) => !["13", "20", "59", "62", "75"].includes(c));
    // D1 binds 100 parameters at most, and departments has more columns than the four given.
    for (const part of chunk(codes, 10))
      await db()
        .insert(departments)
        .values(
          part.map((code) => ({ code, name: `Département ${code}`, regionCode: "00", regionName: "Région" })),
        )
        .onConflictDoNothing();
    const { headers } = await token(national);
    const measure = async () => {
      const { app } = createApp({ clock: fixedClock(NOW) });
      const res = await app.fetch(
        new Request("https://maillage.test/api/v1/national/contracts", { headers }),
        { ...env, D1_STATS: "1" },
        createExecutionContext(),
      );
      const body = (await res.json()) as NationalContracts;
      return {
        departments: body.items.length,
        statements: Number(res.headers.get(D1_STATS_HEADERS.statements)),
        roundTrips: Number(res.headers.get(D1_STATS_HEADERS.roundTrips)),
      };
    };
    await measure(); // the token's first use records it (once a minute): not what is measured
    expect(await measure()).toEqual({ departments: 101, statements: 3, roundTrips: 2 });
  });
});
