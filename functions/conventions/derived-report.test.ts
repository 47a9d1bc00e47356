import { beforeAll, describe, expect, it } from "vitest";
import { PAS_DE_CALAIS_INDICATORS } from "../../scripts/catalogue/data/pas-de-calais";
import type { ReportItem } from "../../shared/reports";
import { callAt, db, department, indicator, type TestUser, user } from "../../test/factories";
import { indicators } from "../indicators/schema";
import { conventions } from "./schema";

/**
 * Sheet 4.10 of the Pas-de-Calais catalogue, as seeded: « Nombre de stages croisés organisés » is
 * counted per year by the plan (annual, asked in the Q4 report) and read from the placements'
 * conventions. A hand-made set: completed placements ending on 31 March, 30 September and
 * 15 November 2026, one ending on 31 December 2025 (last year), one signed but never confirmed
 * and one cancelled (never counted).
 */
/** Q4 2026 is open for reports from 1 January 2027. */
const JANUARY = "2027-01-10T10:00:00Z";
type Status = (typeof conventions.$inferInsert)["status"];
let n = 0;
function convention(status: Status, endsOn: string) {
  n += 1;
  return {
    departmentCode: "62",
    id: `c${n}`,
    applicationId: `a${n}`,
    offerId: "o",
    hostOrganisationId: "h",
    sendingOrganisationId: "s",
    traineeUserId: `trainee-${n}`,
    traineeProfession: "gendarmerie",
    place: "Saint-Pol-sur-Ternoise",
    startsOn: endsOn,
    endsOn,
    halfDays: 2,
    objectives: "Découvrir l'accueil des victimes",
    templateVersion: 1,
    templateBody: "{{stagiaire}}",
    status,
    createdAt: "2025-01-01T00:00:00Z",
    updatedAt: "2025-01-01T00:00:00Z",
  };
}

const sheet410 = PAS_DE_CALAIS_INDICATORS.filter((i) => i.sheet === "4.10");
let prefecture: TestUser;

beforeAll(async () => {
  await department("62");
  await db()
    .insert(indicators)
    .values(
      sheet410.map((i) =>
        indicator(i.code, {
          departmentCode: "62",
          sheetCode: "4.10",
          label: i.label,
          unit: i.unit,
          periodicity: i.periodicity,
          derivedKey: i.derived,
          position: Number(i.code.split("-").at(-1)),
        }),
      ),
    );
  const rows = [
    convention("completed", "2026-03-31"),
    convention("completed", "2026-09-30"),
    convention("completed", "2026-11-15"),
    convention("completed", "2025-12-31"),
    convention("signed", "2026-10-10"),
    convention("cancelled", "2026-06-01"),
  ];
  // D1 binds 100 parameters at most: one row per statement.
  await db().batch(rows.map((r) => db().insert(conventions).values(r)) as [never, ...never[]]);
  prefecture = await user("prefecture", "62");
});

async function reportItems(period: string) {
  const res = await callAt(JANUARY, "GET", `/api/v1/departments/62/periods/${period}/report`, {
    headers: prefecture.headers,
  });
  expect(res.status).toBe(200);
  const { items } = (await res.json()) as { items: ReportItem[] };
  return new Map(items.map((i) => [i.indicator, i]));
}

describe("sheet 4.10 in the quarter report of 62", () => {
  it("is the plan's annual count, read from the placements' conventions", () => {
    expect(sheet410.map((i) => [i.code, i.periodicity, i.derived])).toEqual([
      ["62-4.10-1", "annual", "conventions.placements_completed_year"],
    ]);
  });

  it("the Q4 report shows the year's completed placements, computed and not editable", async () => {
    const items = await reportItems("2026-Q4");
    expect(items.get("62-4.10-1")).toMatchObject({ derived: true, editable: false, value: 3 });
  });

  it("is not asked in Q1–Q3, like every annual indicator", async () => {
    const items = await reportItems("2026-Q3");
    expect(items.has("62-4.10-1")).toBe(false);
  });
});
