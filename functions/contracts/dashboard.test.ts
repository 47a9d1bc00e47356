import { beforeAll, describe, expect, it } from "vitest";
import { readSection } from "../../test/dashboard";
import { db, department, organisation } from "../../test/factories";
import { contractsDashboard } from "./dashboard";
import { contractSignatories, contracts } from "./schema";

const TODAY = "2026-11-20";
let carrier: { id: string };
let other: { id: string };
let signatory: { id: string };
let stranger: { id: string };

const contract = (id: string, fields: Partial<typeof contracts.$inferInsert>) => ({
  departmentCode: "62",
  id,
  title: `Contrat ${id}`,
  carrierOrganisationId: carrier.id,
  council: "clspd" as const,
  coordinatorName: "Coordinatrice",
  coordinatorFunction: "Coordinatrice CLSPD",
  coordinatorEmail: "clspd@arras.test",
  state: "signed" as const,
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
  ...fields,
});

beforeAll(async () => {
  await department("62");
  await department("59");
  carrier = await organisation("62", { kind: "commune", name: "Arras", rna: null });
  other = await organisation("62", { kind: "commune", name: "Béthune", rna: null });
  signatory = await organisation("62", { name: "France Victimes 62" });
  stranger = await organisation("62", { name: "CIDFF" });
  const carrier59 = await organisation("59", { kind: "commune", name: "Lille", rna: null });
  const signed = { signedOn: "2025-01-10", startsOn: "2025-01-10" };
  const rows = [
    contract("ending", { ...signed, endsOn: "2027-02-18" }), // 90 days after today
    contract("later", { ...signed, endsOn: "2027-02-19" }), // 91 days
    contract("expired", { ...signed, endsOn: "2026-11-19" }),
    contract("terminated", {
      ...signed,
      endsOn: "2026-12-31",
      state: "terminated",
      terminatedOn: "2026-10-01",
    }),
    contract("other", { ...signed, endsOn: "2026-12-01", carrierOrganisationId: other.id }),
    contract("draft", { state: "draft", startsOn: "2027-01-01", endsOn: "2029-12-31" }),
    {
      ...contract("nord", { ...signed, endsOn: "2026-12-01", carrierOrganisationId: carrier59.id }),
      departmentCode: "59",
    },
  ];
  for (const row of rows) await db().insert(contracts).values(row);
  await db().batch([
    db()
      .insert(contractSignatories)
      .values([
        {
          departmentCode: "62",
          contractId: "draft",
          organisationId: carrier.id,
          role: "Porteur",
          position: 0,
          signedOn: "2026-11-01",
        },
        {
          departmentCode: "62",
          contractId: "draft",
          organisationId: signatory.id,
          role: "Partenaire",
          position: 1,
        },
        {
          departmentCode: "62",
          contractId: "draft",
          organisationId: stranger.id,
          role: "Partenaire",
          position: 2,
        },
        {
          departmentCode: "62",
          contractId: "other",
          organisationId: signatory.id,
          role: "Partenaire",
          position: 0,
          signedOn: "2025-01-10",
        },
      ]),
  ]);
});

describe("the dashboard's contracts section", () => {
  it("gives the prefecture the contracts in force ending within 90 days and the drafts' missing signatures", async () => {
    const s = await readSection<"contracts">(contractsDashboard, { today: TODAY });
    expect(s.endingSoon.map((c) => [c.id, c.endsOn, c.carrier.name])).toEqual([
      ["other", "2026-12-01", "Béthune"],
      ["ending", "2027-02-18", "Arras"],
    ]);
    expect(s.endingSoon[0]?.link).toBe("/departements/62/contrats/other");
    expect(s.awaitingSignature).toEqual([
      {
        id: "draft",
        title: "Contrat draft",
        missing: [
          { id: signatory.id, name: "France Victimes 62" },
          { id: stranger.id, name: "CIDFF" },
        ],
        link: "/departements/62/contrats/draft",
      },
    ]);
  });

  it("gives a member the contracts their organisation carries or signs, and their own missing signature", async () => {
    const asSignatory = await readSection<"contracts">(contractsDashboard, {
      today: TODAY,
      organisationIds: [signatory.id],
    });
    expect(asSignatory.endingSoon.map((c) => c.id)).toEqual(["other"]);
    expect(asSignatory.awaitingSignature.map((c) => [c.id, c.missing.map((m) => m.name)])).toEqual([
      ["draft", ["France Victimes 62"]],
    ]);
    const asCarrier = await readSection<"contracts">(contractsDashboard, {
      today: TODAY,
      organisationIds: [carrier.id],
    });
    expect(asCarrier.endingSoon.map((c) => c.id)).toEqual(["ending"]);
    expect(asCarrier.awaitingSignature).toEqual([]);
    const none = await readSection<"contracts">(contractsDashboard, { today: TODAY, organisationIds: [] });
    expect(none).toMatchObject({ endingSoon: [], awaitingSignature: [] });
  });

  it("keeps to its département", async () => {
    const nord = await readSection<"contracts">(contractsDashboard, { today: TODAY, departmentCode: "59" });
    expect(nord.endingSoon.map((c) => c.id)).toEqual(["nord"]);
    expect(nord.awaitingSignature).toEqual([]);
    expect(nord.link).toBe("/departements/59/contrats");
  });
});
