import { describe, expect, it } from "vitest";
import { type ContractActor, canCreateFor, canSee, permissions } from "./access";
import type { ContractState } from "./contract";

const contract = (state: ContractState["state"]) => ({
  carrierOrganisationId: "cu",
  state,
  signatories: [
    { organisationId: "cu", role: "r", signerName: null, signerFunction: null, signedOn: null },
    { organisationId: "caf", role: "r", signerName: null, signerFunction: null, signedOn: null },
  ],
});
const member = (...organisationIds: string[]): ContractActor => ({
  userId: "u",
  roles: ["member"],
  organisationIds,
});
const prefecture: ContractActor = { userId: "p", roles: ["prefecture"], organisationIds: ["pref"] };
const national: ContractActor = { userId: "n", roles: ["national"], organisationIds: [] };

describe("who does what on a contract", () => {
  it("the carrier's members edit, manage signatories while a draft, amend once signed, handle documents", () => {
    expect(permissions(member("cu"), contract("draft"))).toEqual({
      edit: true,
      amend: false,
      manageSignatories: true,
      sign: ["cu"],
      terminate: false,
      comment: true,
      manageDocuments: true,
    });
    expect(permissions(member("cu"), contract("signed"))).toMatchObject({
      edit: true,
      amend: true,
      manageSignatories: false,
      sign: [],
    });
    expect(permissions(member("cu"), contract("terminated"))).toMatchObject({ edit: false, amend: false });
  });

  it("a signatory's member signs for their own organisation only, and cannot edit", () => {
    expect(permissions(member("caf"), contract("draft"))).toMatchObject({
      edit: false,
      sign: ["caf"],
      comment: false,
      manageDocuments: false,
    });
  });

  it("the prefecture sees, comments and terminates a signed contract; national users only read", () => {
    expect(permissions(prefecture, contract("signed"))).toMatchObject({
      edit: false,
      terminate: true,
      comment: true,
    });
    expect(permissions(prefecture, contract("draft")).terminate).toBe(false);
    expect(
      Object.values(permissions(national, contract("signed")))
        .flat()
        .filter(Boolean),
    ).toEqual([]);
    expect(canSee(national, contract("draft"))).toBe(true);
  });

  it("a member sees only the contracts their organisation carries or signs", () => {
    expect(canSee(member("caf"), contract("draft"))).toBe(true);
    expect(canSee(member("other"), contract("draft"))).toBe(false);
  });

  it("a contract is created by a member of a commune or EPCI, for it", () => {
    expect(canCreateFor(member("cu"), { id: "cu", kind: "epci" })).toBe(true);
    expect(canCreateFor(member("arras"), { id: "arras", kind: "commune" })).toBe(true);
    expect(canCreateFor(member("caf"), { id: "caf", kind: "social_security" })).toBe(false);
    expect(canCreateFor(member("caf"), { id: "cu", kind: "epci" })).toBe(false);
    expect(canCreateFor(prefecture, { id: "pref", kind: "epci" })).toBe(false);
  });
});
