import { beforeAll, describe, expect, it } from "vitest";
import { PAS_DE_CALAIS_INDICATORS } from "../../scripts/catalogue/data/pas-de-calais";
import type { Contract } from "../../shared/contracts";
import type { ReportItem } from "../../shared/reports";
import {
  callAt,
  commune,
  db,
  department,
  epci,
  epciMembers,
  indicator,
  organisation,
  type TestUser,
  user,
} from "../../test/factories";
import { indicators } from "../indicators/schema";

/**
 * Sheet 4.4 of the Pas-de-Calais catalogue, as seeded: its figures come from the contracts
 * registry. A contract signed by every partner shows in the quarter report of 62, computed on the
 * quarter's last day, without anyone typing it.
 */
const base = "/api/v1/departments/62/contracts";
const AUGUST = "2026-08-20T10:00:00Z";
/** Q3 2026 is open for reports from 1 October. */
const OCTOBER = "2026-10-05T10:00:00Z";

let coordinator: TestUser;
let prefecture: TestUser;
const signers: { user: TestUser; organisationId: string }[] = [];
let carrierId = "";

beforeAll(async () => {
  await department("62");
  await commune("62", { inseeCode: "62041", siren: "216200410", name: "Arras", population: 40_000 });
  await commune("62", { inseeCode: "62004", siren: "216200048", name: "Achicourt", population: 10_000 });
  // The rest of the département: 200 000 inhabitants in all, so the contract covers 25 %.
  await commune("62", { inseeCode: "62119", siren: "216201190", name: "Béthune", population: 150_000 });
  await epci("62");
  await epciMembers("62", "200033579", ["62041", "62004"]);
  const cu = await organisation("62", {
    kind: "epci",
    name: "Communauté urbaine d'Arras",
    siren: "200033579",
    rna: null,
  });
  carrierId = cu.id;
  coordinator = await user("member", "62", cu.id);
  signers.push({ user: coordinator, organisationId: cu.id });
  for (const name of ["CAF du Pas-de-Calais", "France Victimes 62"]) {
    const o = await organisation("62", { name });
    signers.push({ user: await user("member", "62", o.id), organisationId: o.id });
  }
  prefecture = await user("prefecture", "62");
  const sheet44 = PAS_DE_CALAIS_INDICATORS.filter((i) => i.sheet === "4.4");
  await db()
    .insert(indicators)
    .values(
      sheet44.map((i) =>
        indicator(i.code, {
          departmentCode: "62",
          sheetCode: "4.4",
          label: i.label,
          unit: i.unit,
          periodicity: i.periodicity,
          derivedKey: i.derived,
          position: Number(i.code.split("-").at(-1)),
        }),
      ),
    );
});

async function contractInForce(startsOn: string) {
  const created = await callAt(AUGUST, "POST", base, {
    headers: coordinator.headers,
    body: {
      title: "Contrat local de la CU d'Arras",
      carrierOrganisationId: carrierId,
      council: "cispd",
      coordinator: { name: "Hélène Lefèvre", function: "Coordinatrice", email: "h.lefevre@cu-arras.fr" },
      startsOn,
      endsOn: "2029-06-30",
      signatories: signers.map((s) => ({ organisationId: s.organisationId, role: "Partenaire" })),
    },
  });
  expect(created.status, await created.clone().text()).toBe(201);
  const { id } = (await created.json()) as Contract;
  for (const s of signers) {
    const res = await callAt(AUGUST, "PUT", `${base}/${id}/signatories/${s.organisationId}/signature`, {
      headers: s.user.headers,
      body: { signerName: "Signataire", signerFunction: "Directeur", signedOn: "2026-08-01" },
    });
    expect(res.status).toBe(200);
  }
  const read = await callAt(OCTOBER, "GET", `${base}/${id}`, { headers: prefecture.headers });
  return (await read.json()) as Contract;
}

async function reportItems(period: string) {
  const res = await callAt(OCTOBER, "GET", `/api/v1/departments/62/periods/${period}/report`, {
    headers: prefecture.headers,
  });
  expect(res.status).toBe(200);
  const { items } = (await res.json()) as { items: ReportItem[] };
  return new Map(items.map((i) => [i.indicator, i]));
}

describe("sheet 4.4 in the quarter report of 62", () => {
  it("before any contract, the derived figures are zero and the contracts' content is still to type in", async () => {
    const items = await reportItems("2026-Q3");
    expect(items.get("62-4.4-1")).toMatchObject({ derived: true, value: 0 });
    expect(items.get("62-4.4-2")).toMatchObject({ derived: true, value: 0 });
    // "Contenu des contrats" is annual: asked in Q4 only, and typed in.
    expect(items.has("62-4.4-3")).toBe(false);
  });

  it("counts a contract in force on the quarter's last day, its partners and the population it covers", async () => {
    const contract = await contractInForce("2026-09-01");
    expect(contract.status).toBe("in_force");
    const items = await reportItems("2026-Q3");
    expect(items.get("62-4.4-1")).toMatchObject({ derived: true, editable: false, value: 1 });
    // The carrier signs too: three organisations in all, each counted once.
    expect(items.get("62-4.4-2")).toMatchObject({ derived: true, value: 3 });
    expect(items.get("62-4.4-4")).toMatchObject({ derived: true, value: 50_000 });
    expect(items.get("62-4.4-5")).toMatchObject({ derived: true, value: 25 });
  });

  it("a contract starting after the quarter is not counted in it", async () => {
    await contractInForce("2026-10-01");
    const items = await reportItems("2026-Q3");
    expect(items.get("62-4.4-1")).toMatchObject({ value: 1 });
  });
});
