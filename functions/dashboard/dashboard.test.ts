import { createExecutionContext } from "cloudflare:test";
import { env } from "cloudflare:workers";
import { beforeAll, describe, expect, it } from "vitest";
import type { Dashboard } from "../../shared/dashboard";
import {
  callAt,
  db,
  department,
  indicator,
  organisation,
  type TestUser,
  token,
  user,
} from "../../test/factories";
import { createApp } from "../app";
import { dashboardSections } from "../dashboard-sections";
import { governanceActions, governanceMeetings } from "../governance/schema";
import { indicatorAssignments, indicators } from "../indicators/schema";
import { fixedClock } from "../platform/clock";
import { D1_STATS_HEADERS } from "../platform/d1-stats";
import { type AnyDashboardSection, dashboardRegistry } from "../platform/dashboard";
import { reportValues } from "../reports/schema";

// 20 November 2026, 11:00 in Paris: the report being entered is 2026-Q3 (due 31 October, overdue),
// the quarter in progress 2026-Q4.
const NOW = "2026-11-20T10:00:00Z";
const path = (code: string) => `/api/v1/departments/${code}/dashboard`;

let prefecture: TestUser;
let prefecture59: TestUser;
let member: TestUser;
let national: TestUser;
let association: { id: string };
let cidff: { id: string };

const get = async (code: string, who: TestUser | Record<string, string>) => {
  const res = await callAt(NOW, "GET", path(code), {
    headers: "headers" in who ? (who.headers as Record<string, string>) : who,
  });
  return { status: res.status, body: (await res.json()) as Dashboard & { code?: string } };
};

beforeAll(async () => {
  await department("62");
  await department("59");
  association = await organisation("62", { name: "France Victimes 62" });
  cidff = await organisation("62", { name: "CIDFF" });
  const org59 = await organisation("59", { name: "Association du Nord" });
  prefecture = await user("prefecture", "62");
  prefecture59 = await user("prefecture", "59");
  member = await user("member", "62", association.id);
  national = await user("national");
  await db().batch([
    db()
      .insert(indicators)
      .values([indicator("N1-1"), indicator("N2-1")]),
    db()
      .insert(indicatorAssignments)
      .values([
        { departmentCode: "62", indicatorCode: "N1-1", organisationId: association.id },
        { departmentCode: "62", indicatorCode: "N2-1", organisationId: cidff.id },
        { departmentCode: "59", indicatorCode: "N1-1", organisationId: org59.id },
      ]),
    db().insert(reportValues).values({
      departmentCode: "62",
      period: "2026-Q3",
      indicatorCode: "N1-1",
      state: "value",
      value: 4,
      updatedAt: "2026-10-05T08:00:00Z",
    }),
    db().insert(governanceMeetings).values({
      departmentCode: "62",
      id: "m-1",
      kind: "thematic",
      groupName: "Violences intrafamiliales",
      startsAt: "2026-10-08T14:00",
      durationMinutes: 120,
      createdAt: NOW,
      updatedAt: NOW,
    }),
    db()
      .insert(governanceActions)
      .values([
        {
          departmentCode: "62",
          id: "a-1",
          meetingId: "m-1",
          title: "Recenser les places",
          ownerOrganisationId: association.id,
          dueOn: "2026-11-01",
          status: "open",
          createdAt: NOW,
        },
        {
          departmentCode: "62",
          id: "a-2",
          meetingId: "m-1",
          title: "Former les agents",
          ownerOrganisationId: cidff.id,
          dueOn: "2026-11-30",
          status: "open",
          createdAt: NOW,
        },
      ]),
  ]);
});

