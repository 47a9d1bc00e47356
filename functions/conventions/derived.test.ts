import { beforeAll, describe, expect, it } from "vitest";
import { db, department } from "../../test/factories";
import { derived } from "../derived-providers";
import { conventions } from "./schema";

/**
 * A hand-made set. In 62: three completed placements ending in 2026-Q3 (two gendarmes, one of
 * them twice, and a social worker), one completed ending on 1 October (Q4), one signed but not
 * confirmed and one cancelled ending in Q3 (never counted), one completed ending on 31 March
 * (Q1) and one on 31 December 2025 (last year). In 59: one completed police placement in Q3.
 */
type Status = (typeof conventions.$inferInsert)["status"];
let n = 0;
function row(dept: string, status: Status, endsOn: string, trainee: string, profession: string) {
  n += 1;
  return {
    departmentCode: dept,
    id: `c${n}`,
    applicationId: `a${n}`,
    offerId: "o",
    hostOrganisationId: "h",
    sendingOrganisationId: "s",
    traineeUserId: trainee,
    traineeProfession: profession,
    place: "Arras",
    startsOn: endsOn,
    endsOn,
    halfDays: 2,
    objectives: "o",
    templateVersion: 1,
    templateBody: "{{stagiaire}}",
    status,
    createdAt: "2026-01-01T00:00:00Z",
    updatedAt: "2026-01-01T00:00:00Z",
  };
}

beforeAll(async () => {
  await department("62");
  await department("59");
  const rows = [
    row("62", "completed", "2026-07-01", "gendarme-1", "gendarmerie"),
    row("62", "completed", "2026-09-30", "gendarme-1", "gendarmerie"),
    row("62", "completed", "2026-08-15", "gendarme-2", "gendarmerie"),
    row("62", "completed", "2026-09-01", "assistante", "social_work"),
    row("62", "completed", "2026-10-01", "policier", "police"),
    row("62", "signed", "2026-09-10", "juge", "justice"),
    row("62", "cancelled", "2026-09-11", "infirmier", "health"),
    row("62", "completed", "2026-03-31", "educatrice", "education"),
    row("62", "completed", "2025-12-31", "bailleur", "housing"),
    row("59", "completed", "2026-09-12", "policier-59", "police"),
  ];
  // D1 binds 100 parameters at most: one row per statement.
  await db().batch(rows.map((r) => db().insert(conventions).values(r)) as [never, ...never[]]);
});

const valuesOf = async (departments: string[], periods: string[]) => {
  const reads = derived.read(db(), { departmentCodes: departments, periods }, [
    "conventions.placements_completed",
  ]);
  expect(reads.statements).toHaveLength(1);
  return reads.values(await Promise.all(reads.statements));
};

describe("placements' derived indicators", () => {
  it("placements completed in the quarter of their last day, and professionals trained by profession", async () => {
    const v = await valuesOf(["62", "59"], ["2026-Q3", "2026-Q4"]);
    expect(v("62", "2026-Q3", "conventions.placements_completed")).toBe(4);
    expect(v("62", "2026-Q3", "conventions.trained")).toBe(3);
    expect(v("62", "2026-Q3", "conventions.trained_gendarmerie")).toBe(2);
    expect(v("62", "2026-Q3", "conventions.trained_social_work")).toBe(1);
    expect(v("62", "2026-Q3", "conventions.trained_justice")).toBe(0);
    expect(v("62", "2026-Q3", "conventions.trained_health")).toBe(0);
    expect(v("62", "2026-Q4", "conventions.placements_completed")).toBe(1);
    expect(v("62", "2026-Q4", "conventions.trained_police")).toBe(1);
    expect(v("59", "2026-Q3", "conventions.trained_police")).toBe(1);
    expect(v("59", "2026-Q4", "conventions.placements_completed")).toBe(0);
  });

  it("placements completed since 1 January, as of the quarter's last day: the year's total in Q4", async () => {
    const v = await valuesOf(["62", "59"], ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"]);
    const year = (d: string) =>
      ["2025-Q4", "2026-Q1", "2026-Q2", "2026-Q3", "2026-Q4"].map((p) =>
        v(d, p, "conventions.placements_completed_year"),
      );
    // 2025: one. 2026: one in Q1, none in Q2, four in Q3, one in Q4 (never the signed or cancelled).
    expect(year("62")).toEqual([1, 1, 1, 5, 6]);
    expect(year("59")).toEqual([0, 0, 0, 1, 1]);
    // The quarter's own count is unchanged by the year's: 31 March is Q1, 31 December 2025 is 2025-Q4.
    expect(v("62", "2026-Q1", "conventions.placements_completed")).toBe(1);
    expect(v("62", "2026-Q1", "conventions.trained_education")).toBe(1);
    expect(v("62", "2025-Q4", "conventions.trained_housing")).toBe(1);
    expect(v("62", "2026-Q2", "conventions.placements_completed")).toBe(0);
    expect(v("62", "2026-Q3", "conventions.trained_education")).toBe(0);
    // A single quarter asked still counts from 1 January.
    const alone = await valuesOf(["62"], ["2026-Q4"]);
    expect(alone("62", "2026-Q4", "conventions.placements_completed_year")).toBe(6);
    expect(alone("62", "2026-Q4", "conventions.placements_completed")).toBe(1);
    expect(alone("62", "2026-Q4", "conventions.trained")).toBe(1);
  });

  it("every département at once reads the same values", async () => {
    const reads = derived.read(db(), { departmentCodes: "all", periods: ["2026-Q3"] }, [
      "conventions.trained",
    ]);
    const v = reads.values(await Promise.all(reads.statements));
    expect(v("62", "2026-Q3", "conventions.trained")).toBe(3);
    expect(v("59", "2026-Q3", "conventions.trained")).toBe(1);
  });

  it("declares one indicator per profession of the placements' list, counted", () => {
    const keys = derived
      .definitions()
      .filter((d) => d.key.startsWith("conventions."))
      .map((d) => d.key);
    expect(keys).toHaveLength(13);
    expect(derived.definition("conventions.placements_completed")).toMatchObject({
      label: "Stages croisés organisés",
      unit: "count",
    });
  });
});
