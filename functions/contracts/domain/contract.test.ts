import { describe, expect, it } from "vitest";
import { BUILT_IN_COMPONENTS, componentCatalogue, componentKeyFor } from "./components";
import {
  addSignatory,
  amendContract,
  type ContractState,
  changedFields,
  createContract,
  type Outcome,
  type Reference,
  recordSignature,
  removeSignatory,
  terminateContract,
  updateContract,
} from "./contract";

const ref: Reference = {
  communeExists: (code) => ["62041", "62004", "62753"].includes(code),
  organisationActive: (id) => ["cu", "caf", "ch", "fv"].includes(id),
  catalogue: componentCatalogue([{ key: "local_accueil", label: "Accueil de jour", description: "" }]),
};
const today = "2026-05-15";
const value = <T>(o: Outcome<T>): T => {
  if (!o.ok) throw new Error(JSON.stringify(o.refusal));
  return o.value;
};
const refusal = <T>(o: Outcome<T>) => (o.ok ? null : o.refusal);

const draft = () =>
  value(
    createContract(
      {
        title: "Contrat local d'Arras",
        carrierOrganisationId: "cu",
        council: "cispd",
        coordinator: { name: "Anne Dupont", function: "Coordinatrice CISPD", email: "a.dupont@cu-arras.fr" },
        startsOn: "2026-06-01",
        endsOn: "2029-05-31",
        signatories: [
          { organisationId: "cu", role: "Porteur" },
          { organisationId: "caf", role: "Accès aux droits" },
        ],
      },
      ref,
      ["62041", "62004"],
    ),
  );
const sign = (c: ContractState, org: string, day = "2026-05-10") =>
  value(
    recordSignature(
      c,
      org,
      { signerName: `Signataire ${org}`, signerFunction: "Directeur", signedOn: day },
      today,
    ),
  );

describe("creating a contract", () => {
  it("is a draft covering the carrier's communes, with every component of the catalogue planned", () => {
    const c = draft();
    expect(c.state).toBe("draft");
    expect(c.communes).toEqual(["62004", "62041"]);
    expect(c.components.map((x) => x.key)).toEqual([
      ...BUILT_IN_COMPONENTS.map((x) => x.key),
      "local_accueil",
    ]);
    expect(c.components.every((x) => x.state === "planned")).toBe(true);
  });

  it("refuses unknown communes, organisations, components, duplicates and an end before the start, pointing at each", () => {
    const r = refusal(
      createContract(
        {
          title: "x",
          carrierOrganisationId: "cu",
          council: "clspd",
          coordinator: { name: "a", function: "b", email: "a@b.fr" },
          communes: ["62041", "59350"],
          startsOn: "2026-06-01",
          endsOn: "2026-05-31",
          signatories: [
            { organisationId: "caf", role: "r" },
            { organisationId: "caf", role: "r" },
            { organisationId: "ghost", role: "r" },
          ],
          components: [{ key: "nope", state: "planned", text: "" }],
        },
        ref,
        [],
      ),
    );
    expect(r?.kind).toBe("invalid");
    expect(r?.kind === "invalid" && r.errors.map((e) => e.pointer)).toEqual([
      "/communes/1",
      "/signatories/1/organisationId",
      "/signatories/2/organisationId",
      "/components/0/key",
      "/endsOn",
    ]);
  });
});

describe("signatures", () => {
  it("the contract becomes signed only when every listed signatory has signed, on the last signature's day", () => {
    const one = sign(draft(), "caf", "2026-05-12");
    expect(one.state).toBe("draft");
    const both = sign(one, "cu", "2026-05-11");
    expect(both.state).toBe("signed");
    expect(both.signedOn).toBe("2026-05-12");
  });

  it("a contract with no signatory is never signed", () => {
    const c = value(removeSignatory(value(removeSignatory(draft(), "cu")), "caf"));
    expect(c.state).toBe("draft");
  });

  it("removing the last signatory who had not signed makes the contract signed", () => {
    const c = value(removeSignatory(sign(draft(), "cu"), "caf"));
    expect(c.state).toBe("signed");
  });

  it("refuses a future signature day, an organisation that does not sign it, and signing a signed contract", () => {
    expect(
      refusal(
        recordSignature(
          draft(),
          "caf",
          { signerName: "a", signerFunction: "b", signedOn: "2026-05-16" },
          today,
        ),
      ),
    ).toMatchObject({ kind: "invalid", errors: [{ pointer: "/signedOn" }] });
    expect(
      refusal(
        recordSignature(draft(), "fv", { signerName: "a", signerFunction: "b", signedOn: today }, today),
      ),
    ).toMatchObject({
      kind: "conflict",
      code: "not_a_signatory",
    });
    const signed = sign(sign(draft(), "cu"), "caf");
    expect(
      refusal(
        recordSignature(signed, "caf", { signerName: "a", signerFunction: "b", signedOn: today }, today),
      ),
    ).toMatchObject({
      code: "contract_not_draft",
    });
  });

  it("signatories are added or removed only while a draft, once each", () => {
    const c = value(addSignatory(draft(), { organisationId: "ch", role: "Soins" }, ref));
    expect(c.signatories.map((s) => s.organisationId)).toEqual(["cu", "caf", "ch"]);
    expect(refusal(addSignatory(c, { organisationId: "ch", role: "x" }, ref))).toMatchObject({
      kind: "invalid",
    });
    const signed = sign(sign(draft(), "cu"), "caf");
    expect(refusal(addSignatory(signed, { organisationId: "ch", role: "x" }, ref))).toMatchObject({
      code: "contract_not_draft",
    });
    expect(refusal(removeSignatory(signed, "caf"))).toMatchObject({ code: "contract_not_draft" });
  });
});

