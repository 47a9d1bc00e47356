import { describe, expect, it } from "vitest";
import { ApiError } from "../api";
import {
  applyProposal,
  closedNotice,
  existingHolder,
  lookupFailure,
  proposalChanges,
  siretToLookUp,
} from "./companyRegister";

describe("the SIRET lookup's helpers", () => {
  it("looks up only a complete, valid SIRET, compacted", () => {
    expect(siretToLookUp("130 007 669 00018")).toBe("13000766900018");
    expect(siretToLookUp("1300076690001")).toBeNull();
    expect(siretToLookUp("13000766900019")).toBeNull();
    expect(siretToLookUp("")).toBeNull();
    // La Poste's establishments are numbered outside Luhn.
    expect(siretToLookUp("35600000000001")).toBe("35600000000001");
  });

  it("fills name and address from the proposal, keeping what the register does not publish", () => {
    const typed = { name: "CAF", address: "", siret: "x" };
    expect(
      applyProposal(typed, { name: "CAISSE D'ALLOCATIONS FAMILIALES", address: "1 RUE 62000 ARRAS" }),
    ).toEqual({ name: "CAISSE D'ALLOCATIONS FAMILIALES", address: "1 RUE 62000 ARRAS", siret: "x" });
    expect(applyProposal(typed, { name: null, address: null })).toEqual(typed);
    expect(proposalChanges(typed, { name: "CAF", address: null })).toBe(false);
    expect(proposalChanges(typed, { name: "CAF", address: "1 RUE" })).toBe(true);
  });

  it("says when and that an establishment is closed", () => {
    expect(closedNotice({ closed: false, closedOn: null })).toBeNull();
    expect(closedNotice({ closed: true, closedOn: "2024-06-01" })).toBe(
      "Établissement fermé le 1er juin 2024 selon le répertoire.",
    );
    expect(closedNotice({ closed: true, closedOn: null })).toBe("Établissement fermé selon le répertoire.");
  });

  it("falls back to typing, saying why", () => {
    expect(lookupFailure(new ApiError(404, { detail: "x" }))).toContain("inconnu du répertoire");
    for (const error of [new ApiError(502, {}), new ApiError(504, {}), new TypeError("Failed to fetch")])
      expect(lookupFailure(error)).toBe(
        "Le répertoire des entreprises ne répond pas : saisissez le nom et l'adresse.",
      );
  });

  it("reads the holder of a duplicate identifier from a 409", () => {
    const conflict = new ApiError(409, { existing: { id: "o1", name: "CAF" } } as never);
    expect(existingHolder(conflict)).toEqual({ id: "o1", name: "CAF" });
    expect(existingHolder(new ApiError(409, {}))).toBeNull();
    expect(existingHolder(new ApiError(422, { existing: { id: "o1", name: "CAF" } } as never))).toBeNull();
    expect(existingHolder(new Error("x"))).toBeNull();
  });
});