describe("GET /departments/{code}/dashboard", () => {
  it("gives the prefecture the whole département: report, flag, actions due", async () => {
    const { status, body } = await get("62", prefecture);
    expect(status).toBe(200);
    expect(body).toMatchObject({
      departmentCode: "62",
      today: "2026-11-20",
      scope: "department",
      organisationIds: [],
    });
    const r = body.sections.reports;
    expect(r).toMatchObject({
      period: "2026-Q3",
      status: "draft",
      dueDate: "2026-10-31",
      overdue: true,
      completeness: 0.5,
    });
    expect(r.organisations.map((o) => [o.name, o.answered, o.assigned])).toEqual([
      ["CIDFF", 0, 1],
      ["France Victimes 62", 1, 1],
    ]);
    expect(body.sections.governance).toMatchObject({
      period: "2026-Q4",
      flagged: true,
      plenaryMeetings: 0,
      bodyDesignated: false,
    });
    expect(body.sections.governance.actionsDue.map((a) => [a.title, a.overdue])).toEqual([
      ["Recenser les places", true],
      ["Former les agents", false],
    ]);
    expect(body.sections.reminders.link).toBe("/departements/62/relances");
  });

  it("gives a member their own organisation's part only", async () => {
    const { status, body } = await get("62", member);
    expect(status).toBe(200);
    expect(body).toMatchObject({ scope: "organisation", organisationIds: [association.id] });
    expect(body.sections.reports.organisations.map((o) => o.name)).toEqual(["France Victimes 62"]);
    expect(body.sections.reports.completeness).toBe(1);
    expect(body.sections.reports.link).toBe("/departements/62/trimestres/2026-Q3?mes-indicateurs=1");
    expect(body.sections.governance.actionsDue.map((a) => a.title)).toEqual(["Recenser les places"]);
    expect(JSON.stringify(body)).not.toContain("CIDFF");
    expect(body.sections.reminders.link).toBeNull();
  });

  it("keeps each département to its own users (national users read any)", async () => {
    expect((await get("59", prefecture)).status).toBe(403);
    expect((await get("59", member)).status).toBe(403);
    expect((await get("62", prefecture59)).status).toBe(403);
    expect((await get("99", prefecture)).status).toBe(404);
    const nord = await get("59", prefecture59);
    expect(nord.status).toBe(200);
    expect(JSON.stringify(nord.body)).not.toMatch(/France Victimes|CIDFF|Recenser/);
    expect(nord.body.sections.reports.organisations.map((o) => o.name)).toEqual(["Association du Nord"]);
    const seen = await get("62", national);
    expect(seen.status).toBe(200);
    expect(seen.body.scope).toBe("department");
    expect((await callAt(NOW, "GET", path("62"))).status).toBe(401);
  });

  it("costs two round trips with an API token: the caller and guard, then one batch of every section", async () => {
    const headers = (await token(prefecture)).headers;
    const { app } = createApp({ clock: fixedClock(NOW) });
    const fetchIt = () =>
      app.fetch(
        new Request(`https://maillage.test${path("62")}`, { headers }),
        { ...env, D1_STATS: "1" },
        createExecutionContext(),
      );
    // The first use of a token records it (once a minute): counted from the second.
    await fetchIt();
    const res = await fetchIt();
    expect(res.status).toBe(200);
    expect(Number(res.headers.get(D1_STATS_HEADERS.roundTrips))).toBe(2);
    // The token (with the guard's statement) + every section's statements.
    const sections = dashboardSections.statementCount(db(), {
      departmentCode: "62",
      organisationIds: null,
      userId: prefecture.id,
      today: "2026-11-20",
      now: NOW,
    });
    expect(sections).toBe(13);
    expect(Number(res.headers.get(D1_STATS_HEADERS.statements))).toBe(2 + sections);
  });
});

describe("the sections' registry", () => {
  const fake = (key: string) =>
    ({ key, reads: () => [], section: () => ({}) }) as unknown as AnyDashboardSection;
  it("refuses a missing or doubled section", () => {
    expect(() => dashboardRegistry([fake("reports")])).toThrow(
      /missing: governance, contracts, conventions, reminders/,
    );
    expect(() =>
      dashboardRegistry(
        ["reports", "reports", "governance", "contracts", "conventions", "reminders"].map(fake),
      ),
    ).toThrow(/reports is declared twice/);
  });
});