describe("editing and amending", () => {
  it("a draft is edited freely; a signed contract only its coordinator and components' progress", () => {
    const edited = value(updateContract(draft(), { title: "Nouveau titre", communes: ["62753"] }, ref));
    expect(edited.title).toBe("Nouveau titre");
    expect(edited.communes).toEqual(["62753"]);
    const signed = sign(sign(draft(), "cu"), "caf");
    expect(refusal(updateContract(signed, { endsOn: "2030-01-01", communes: ["62041"] }, ref))).toEqual({
      kind: "invalid",
      errors: [
        { pointer: "/communes", detail: "Le contrat est signé : ce changement passe par un avenant." },
        { pointer: "/endsOn", detail: "Le contrat est signé : ce changement passe par un avenant." },
      ],
    });
    const progressed = value(
      updateContract(
        signed,
        { components: [{ key: "training", state: "in_progress", text: "12 agents formés" }] },
        ref,
      ),
    );
    expect(progressed.components.find((c) => c.key === "training")).toEqual({
      key: "training",
      state: "in_progress",
      text: "12 agents formés",
    });
    expect(progressed.components).toHaveLength(ref.catalogue.length);
  });

  it("an amendment changes dates, territory, components and signatories of a signed contract", () => {
    const signed = sign(sign(draft(), "cu"), "caf");
    const amended = value(
      amendContract(
        signed,
        {
          signedOn: today,
          summary: "Extension à Saint-Laurent-Blangy, arrivée du centre hospitalier",
          changes: {
            endsOn: "2030-05-31",
            communes: ["62041", "62004", "62753"],
            addSignatories: [
              {
                organisationId: "ch",
                role: "Soins",
                signerName: "Dr Martin",
                signerFunction: "Directeur",
                signedOn: today,
              },
            ],
            removeSignatories: ["caf"],
          },
        },
        ref,
        today,
      ),
    );
    expect(amended.state).toBe("signed");
    expect(amended.endsOn).toBe("2030-05-31");
    expect(amended.signatories.map((s) => s.organisationId)).toEqual(["cu", "ch"]);
    expect(changedFields(signed, amended)).toEqual(["endsOn", "communes", "signatories"]);
  });

  it("refuses an amendment to a draft or a terminated contract, dated in the future or before the signature", () => {
    expect(
      refusal(
        amendContract(draft(), { signedOn: today, summary: "x", changes: { endsOn: null } }, ref, today),
      ),
    ).toMatchObject({
      code: "contract_draft",
    });
    const signed = sign(sign(draft(), "cu"), "caf", "2026-05-10");
    expect(
      refusal(
        amendContract(
          signed,
          { signedOn: "2026-05-09", summary: "x", changes: { endsOn: null } },
          ref,
          today,
        ),
      ),
    ).toMatchObject({ errors: [{ pointer: "/signedOn" }] });
    expect(
      refusal(
        amendContract(
          signed,
          { signedOn: "2026-05-16", summary: "x", changes: { endsOn: null } },
          ref,
          today,
        ),
      ),
    ).toMatchObject({ errors: [{ pointer: "/signedOn" }] });
    expect(
      refusal(
        amendContract(
          signed,
          { signedOn: today, summary: "x", changes: { removeSignatories: ["cu", "caf"] } },
          ref,
          today,
        ),
      ),
    ).toMatchObject({ errors: [{ pointer: "/changes/removeSignatories" }] });
    const terminated = value(
      terminateContract(signed, { terminatedOn: today, reason: "Dissolution du CISPD" }),
    );
    expect(
      refusal(
        amendContract(terminated, { signedOn: today, summary: "x", changes: { endsOn: null } }, ref, today),
      ),
    ).toMatchObject({
      code: "contract_terminated",
    });
  });
});

describe("termination", () => {
  it("ends a signed contract with its reason and day; never a draft, never twice, never before the signature", () => {
    const signed = sign(sign(draft(), "cu"), "caf", "2026-05-10");
    const t = value(terminateContract(signed, { terminatedOn: "2026-09-01", reason: "Fusion d'EPCI" }));
    expect(t).toMatchObject({
      state: "terminated",
      terminatedOn: "2026-09-01",
      terminationReason: "Fusion d'EPCI",
    });
    expect(refusal(terminateContract(t, { terminatedOn: "2026-09-02", reason: "x" }))).toMatchObject({
      code: "contract_terminated",
    });
    expect(refusal(terminateContract(draft(), { terminatedOn: today, reason: "x" }))).toMatchObject({
      code: "contract_draft",
    });
    expect(refusal(terminateContract(signed, { terminatedOn: "2026-05-09", reason: "x" }))).toMatchObject({
      errors: [{ pointer: "/terminatedOn" }],
    });
    expect(refusal(updateContract(t, { title: "x" }, ref))).toMatchObject({ code: "contract_terminated" });
  });
});

describe("components", () => {
  it("the sheet's five components come first; a département's own ones follow, never replacing them", () => {
    const catalogue = componentCatalogue([
      { key: "training", label: "Doublon", description: "" },
      { key: "local_x", label: "X", description: "" },
    ]);
    expect(catalogue.map((c) => c.key)).toEqual([
      "victim_care_protocol",
      "resource_person",
      "risk_assessment_grid",
      "training",
      "operational_cells",
      "local_x",
    ]);
    expect(catalogue.find((c) => c.key === "training")?.builtIn).toBe(true);
  });

  it("a département's component gets a key from its label, unique", () => {
    expect(componentKeyFor("Accueil de jour « Élan »", new Set())).toBe("local_accueil_de_jour_elan");
    expect(componentKeyFor("Accueil de jour", new Set(["local_accueil_de_jour"]))).toBe(
      "local_accueil_de_jour_2",
    );
  });
});
