import { beforeAll, describe, expect, it } from "vitest";
import { readSection } from "../../test/dashboard";
import { db, department, organisation } from "../../test/factories";
import { governanceDashboard } from "./dashboard";
import { governanceActions, governanceBodies, governanceMeetings } from "./schema";

// 20 November 2026: the quarter in progress is 2026-Q4; actions due up to 4 December show.
const TODAY = "2026-11-20";
let mine: { id: string };
let other: { id: string };

const meeting = (id: string, kind: "plenary" | "thematic", startsAt: string, departmentCode = "62") => ({
  departmentCode,
  id,
  kind,
  groupName: kind === "thematic" ? "Violences intrafamiliales" : null,
  startsAt,
  durationMinutes: 120,
  location: "Arras",
  createdAt: "2026-10-01T00:00:00Z",
  updatedAt: "2026-10-01T00:00:00Z",
});
const action = (id: string, owner: string, dueOn: string, status: "open" | "done" = "open") => ({
  departmentCode: "62",
  id,
  meetingId: "m-group",
  title: `Action ${id}`,
  ownerOrganisationId: owner,
  dueOn,
  status,
  createdAt: "2026-10-08T00:00:00Z",
});

beforeAll(async () => {
  await department("62");
  await department("59");
  mine = await organisation("62", { name: "France Victimes 62" });
  other = await organisation("62", { name: "CIDFF" });
  await db().batch([
    db()
      .insert(governanceBodies)
      .values({
        departmentCode: "62",
        id: "b-1",
        kind: "clav",
        designatedOn: "2026-01-15",
        coChairs: [{ function: "Préfet", name: "P" }],
        secretariatName: "DDFE",
        secretariatEmail: "ddfe@pas-de-calais.test",
        createdAt: "2026-01-15T00:00:00Z",
      }),
    db()
      .insert(governanceMeetings)
      .values(meeting("m-group", "thematic", "2026-10-08T14:00")),
    db()
      .insert(governanceMeetings)
      .values(meeting("m-next", "plenary", "2026-12-10T14:00")),
    db()
      .insert(governanceMeetings)
      .values(meeting("m-later", "thematic", "2027-01-12T10:00")),
    db()
      .insert(governanceMeetings)
      .values(meeting("m-nord", "plenary", "2026-11-02T10:00", "59")),
    db()
      .insert(governanceActions)
      .values([
        action("overdue", mine.id, "2026-11-19"),
        action("edge", other.id, "2026-12-04"),
        action("too-far", mine.id, "2026-12-05"),
        action("done", mine.id, "2026-11-01", "done"),
      ]),
  ]);
});

describe("the dashboard's governance section", () => {
  it("flags the quarter without a plenary held (one planned later does not count), names the next meeting", async () => {
    const s = await readSection<"governance">(governanceDashboard, { today: TODAY });
    expect(s).toMatchObject({ period: "2026-Q4", bodyDesignated: true, flagged: true, plenaryMeetings: 0 });
    expect(s.nextMeeting).toEqual({
      id: "m-next",
      kind: "plenary",
      groupName: null,
      startsAt: "2026-12-10T14:00",
      location: "Arras",
    });
    expect(s.actionsDue.map((a) => [a.id, a.owner.name, a.overdue])).toEqual([
      ["overdue", "France Victimes 62", true],
      ["edge", "CIDFF", false],
    ]);
    const after = await readSection<"governance">(governanceDashboard, { today: "2026-12-10" });
    expect(after).toMatchObject({ flagged: false, plenaryMeetings: 1 });
    expect(after.nextMeeting?.id).toBe("m-next");
  });

  it("gives a member the actions their organisation owns only", async () => {
    const s = await readSection<"governance">(governanceDashboard, {
      today: TODAY,
      organisationIds: [mine.id],
    });
    expect(s.actionsDue.map((a) => a.id)).toEqual(["overdue"]);
    expect(s.flagged).toBe(true);
  });

  it("keeps to its département", async () => {
    const nord = await readSection<"governance">(governanceDashboard, { today: TODAY, departmentCode: "59" });
    expect(nord).toMatchObject({
      bodyDesignated: false,
      flagged: false,
      plenaryMeetings: 1,
      nextMeeting: null,
      actionsDue: [],
    });
  });
});
