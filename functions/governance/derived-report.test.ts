import { beforeAll, describe, expect, it } from "vitest";
import { NATIONAL_INDICATORS } from "../../scripts/catalogue/national-indicators";
import type { ReportItem } from "../../shared/reports";
import { callAt, db, department, indicator, type TestUser, user } from "../../test/factories";
import { indicators } from "../indicators/schema";
import { governanceMeetings } from "./schema";

/**
 * The national catalogue's N53-3, as seeded, reads the governance body's meetings: every
 * département's quarter report and the national view show how many were held, nobody types it.
 * A hand-made set: in 62, a plenary and a thematic group in Q3 2026 and a plenary on 1 October
 * (Q4); in 59, nothing.
 */
const OCTOBER = "2026-10-05T10:00:00Z";
const meeting = (departmentCode: string, startsAt: string, kind: "plenary" | "thematic") => ({
  departmentCode,
  id: crypto.randomUUID(),
  kind,
  groupName: kind === "thematic" ? "Violences intrafamiliales" : null,
  startsAt,
  durationMinutes: 120,
  createdAt: "2026-01-01T00:00:00Z",
  updatedAt: "2026-01-01T00:00:00Z",
});

const n533 = NATIONAL_INDICATORS.find((i) => i.code === "N53-3");
let prefecture62: TestUser;
let prefecture59: TestUser;
let national: TestUser;

beforeAll(async () => {
  await department("62");
  await department("59");
  if (!n533) throw new Error("N53-3 is missing from the national catalogue");
  await db()
    .insert(indicators)
    .values(
      indicator(n533.code, {
        measureNumber: n533.measure,
        label: n533.label,
        unit: n533.unit,
        periodicity: n533.periodicity,
        derivedKey: n533.derived,
        position: 3,
      }),
    );
  await db()
    .insert(governanceMeetings)
    .values([
      meeting("62", "2026-07-09T14:00", "plenary"),
      meeting("62", "2026-09-22T09:30", "thematic"),
      meeting("62", "2026-10-01T10:00", "plenary"),
    ]);
  prefecture62 = await user("prefecture", "62");
  prefecture59 = await user("prefecture", "59");
  national = await user("national");
});

async function reportItem(code: string, u: TestUser) {
  const res = await callAt(OCTOBER, "GET", `/api/v1/departments/${code}/periods/2026-Q3/report`, {
    headers: u.headers,
  });
  expect(res.status).toBe(200);
  const { items } = (await res.json()) as { items: ReportItem[] };
  return items.find((i) => i.indicator === "N53-3");
}

describe("N53-3: the governance body's meetings, in the reports and the national view", () => {
  it("is a quarterly national indicator computed from governance.meetings_held", () => {
    expect(n533).toMatchObject({
      label: "Réunions de l'instance de gouvernance tenues dans le trimestre",
      unit: "count",
      periodicity: "quarterly",
      measure: 53,
      derived: "governance.meetings_held",
    });
  });

  it("shows in each département's quarter report, computed and not editable", async () => {
    expect(await reportItem("62", prefecture62)).toMatchObject({ derived: true, editable: false, value: 2 });
    expect(await reportItem("59", prefecture59)).toMatchObject({ derived: true, editable: false, value: 0 });
  });

  it("shows in the national view for every département", async () => {
    const res = await callAt(OCTOBER, "GET", "/api/v1/national/indicators/N53-3?period=2026-Q3", {
      headers: national.headers,
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      indicator: { derived: boolean };
      departments: { departmentCode: string; values: { period: string; value: unknown }[] }[];
    };
    expect(body.indicator.derived).toBe(true);
    const valuesIn = (code: string) => body.departments.find((d) => d.departmentCode === code)?.values;
    expect(valuesIn("62")).toEqual([expect.objectContaining({ period: "2026-Q3", value: 2 })]);
    expect(valuesIn("59")).toEqual([expect.objectContaining({ period: "2026-Q3", value: 0 })]);
  });
});
