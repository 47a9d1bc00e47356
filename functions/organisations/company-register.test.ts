import { createExecutionContext, waitOnExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, inject, it } from "vitest";
import type { CompanyRegisterEntry } from "../../shared/organisation";
import { MOCK_OPEN, MOCK_SIRETS } from "../../test/company-register-mock";
import { call, department, organisation, type TestUser, user } from "../../test/factories";
import { createApp } from "../app";
import { entryOf } from "./company-register";

const registerUrl = inject("companyRegisterUrl");
const { app } = createApp();

/** Calls the Worker with the register pointed at the local mock. */
async function lookup(siret: string, headers: Record<string, string>, department = "62") {
  const ctx = createExecutionContext();
  const res = await app.fetch(
    new Request(
      `https://maillage.test/api/v1/departments/${department}/company-register/${encodeURIComponent(siret)}`,
      { headers },
    ),
    { ...env, COMPANY_REGISTER_URL: registerUrl },
    ctx,
  );
  await waitOnExecutionContext(ctx);
  return res;
}

async function askedOfMock(): Promise<string[]> {
  const res = await fetch(`${registerUrl}/test/queries`);
  return ((await res.json()) as { queries: string[] }).queries;
}

let prefecture: TestUser;
let member: TestUser;
let prefecture59: TestUser;

beforeAll(async () => {
  await department("62");
  await department("59");
  prefecture = await user("prefecture", "62");
  member = await user("member", "62", (await organisation("62")).id);
  prefecture59 = await user("prefecture", "59");
});

