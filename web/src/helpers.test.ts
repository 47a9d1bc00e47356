import { describe, expect, it } from "vitest";
import { authErrorOf } from "./auth";
import { filterDepartments } from "./departments/filter";
import { linksIn } from "./dev/text";
import { identifierOf } from "./organisations/identifier";

const departments = [
  { code: "62", name: "Pas-de-Calais", regionCode: "32", regionName: "Hauts-de-France" },
  { code: "59", name: "Nord", regionCode: "32", regionName: "Hauts-de-France" },
  { code: "2A", name: "Corse-du-Sud", regionCode: "94", regionName: "Corse" },
];

describe("the département switcher", () => {
  it("finds a département by code prefix, name without accents or hyphens, or region", () => {
    expect(filterDepartments(departments, "6").map((d) => d.code)).toEqual(["62"]);
    expect(filterDepartments(departments, "pas de calais").map((d) => d.code)).toEqual(["62"]);
    expect(filterDepartments(departments, "2a").map((d) => d.code)).toEqual(["2A"]);
    expect(filterDepartments(departments, "hauts").map((d) => d.code)).toEqual(["62", "59"]);
    expect(filterDepartments(departments, "  ")).toHaveLength(3);
  });
});

describe("the development outbox", () => {
  it("extracts the sign-in link of a mail, without trailing punctuation", () => {
    const text =
      "Bonjour,\nCliquez : http://127.0.0.1:8787/api/auth/callback/email?token=abc&email=a%40b.fr.\nMerci";
    expect(linksIn(text)).toEqual(["http://127.0.0.1:8787/api/auth/callback/email?token=abc&email=a%40b.fr"]);
  });
});

describe("sign-in errors", () => {
  it("turns Auth.js error codes into French messages", () => {
    expect(authErrorOf("/api/auth/verify-request?provider=email")).toBeNull();
    expect(authErrorOf("/connexion?error=Verification")).toMatch(/expiré/);
    expect(authErrorOf("http://x/api/auth/error?error=Whatever")).toMatch(/échoué/);
  });
});

describe("organisation identifiers in lists", () => {
  const base = { inseeCode: null, siren: null, siret: null, rna: null };
  it("shows the identifier of the kind", () => {
    expect(identifierOf({ ...base, kind: "commune", inseeCode: "62041", siren: "216200415" })).toBe(
      "INSEE 62041",
    );
    expect(identifierOf({ ...base, kind: "epci", siren: "200033579" })).toBe("SIREN 200033579");
    expect(identifierOf({ ...base, kind: "association", rna: "W622012345" })).toBe("RNA W622012345");
    expect(identifierOf({ ...base, kind: "police", siret: "13000766900018" })).toBe("SIRET 13000766900018");
  });
});
