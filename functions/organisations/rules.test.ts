import { describe, expect, it } from "vitest";
import {
  allowedIdentifiers,
  checkCreate,
  checkUpdate,
  duplicateColumn,
  duplicateDetail,
  duplicateField,
  referenceKeys,
} from "./rules";

const arras = { inseeCode: "62041", siren: "216200410", name: "Arras" };

describe("checkCreate", () => {
  it("fills a commune's SIREN and name from the reference list", () => {
    const { errors, fields } = checkCreate({ kind: "commune", inseeCode: " 62041 " }, { commune: arras });
    expect(errors).toEqual([]);
    expect(fields).toEqual({
      name: "Arras",
      inseeCode: "62041",
      siren: "216200410",
      siret: null,
      address: null,
      rna: null,
    });
  });

  it("keeps a name given for a commune", () => {
    const { fields } = checkCreate(
      { kind: "commune", inseeCode: "62041", name: "Ville d'Arras" },
      { commune: arras },
    );
    expect(fields.name).toBe("Ville d'Arras");
  });

  it("reports an INSEE code missing from the département's list", () => {
    const { errors } = checkCreate({ kind: "commune", inseeCode: "59350" }, { commune: null });
    expect(errors).toEqual([
      {
        in: "body",
        pointer: "/inseeCode",
        detail: "Code INSEE inconnu dans ce département",
        code: "unknown",
      },
    ]);
  });

  it("requires the identifier of each kind", () => {
    const pointer = (kind: Parameters<typeof checkCreate>[0]["kind"]) =>
      checkCreate({ kind, name: "X" }, {}).errors.map((e) => e.pointer);
    expect(pointer("commune")).toEqual(["/inseeCode"]);
    expect(pointer("epci")).toEqual(["/siren"]);
    expect(pointer("association")).toEqual(["/rna"]);
    expect(pointer("gendarmerie")).toEqual(["/siret"]);
  });

  it("refuses identifiers that do not apply to the kind", () => {
    const { errors } = checkCreate(
      { kind: "justice", name: "Parquet", siret: "73282932000074", inseeCode: "62041", rna: "W622000001" },
      {},
    );
    expect(errors.map((e) => [e.pointer, e.code])).toEqual([
      ["/inseeCode", "not_applicable"],
      ["/rna", "not_applicable"],
    ]);
  });

  it("does not store a SIREN for kinds identified by SIRET (several establishments share one)", () => {
    const { fields } = checkCreate({ kind: "state_service", name: "DDETS", siret: "73282932000074" }, {});
    expect(fields.siren).toBeNull();
  });

  it("checks that a commune's SIRET belongs to its SIREN", () => {
    const { errors } = checkCreate(
      { kind: "commune", inseeCode: "62041", siret: "73282932000074" },
      { commune: arras },
    );
    expect(errors.map((e) => e.code)).toEqual(["siren_mismatch"]);
  });
});

describe("checkUpdate", () => {
  const asso = {
    kind: "association" as const,
    name: "A",
    inseeCode: null,
    siren: null,
    siret: null,
    rna: "W622000001",
    address: "1 RUE NEUVE 62000 ARRAS",
  };
  it("merges the patch and normalises identifiers", () => {
    const { errors, fields } = checkUpdate(asso, { rna: "w62-2000002", siret: "732 829 320 00074" });
    expect(errors).toEqual([]);
    expect(fields).toMatchObject({ rna: "W622000002", siret: "73282932000074", name: "A" });
  });
  it("keeps the address unless the patch names it; an empty one clears it", () => {
    expect(checkUpdate(asso, { name: "B" }).fields.address).toBe("1 RUE NEUVE 62000 ARRAS");
    expect(checkUpdate(asso, { address: "2 place des Héros" }).fields.address).toBe("2 place des Héros");
    expect(checkUpdate(asso, { address: "" }).fields.address).toBeNull();
    expect(checkUpdate(asso, { address: null }).fields.address).toBeNull();
  });
  it("refuses to clear the required identifier", () => {
    expect(checkUpdate(asso, { rna: null }).errors.map((e) => e.pointer)).toEqual(["/rna"]);
  });
});

describe("helpers", () => {
  it("looks up only well-formed identifiers", () => {
    expect(referenceKeys({ kind: "commune", inseeCode: "62041" })).toEqual({ inseeCode: "62041" });
    expect(referenceKeys({ kind: "commune", inseeCode: "abc" })).toEqual({});
    expect(referenceKeys({ kind: "epci", siren: "200 033 579" })).toEqual({ epciSiren: "200033579" });
  });
  it("lists allowed identifiers per kind", () => {
    expect(allowedIdentifiers("commune")).toEqual(["inseeCode", "siret"]);
    expect(allowedIdentifiers("health")).toEqual(["siret"]);
  });
  it("maps unique-index violations to the field", () => {
    const msg = (col: string) =>
      `D1_ERROR: UNIQUE constraint failed: organisations.department_code, organisations.${col}: SQLITE_CONSTRAINT`;
    expect(duplicateField(msg("siret"), "health")).toBe("siret");
    expect(duplicateField(msg("siren"), "commune")).toBe("inseeCode");
    expect(duplicateField(msg("siren"), "epci")).toBe("siren");
    expect(duplicateField("UNIQUE constraint failed: organisations.id", "epci")).toBeNull();
  });
  it("names the organisation holding a duplicate when it is known", () => {
    expect(duplicateDetail("siret", "CAF du Pas-de-Calais")).toBe(
      "Ce SIRET est déjà celui de « CAF du Pas-de-Calais ».",
    );
    expect(duplicateDetail("inseeCode", "Arras")).toBe("Ce code INSEE est déjà celui de « Arras ».");
    expect(duplicateDetail("siret")).toBe(
      "Le SIRET est déjà utilisé par une organisation de ce département.",
    );
    expect(duplicateColumn("inseeCode")).toBe("siren");
    expect(duplicateColumn("rna")).toBe("rna");
  });
});
