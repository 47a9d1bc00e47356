import { describe, expect, it } from "vitest";
import { checkCreate, createBody, identifierFieldsOf } from "./kinds";

const empty = { name: "", inseeCode: "", siren: "", siret: "", rna: "" };

describe("the organisation form", () => {
  it("asks each kind for its own identifier", () => {
    expect(identifierFieldsOf("commune")).toEqual({ required: "inseeCode" });
    expect(identifierFieldsOf("epci")).toEqual({ required: "siren" });
    expect(identifierFieldsOf("association")).toEqual({ required: "rna", optional: "siret" });
    expect(identifierFieldsOf("police")).toEqual({ required: "siret" });
  });

  it("sends only the identifiers of the chosen kind, compacted", () => {
    const values = { ...empty, name: " Asso ", rna: "w622 012345", siret: "", inseeCode: "62041" };
    expect(createBody("association", values)).toEqual({
      kind: "association",
      name: "Asso",
      rna: "W622012345",
    });
    expect(createBody("state_service", { ...empty, name: "DDETS", siret: "130 007 669 00018" })).toEqual({
      kind: "state_service",
      name: "DDETS",
      siret: "13000766900018",
    });
    expect(
      createBody("health", { ...empty, name: "CH", siret: "13000766900018", address: " 1 RUE 62000 ARRAS " }),
    ).toEqual({ kind: "health", name: "CH", siret: "13000766900018", address: "1 RUE 62000 ARRAS" });
    expect(
      createBody("health", { ...empty, name: "CH", siret: "13000766900018", address: "  " }),
    ).not.toHaveProperty("address");
    expect(createBody("commune", { ...empty, inseeCode: "62041" })).toEqual({
      kind: "commune",
      inseeCode: "62041",
    });
  });

  it("catches a missing or malformed identifier before sending", () => {
    expect(checkCreate("commune", empty)).toEqual({ inseeCode: "Choisissez la commune dans la liste." });
    expect(
      Object.keys(checkCreate("police", { ...empty, name: "Commissariat", siret: "12345678901234" })),
    ).toEqual(["siret"]);
    expect(Object.keys(checkCreate("association", { ...empty, name: "A", rna: "X123" }))).toEqual(["rna"]);
    expect(checkCreate("association", { ...empty, name: "A", rna: "W622012345" })).toEqual({});
  });
});
