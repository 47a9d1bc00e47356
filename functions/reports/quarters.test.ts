import { beforeAll, describe, expect, it } from "vitest";
import { callAt, db, department, indicator, organisation, type TestUser, user } from "../../test/factories";
import { actionSheets, axes, indicatorAssignments, indicators } from "../indicators/schema";
import { reportOrganisationStatus, reports, reportValues } from "./schema";

/**
 * The list of quarters as a member sees it: their own organisation's part of each quarter
 * (`ownOrganisations`), never another organisation's nor another département's.
 */

const NOV = "2026-11-10T10:00:00Z";
const LIST = "/api/v1/departments/62/reports?from=2026-Q1&to=2026-Q4";

type Summary = {
  period: string;
  open: boolean;
  memberEntryUntil: string | null;
  ownOrganisations: {
    organisationId: string;
    name: string;
    assigned: number;
    answered: number;
    doneAt: string | null;
  }[];
};

const list = async (u: TestUser, path = LIST) => {
  const res = await callAt(NOV, "GET", path, { headers: u.headers });
  expect(res.status, await res.clone().text()).toBe(200);
  const items = (await res.json<{ items: Summary[] }>()).items;
  return new Map(items.map((i) => [i.period, i]));
};

let prefecture: TestUser;
let assoMember: TestUser;
let cityMember: TestUser;
let northMember: TestUser;
let asso: { id: string };
let city: { id: string };
let north: { id: string };

const value = (departmentCode: string, period: string, indicatorCode: string) => ({
  departmentCode,
  period,
  indicatorCode,
  state: "value" as const,
  value: 3,
  updatedAt: "2026-10-12T08:00:00Z",
});

beforeAll(async () => {
  await department("62");
  await department("59");
  asso = await organisation("62", { name: "France Victimes 62" });
  city = await organisation("62", { kind: "other", name: "Communauté urbaine d'Arras", rna: null });
  north = await organisation("59", { name: "France Victimes 59" });
  prefecture = await user("prefecture", "62");
  assoMember = await user("member", "62", asso.id);
  cityMember = await user("member", "62", city.id);
  northMember = await user("member", "59", north.id);
  await db().batch([
    db().insert(axes).values({ departmentCode: "62", code: "1", title: "Prévenir" }),
    db().insert(actionSheets).values({
      departmentCode: "62",
      code: "1.1",
      axisCode: "1",
      title: "Informer",
      pilotOrganisationId: asso.id,
      createdAt: "2026-01-01T00:00:00Z",
      updatedAt: "2026-01-01T00:00:00Z",
    }),
    db()
      .insert(indicators)
      .values([
        indicator("N1-1", { measureNumber: 1 }),
        indicator("N2-1", { measureNumber: 2 }),
        indicator("N3-1", { measureNumber: 3, periodicity: "annual" }),
        indicator("N4-1", { measureNumber: 4, derivedKey: "organisations.association" }),
        indicator("N5-1", { measureNumber: 5, retiredAt: "2026-08-01T00:00:00Z" }),
        // The sheet's pilot answers it (no explicit assignment).
        indicator("62-1.1-1", { departmentCode: "62", sheetCode: "1.1" }),
      ]),
    db()
      .insert(indicatorAssignments)
      .values([
        { departmentCode: "62", indicatorCode: "N2-1", organisationId: asso.id },
        { departmentCode: "62", indicatorCode: "N3-1", organisationId: city.id },
        { departmentCode: "62", indicatorCode: "N4-1", organisationId: asso.id },
        { departmentCode: "62", indicatorCode: "N5-1", organisationId: asso.id },
        { departmentCode: "59", indicatorCode: "N2-1", organisationId: north.id },
        { departmentCode: "59", indicatorCode: "N1-1", organisationId: north.id },
      ]),
    db()
      .insert(reports)
      .values(
        ["2026-Q2", "2026-Q3"].flatMap((period) =>
          ["62", "59"].map((departmentCode) => ({
            departmentCode,
            period,
            status: "draft" as const,
            createdAt: "2026-10-12T08:00:00Z",
            updatedAt: "2026-10-12T08:00:00Z",
          })),
        ),
      ),
    db()
      .insert(reportValues)
      .values([
        value("62", "2026-Q3", "N2-1"),
        value("62", "2026-Q3", "N1-1"),
        value("62", "2026-Q2", "N2-1"),
        value("62", "2026-Q2", "62-1.1-1"),
        // Retired since: still expected in Q2, where it was answered.
        value("62", "2026-Q2", "N5-1"),
        // 59's answers to the same indicators count for 59's organisation, never for 62's.
        value("59", "2026-Q3", "N1-1"),
        value("59", "2026-Q3", "N2-1"),
        value("59", "2026-Q3", "62-1.1-1"),
      ]),
    db()
      .insert(reportOrganisationStatus)
      .values([
        { departmentCode: "62", period: "2026-Q2", organisationId: asso.id, doneAt: "2026-07-10T09:00:00Z" },
        // Another organisation's « J'ai terminé » never shows in the member's list.
        { departmentCode: "62", period: "2026-Q3", organisationId: city.id, doneAt: "2026-10-20T09:00:00Z" },
      ]),
  ]);
});

