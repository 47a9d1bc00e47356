import { beforeAll, describe, expect, it } from "vitest";
import { readSection } from "../../test/dashboard";
import { db, department, organisation, type TestUser, user } from "../../test/factories";
import { conventionsDashboard } from "./dashboard";
import { conventions } from "./schema";

const TODAY = "2026-11-20";
let host: { id: string };
let sending: { id: string };
let stranger: { id: string };
let trainee: TestUser;

const convention = (id: string, fields: Partial<typeof conventions.$inferInsert>) => ({
  departmentCode: "62",
  id,
  applicationId: `app-${id}`,
  offerId: "offer-1",
  hostOrganisationId: host.id,
  sendingOrganisationId: sending.id,
  traineeUserId: trainee.id,
  traineeProfession: "gendarme",
  place: "Arras",
  startsOn: "2026-12-01",
  endsOn: "2026-12-02",
  halfDays: 2,
  objectives: "Découvrir l'accueil des victimes",
  templateVersion: 1,
  templateBody: "# Convention",
  status: "awaiting_signatures" as const,
  createdAt: "2026-10-01T00:00:00Z",
  updatedAt: "2026-10-01T00:00:00Z",
  ...fields,
});

beforeAll(async () => {
  await department("62");
  await department("59");
  host = await organisation("62", { name: "France Victimes 62" });
  sending = await organisation("62", { kind: "gendarmerie", name: "Groupement de gendarmerie", rna: null });
  stranger = await organisation("62", { name: "CIDFF" });
  trainee = await user("member", "62", sending.id, "gendarme@maillage.test");
  const rows = [
    convention("c-sending", { awaitingParty: "sending", awaitingSince: "2026-11-01T09:00:00Z" }),
    convention("c-host", { awaitingParty: "host", awaitingSince: "2026-10-15T09:00:00Z" }),
    convention("c-trainee", { awaitingParty: "trainee", awaitingSince: "2026-11-10T09:00:00Z" }),
    convention("c-signed", { status: "signed" }),
    {
      ...convention("c-nord", { awaitingParty: "host", awaitingSince: "2026-11-01T09:00:00Z" }),
      departmentCode: "59",
    },
  ];
  for (const row of rows) await db().insert(conventions).values(row);
});

describe("the dashboard's conventions section", () => {
  it("gives the prefecture every convention awaiting a signature, oldest first, with whose turn", async () => {
    const s = await readSection<"conventions">(conventionsDashboard, { today: TODAY });
    expect(s.awaitingSignature.map((c) => [c.id, c.party, c.awaitingWho, c.awaitingSince])).toEqual([
      ["c-host", "host", "France Victimes 62", "2026-10-15T09:00:00Z"],
      ["c-sending", "sending", "Groupement de gendarmerie", "2026-11-01T09:00:00Z"],
      ["c-trainee", "trainee", "gendarme", "2026-11-10T09:00:00Z"],
    ]);
    expect(s.awaitingSignature[0]).toMatchObject({
      host: { id: host.id, name: "France Victimes 62" },
      sending: { id: sending.id, name: "Groupement de gendarmerie" },
      link: "/departements/62/conventions/c-host",
    });
  });

  it("gives a member only what waits for their organisation's signature, or theirs as the trainee", async () => {
    const asHost = await readSection<"conventions">(conventionsDashboard, {
      today: TODAY,
      organisationIds: [host.id],
      userId: "someone",
    });
    expect(asHost.awaitingSignature.map((c) => c.id)).toEqual(["c-host"]);
    const asTrainee = await readSection<"conventions">(conventionsDashboard, {
      today: TODAY,
      organisationIds: [sending.id],
      userId: trainee.id,
    });
    expect(asTrainee.awaitingSignature.map((c) => c.id)).toEqual(["c-sending", "c-trainee"]);
    const other = await readSection<"conventions">(conventionsDashboard, {
      today: TODAY,
      organisationIds: [stranger.id],
    });
    expect(other.awaitingSignature).toEqual([]);
  });

  it("keeps to its département", async () => {
    const nord = await readSection<"conventions">(conventionsDashboard, {
      today: TODAY,
      departmentCode: "59",
    });
    expect(nord.awaitingSignature.map((c) => c.id)).toEqual(["c-nord"]);
  });
});
