import { describe, expect, it } from "vitest";
import {
  compactIdentifier,
  departmentOfInseeCode,
  inseeCodeError,
  luhnValid,
  rnaError,
  sirenError,
  siretError,
  withLuhnKey,
} from "./identifiers";

describe("SIREN", () => {
  it("accepts real SIRENs (commune of Arras, CU d'Arras)", () => {
    expect(sirenError("216200410")).toBeNull();
    expect(sirenError("200033579")).toBeNull();
  });
  it("rejects a wrong check digit", () => {
    expect(sirenError("216200411")).toMatch(/clé de contrôle/);
  });
  it("rejects anything but 9 digits", () => {
    expect(sirenError("21620041")).toMatch(/9 chiffres/);
    expect(sirenError("2162004100")).toMatch(/9 chiffres/);
    expect(sirenError("21620041A")).toMatch(/9 chiffres/);
  });
});

describe("SIRET", () => {
  it("accepts a Luhn-valid SIRET", () => {
    expect(siretError("73282932000074")).toBeNull();
  });
  it("rejects a wrong check digit", () => {
    expect(siretError("73282932000075")).toMatch(/clé de contrôle/);
  });
  it("rejects anything but 14 digits", () => {
    expect(siretError("7328293200007")).toMatch(/14 chiffres/);
    expect(siretError("732829320000744")).toMatch(/14 chiffres/);
  });
  it("accepts La Poste establishments whose digits sum to a multiple of 5, though not Luhn-valid", () => {
    expect(luhnValid("35600000012341")).toBe(false);
    expect(siretError("35600000012341")).toBeNull();
    // the head office follows Luhn
    expect(siretError("35600000000048")).toBeNull();
  });
  it("rejects a La Poste SIRET failing both rules", () => {
    expect(luhnValid("35600000012342")).toBe(false);
    expect(siretError("35600000012342")).toMatch(/clé de contrôle/);
  });
  it("does not apply La Poste's rule to other companies", () => {
    // digit sum 30 (multiple of 5) but not Luhn and not La Poste
    expect(siretError("12345678901230")).not.toBeNull();
  });
});

describe("RNA", () => {
  it("accepts W + 9 digits and Corsican registry codes", () => {
    expect(rnaError("W622012345")).toBeNull();
    expect(rnaError("W595012345")).toBeNull();
    expect(rnaError("W2A1001234")).toBeNull();
    expect(rnaError("W2B2001234")).toBeNull();
  });
  it("rejects a missing W, a wrong length or letters in the sequence number", () => {
    expect(rnaError("622012345")).toMatch(/commence par la lettre W/);
    expect(rnaError("W62201234")).toMatch(/9 chiffres/);
    expect(rnaError("W6220123456")).toMatch(/9 chiffres/);
    expect(rnaError("W62201234A")).toMatch(/6 chiffres/);
    expect(rnaError("WAB1001234")).toMatch(/greffe/);
  });
});

describe("INSEE commune code", () => {
  it("accepts metropolitan, Corsican and overseas codes", () => {
    for (const code of ["62041", "01001", "2A004", "2B033", "97411", "97608"])
      expect(inseeCodeError(code)).toBeNull();
  });
  it("rejects a wrong length, letters, 20xxx and foreign-country codes", () => {
    expect(inseeCodeError("6204")).toMatch(/5 caractères/);
    expect(inseeCodeError("62O41")).toMatch(/chiffres/);
    expect(inseeCodeError("20004")).toMatch(/2A ou 2B/);
    expect(inseeCodeError("99134")).toMatch(/pays étranger/);
  });
  it("gives the département of a code", () => {
    expect(departmentOfInseeCode("62041")).toBe("62");
    expect(departmentOfInseeCode("2A004")).toBe("2A");
    expect(departmentOfInseeCode("97411")).toBe("974");
  });
});

describe("helpers", () => {
  it("compacts typed identifiers", () => {
    expect(compactIdentifier(" 732 829 320 00074 ")).toBe("73282932000074");
    expect(compactIdentifier("w62-201.2345")).toBe("W622012345");
  });
  it("builds Luhn-valid numbers", () => {
    expect(sirenError(withLuhnKey("12345678"))).toBeNull();
    expect(siretError(withLuhnKey("1234567890001"))).toBeNull();
  });
});