describe("the list of quarters, as a member sees it", () => {
  it("gives the member their own organisation's part of each quarter, derived indicators excluded", async () => {
    const quarters = await list(assoMember);
    const part = (period: string) => quarters.get(period)?.ownOrganisations;
    expect(part("2026-Q3")).toEqual([
      { organisationId: asso.id, name: "France Victimes 62", assigned: 2, answered: 1, doneAt: null },
    ]);
    // The retired indicator is expected where it was answered; the part was said done.
    expect(part("2026-Q2")).toEqual([
      {
        organisationId: asso.id,
        name: "France Victimes 62",
        assigned: 3,
        answered: 3,
        doneAt: "2026-07-10T09:00:00Z",
      },
    ]);
    expect(part("2026-Q1")).toMatchObject([{ assigned: 2, answered: 0, doneAt: null }]);
  });

  it("agrees with the report's own count of the organisation's part", async () => {
    const res = await callAt(NOV, "GET", "/api/v1/departments/62/periods/2026-Q3/report", {
      headers: assoMember.headers,
    });
    const report = await res.json<{ organisations: { assigned: number; answered: number }[] }>();
    const [summary] = (await list(assoMember)).get("2026-Q3")?.ownOrganisations ?? [];
    expect(report.organisations).toHaveLength(1);
    expect(summary).toMatchObject({
      assigned: report.organisations[0]?.assigned,
      answered: report.organisations[0]?.answered,
    });
  });

  it("counts an annual indicator in the fourth quarter only", async () => {
    const quarters = await list(cityMember);
    expect(quarters.get("2026-Q3")?.ownOrganisations).toEqual([
      {
        organisationId: city.id,
        name: "Communauté urbaine d'Arras",
        assigned: 0,
        answered: 0,
        doneAt: "2026-10-20T09:00:00Z",
      },
    ]);
    expect(quarters.get("2026-Q4")?.ownOrganisations).toMatchObject([{ assigned: 1, answered: 0 }]);
  });

  it("keeps each département's answers to itself", async () => {
    const quarters = await list(northMember, "/api/v1/departments/59/reports?from=2026-Q3&to=2026-Q3");
    expect(quarters.get("2026-Q3")?.ownOrganisations).toEqual([
      { organisationId: north.id, name: "France Victimes 59", assigned: 2, answered: 2, doneAt: null },
    ]);
    const refused = await callAt(NOV, "GET", "/api/v1/departments/59/reports", {
      headers: assoMember.headers,
    });
    expect(refused.status).toBe(403);
  });

  it("gives the prefecture no organisation's part: its list is the département's", async () => {
    const quarters = await list(prefecture);
    for (const q of quarters.values()) expect(q.ownOrganisations).toEqual([]);
  });

  it("says the members' last day of entry when the département sets one", async () => {
    expect((await list(assoMember)).get("2026-Q3")?.memberEntryUntil).toBeNull();
    const res = await callAt(NOV, "PATCH", "/api/v1/departments/62/settings", {
      headers: { ...prefecture.headers, "content-type": "application/json" },
      body: { memberEntryDays: 20 },
    });
    expect(res.status, await res.clone().text()).toBe(200);
    expect((await list(assoMember)).get("2026-Q3")?.memberEntryUntil).toBe("2026-10-21");
  });
});