describe("looking a SIRET up in the company register", () => {
  it("maps an open head office to our schema, and sends the register nothing but the SIRET", async () => {
    const res = await lookup(MOCK_SIRETS.open, prefecture.headers);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      siret: MOCK_SIRETS.open,
      siren: "998000001",
      name: MOCK_OPEN.name,
      address: MOCK_OPEN.address,
      headOffice: true,
      closed: false,
      closedOn: null,
    } satisfies CompanyRegisterEntry);
    expect(await askedOfMock()).toContain(MOCK_SIRETS.open);
  });

  it("accepts the SIRET as people type it (spaces) and asks the register the compact one", async () => {
    const res = await lookup("998 000 001 00011", prefecture.headers);
    expect(res.status).toBe(200);
    expect(((await res.json()) as CompanyRegisterEntry).siret).toBe(MOCK_SIRETS.open);
    expect(await askedOfMock()).not.toContain("998 000 001 00011");
  });

  it("flags a closed establishment with its closing date (the company itself still active)", async () => {
    const res = await lookup(MOCK_SIRETS.closed, prefecture.headers);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({
      siren: "998000002",
      name: "MAISON DES FEMMES DE L'ARTOIS",
      address: "8 PLACE DES HEROS 62000 ARRAS",
      headOffice: false,
      closed: true,
      closedOn: "2024-06-30",
    });
  });

  it("proposes nothing the register does not publish ([NON-DIFFUSIBLE])", async () => {
    const res = await lookup(MOCK_SIRETS.hidden, prefecture.headers);
    expect(res.status).toBe(200);
    expect(await res.json()).toMatchObject({ name: null, address: null, closed: false });
  });

  it("answers 404 problem+json for a SIRET the register does not know", async () => {
    const unknown = "99800000700018";
    const res = await lookup(unknown, prefecture.headers);
    expect(res.status).toBe(404);
    expect(res.headers.get("content-type")).toContain("application/problem+json");
    expect(await res.json()).toMatchObject({ code: "not_found" });
    expect(await askedOfMock()).toContain(unknown);
  });

  it("answers 502 when the register fails, or answers something that is not its shape", async () => {
    for (const siret of [MOCK_SIRETS.failing, MOCK_SIRETS.garbled]) {
      const res = await lookup(siret, prefecture.headers);
      expect(res.status, siret).toBe(502);
      expect(res.headers.get("content-type")).toContain("application/problem+json");
      const problem = (await res.json()) as { code: string; detail: string; requestId: string };
      expect(problem.code).toBe("upstream_error");
      expect(problem.detail).toContain("saisissez le nom et l'adresse");
      expect(problem.requestId).toBeTruthy();
    }
  });

  it("answers 502 when the register cannot be reached at all", async () => {
    // call() uses the test environment's address, where nothing listens.
    const res = await call("GET", `/api/v1/departments/62/company-register/${MOCK_SIRETS.open}`, {
      headers: prefecture.headers,
    });
    expect(res.status).toBe(502);
  });

  it("answers 504 when the register takes longer than 3 s", async () => {
    const started = Date.now();
    const res = await lookup(MOCK_SIRETS.slow, prefecture.headers);
    const waited = Date.now() - started;
    expect(res.status).toBe(504);
    expect(await res.json()).toMatchObject({
      code: "upstream_timeout",
      detail: "Le répertoire des entreprises ne répond pas : saisissez le nom et l'adresse.",
    });
    expect(waited).toBeGreaterThanOrEqual(2_900);
    // The mock answers after 12 s: well under that proves the Worker gave up, even on a loaded machine.
    expect(waited).toBeLessThan(10_000);
  }, 30_000);

  it("refuses a malformed SIRET with 422 on the path, without calling the register", async () => {
    const before = (await askedOfMock()).length;
    for (const [siret, detail] of [
      ["99800000100012", "Ce SIRET n'est pas valide (clé de contrôle incorrecte)."],
      ["9980000010001", "Le SIRET doit comporter 14 chiffres."],
      ["abc", "Le SIRET doit comporter 14 chiffres."],
    ]) {
      const res = await lookup(siret as string, prefecture.headers);
      expect(res.status, siret).toBe(422);
      expect(await res.json()).toMatchObject({ errors: [{ in: "path", pointer: "/siret", detail }] });
    }
    expect((await askedOfMock()).slice(before)).toEqual([]);
  });

  it("accepts La Poste's establishments, numbered outside Luhn", async () => {
    // 356000000 + 5 digits whose digit sum is a multiple of 5, not Luhn-valid: the register is asked.
    const res = await lookup("35600000000001", prefecture.headers);
    expect(res.status).toBe(404);
    expect(await askedOfMock()).toContain("35600000000001");
  });

  it("is for the prefecture of the département only: anonymous 401, member 403, another prefecture 403", async () => {
    expect((await lookup(MOCK_SIRETS.open, {})).status).toBe(401);
    expect((await lookup(MOCK_SIRETS.open, member.headers)).status).toBe(403);
    expect((await lookup(MOCK_SIRETS.open, prefecture59.headers)).status).toBe(403);
    expect((await lookup(MOCK_SIRETS.open, prefecture59.headers, "59")).status).toBe(200);
  });
});

describe("entryOf (the register's answer, mapped)", () => {
  it("ignores a result of the search that does not hold this exact SIRET", () => {
    const answer = {
      results: [
        {
          siren: "998000009",
          nom_complet: "HOMONYME",
          siege: { siret: "99800000900015", adresse: "X" },
          matching_etablissements: [],
        },
      ],
    };
    expect(entryOf(answer, MOCK_SIRETS.open)).toBeNull();
  });

  it("flags every establishment of a ceased company as closed, with the company's date", () => {
    const entry = entryOf(
      {
        results: [
          {
            siren: "998000001",
            nom_complet: "ANCIENNE ASSOCIATION",
            etat_administratif: "C",
            date_fermeture: "2023-12-31",
            siege: { siret: MOCK_SIRETS.open, adresse: "1 RUE 62000 ARRAS", etat_administratif: "A" },
          },
        ],
      },
      MOCK_SIRETS.open,
    );
    expect(entry).toMatchObject({ closed: true, closedOn: "2023-12-31", headOffice: true });
  });

  it("throws on an answer that is not the register's", () => {
    expect(() => entryOf({ results: [{ nom_complet: "sans siren" }] }, MOCK_SIRETS.open)).toThrow();
    expect(() => entryOf(null, MOCK_SIRETS.open)).toThrow();
  });
});
