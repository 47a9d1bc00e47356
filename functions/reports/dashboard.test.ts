import { eq } from "drizzle-orm";
import { beforeAll, describe, expect, it } from "vitest";
import { readSection } from "../../test/dashboard";
import { db, department, indicator, organisation } from "../../test/factories";
import { departments } from "../departments/schema";
import { indicatorAssignments, indicators } from "../indicators/schema";
import { reportsDashboard } from "./dashboard";
import { reportOrganisationStatus, reports, reportValues } from "./schema";

// 15 October 2026: 2026-Q3's report is open, due on 31 October; members enter until 21 October.
const TODAY = "2026-10-15";
let mine: { id: string };
let other: { id: string };

const value = (departmentCode: string, code: string) => ({
  departmentCode,
  period: "2026-Q3",
  indicatorCode: code,
  state: "value" as const,
  value: 1,
  updatedAt: "2026-10-05T08:00:00Z",
});

beforeAll(async () => {
  await department("62");
  await department("59");
  await db().update(departments).set({ memberEntryDays: 20 }).where(eq(departments.code, "62"));
  mine = await organisation("62", { name: "France Victimes 62" });
  other = await organisation("62", { name: "CIDFF" });
  const nord = await organisation("59", { name: "Association du Nord" });
  await db().batch([
    db()
      .insert(indicators)
      .values([
        indicator("N1-1"),
        indicator("N1-2"),
        indicator("N2-1"),
        indicator("N3-1"),
        indicator("N4-1", { periodicity: "annual" }),
        indicator("N5-1", { derivedKey: "organisations.total" }),
      ]),
    db()
      .insert(indicatorAssignments)
      .values([
        { departmentCode: "62", indicatorCode: "N1-1", organisationId: mine.id },
        { departmentCode: "62", indicatorCode: "N1-2", organisationId: mine.id },
        { departmentCode: "62", indicatorCode: "N2-1", organisationId: other.id },
        { departmentCode: "59", indicatorCode: "N2-1", organisationId: nord.id },
      ]),
    db()
      .insert(reportValues)
      .values([value("62", "N1-1"), value("62", "N2-1"), value("59", "N2-1")]),
    db().insert(reportOrganisationStatus).values({
      departmentCode: "62",
      period: "2026-Q3",
      organisationId: other.id,
      doneAt: "2026-10-06T08:00:00Z",
    }),
    db().insert(reports).values({
      departmentCode: "59",
      period: "2026-Q3",
      status: "submitted",
      createdAt: "2026-10-01T00:00:00Z",
      updatedAt: "2026-10-10T00:00:00Z",
    }),
  ]);
});

describe("the dashboard's report section", () => {
  it("gives the prefecture the open quarter: due date, completeness of typed indicators, every organisation", async () => {
    const s = await readSection<"reports">(reportsDashboard, { today: TODAY });
    expect(s).toMatchObject({
      period: "2026-Q3",
      status: "draft",
      dueDate: "2026-10-31",
      memberEntryUntil: "2026-10-21",
      deadline: "2026-10-31",
      overdue: false,
      // N1-1 and N2-1 of the four typed quarterly indicators (the annual and the derived one count in neither).
      completeness: 0.5,
      link: "/departements/62/trimestres/2026-Q3",
    });
    expect(s.organisations.map((o) => [o.name, o.answered, o.assigned, o.done])).toEqual([
      ["CIDFF", 1, 1, true],
      ["France Victimes 62", 1, 2, false],
    ]);
    const late = await readSection<"reports">(reportsDashboard, { today: "2026-11-01" });
    expect(late.overdue).toBe(true);
  });

  it("gives a member their organisation's part, its completeness and the members' deadline", async () => {
    const s = await readSection<"reports">(reportsDashboard, { today: TODAY, organisationIds: [mine.id] });
    expect(s).toMatchObject({
      deadline: "2026-10-21",
      completeness: 0.5,
      link: "/departements/62/trimestres/2026-Q3?mes-indicateurs=1",
    });
    expect(s.organisations.map((o) => o.name)).toEqual(["France Victimes 62"]);
  });

  it("keeps to its département", async () => {
    const s = await readSection<"reports">(reportsDashboard, { today: "2026-11-01", departmentCode: "59" });
    expect(s).toMatchObject({ status: "submitted", overdue: false, completeness: 0.25 });
    expect(s.organisations.map((o) => o.name)).toEqual(["Association du Nord"]);
  });
});
