import { beforeAll, describe, expect, it } from "vitest";
import {
  callAt,
  commune,
  db,
  department,
  indicator,
  organisation,
  type TestUser,
  user,
} from "../../test/factories";
import { indicators } from "../indicators/schema";
import { reports, reportValues } from "../reports/schema";
import { storedValues, valuesOfIndicator } from "./queries";

const api = (path: string, headers: Record<string, string>) =>
  callAt("2026-11-10T10:00:00Z", "GET", `/api/v1${path}`, { headers });

let national: TestUser;
let prefecture: TestUser;

const stamp = "2026-10-20T09:00:00Z";
const at = { createdAt: stamp, updatedAt: stamp };
const value = (
  departmentCode: string,
  period: string,
  indicatorCode: string,
  state: "value" | "not_available",
  v: number | null,
) => ({
  departmentCode,
  period,
  indicatorCode,
  state,
  value: v,
  updatedAt: stamp,
});

beforeAll(async () => {
  for (const code of ["59", "62", "75"]) await department(code);
  await organisation("62", { kind: "association", createdAt: "2026-01-01T00:00:00Z" });
  await organisation("62", { kind: "association", createdAt: "2026-01-01T00:00:00Z" });
  await organisation("59", { kind: "association", createdAt: "2026-08-01T00:00:00Z" });
  national = await user("national");
  prefecture = await user("prefecture", "62");
  await db().batch([
    db()
      .insert(indicators)
      .values([
        indicator("N48-1", { ...at, label: "Téléphones grave danger attribués", measureNumber: 48 }),
        indicator("N10-1", { ...at, label: "Taux", unit: "percent", measureNumber: 10 }),
        indicator("N30-1", {
          ...at,
          label: "Associations",
          measureNumber: 30,
          derivedKey: "organisations.association",
        }),
        indicator("62-1.1-1", { ...at, label: "Local", departmentCode: "62", sheetCode: "1.1" }),
      ]),
    db()
      .insert(reportValues)
      .values([
        value("62", "2026-Q3", "N48-1", "value", 3),
        value("62", "2026-Q3", "N10-1", "value", 40),
        value("59", "2026-Q3", "N48-1", "value", 5),
        value("59", "2026-Q3", "N10-1", "not_available", null),
        value("62", "2026-Q2", "N48-1", "value", 2),
      ]),
    db()
      .insert(reports)
      .values([
        {
          departmentCode: "62",
          period: "2026-Q3",
          status: "submitted",
          submittedAt: "2026-10-25T10:00:00Z",
          firstSubmittedAt: "2026-10-25T10:00:00Z",
          createdAt: stamp,
          updatedAt: stamp,
        },
        {
          departmentCode: "59",
          period: "2026-Q3",
          status: "validated",
          submittedAt: "2026-11-05T10:00:00Z",
          firstSubmittedAt: "2026-11-05T10:00:00Z",
          validatedAt: "2026-11-06T10:00:00Z",
          createdAt: stamp,
          updatedAt: stamp,
        },
      ]),
  ]);
});

describe("national completeness", () => {
  it("gives every département's status, completeness and punctuality for a quarter", async () => {
    const res = await api("/national/reports?period=2026-Q3", national.headers);
    expect(res.status).toBe(200);
    const body = await res.json<{ summary: unknown; items: Record<string, unknown>[] }>();
    const by = Object.fromEntries(body.items.map((i) => [i.departmentCode, i]));
    // Derived indicators (N30) count in neither term. 62 types N48, N10 and its local one: 2 of 3.
    expect(by["62"]).toMatchObject({ status: "submitted", completeness: 2 / 3, onTime: true });
    // 59: N48, N10 ("non disponible" is an answer): 2 of 2; submitted after 2026-10-31.
    expect(by["59"]).toMatchObject({ status: "validated", completeness: 1, onTime: false });
    // Nothing typed is 0 %, not the share of computed indicators (the "23 % vs 0 %").
    expect(by["75"]).toMatchObject({ status: "draft", started: false, completeness: 0, onTime: false });
    expect(body.summary).toMatchObject({
      departments: 3,
      submitted: 2,
      validated: 1,
      late: 2,
      onTimeRate: 1 / 3,
    });
  });

  it("summarises the very completeness its rows show (no 23 % over rows at 0 %)", async () => {
    const body = await (await api("/national/reports?period=2026-Q3", national.headers)).json<{
      summary: { meanCompleteness: number };
      items: { completeness: number }[];
    }>();
    const mean = body.items.reduce((s, i) => s + i.completeness, 0) / body.items.length;
    expect(body.summary.meanCompleteness).toBeCloseTo(mean, 12);
    expect(body.summary.meanCompleteness).toBeCloseTo((2 / 3 + 1 + 0) / 3, 12);
  });

  it("shows no completeness for a quarter not open yet", async () => {
    const body = await (await api("/national/reports?period=2027-Q4", national.headers)).json<{
      summary: { meanCompleteness: number | null };
      items: { completeness: number | null }[];
    }>();
    expect(body.items.every((i) => i.completeness === null)).toBe(true);
    expect(body.summary.meanCompleteness).toBeNull();
  });

  it("is for national users only", async () => {
    expect((await api("/national/reports?period=2026-Q3", prefecture.headers)).status).toBe(403);
  });
});

describe("an indicator across départements", () => {
  it("sums counts and counts reporting départements, per quarter", async () => {
    const res = await api("/national/indicators/N48-1?from=2026-Q2&to=2026-Q3", national.headers);
    const body = await res.json<{ periods: Record<string, unknown>[] }>();
    expect(body.periods).toEqual([
      {
        period: "2026-Q2",
        expected: true,
        count: 1,
        sum: 2,
        mean: 2,
        notApplicable: 0,
        notAvailable: 0,
        missing: 2,
      },
      {
        period: "2026-Q3",
        expected: true,
        count: 2,
        sum: 8,
        mean: 4,
        notApplicable: 0,
        notAvailable: 0,
        missing: 1,
      },
    ]);
  });

  it("gives each département's official population, the sum of its communes (unknown without any)", async () => {
    await commune("62", { inseeCode: "62041", siren: "216200410", name: "Arras", population: 40_000 });
    await commune("62", { inseeCode: "62119", siren: "216201190", name: "Béthune", population: 25_000 });
    await commune("59", { inseeCode: "59350", siren: "215903501", name: "Lille", population: 236_000 });
    const body = await (await api("/national/indicators/N48-1?period=2026-Q3", national.headers)).json<{
      departments: { departmentCode: string; population: number | null }[];
    }>();
    expect(body.departments.map((d) => [d.departmentCode, d.population])).toEqual([
      ["59", 236_000],
      ["62", 65_000],
      ["75", null],
    ]);
  });

  it("gives no sum for percentages, only the mean of reporting départements", async () => {
    const body = await (await api("/national/indicators/N10-1?period=2026-Q3", national.headers)).json<{
      periods: Record<string, unknown>[];
    }>();
    expect(body.periods[0]).toMatchObject({ count: 1, sum: null, mean: 40, notAvailable: 1, missing: 1 });
  });

  it("computes derived indicators for every département and quarter", async () => {
    const body = await (
      await api("/national/indicators/N30-1?from=2026-Q2&to=2026-Q3", national.headers)
    ).json<{
      periods: { period: string; sum: number }[];
    }>();
    // 59's association appeared in August: counted from Q3 only.
    expect(body.periods.map((p) => [p.period, p.sum])).toEqual([
      ["2026-Q2", 2],
      ["2026-Q3", 3],
    ]);
  });

  it("says an annual indicator is not asked for before Q4, so nobody is missing it there", async () => {
    await db()
      .insert(indicators)
      .values(indicator("N20-1", { ...at, label: "Annuel", measureNumber: 20, periodicity: "annual" }));
    const body = await (
      await api("/national/indicators/N20-1?from=2025-Q3&to=2025-Q4", national.headers)
    ).json<{
      periods: { period: string; expected: boolean; missing: number }[];
    }>();
    expect(body.periods).toMatchObject([
      { period: "2025-Q3", expected: false, missing: 0 },
      { period: "2025-Q4", expected: true, missing: 3 },
    ]);
  });

  it("exports the values as CSV for Excel", async () => {
    const res = await api("/national/indicators/N48-1/values.csv?period=2026-Q3", national.headers);
    expect(res.headers.get("content-type")).toContain("text/csv");
    const bytes = new Uint8Array(await res.arrayBuffer());
    expect([...bytes.slice(0, 3)]).toEqual([0xef, 0xbb, 0xbf]);
    const text = new TextDecoder().decode(bytes);
    expect(text.startsWith("departement;nom;periode;etat;valeur")).toBe(true);
    expect(text).toContain("62;Pas-de-Calais;2026-Q3;value;3");
  });

  it("reads an indicator's values as ONE row (one string across the D1 binding), each typed as stored", async () => {
    await db()
      .insert(indicators)
      .values(indicator("N41-1", { ...at, label: "Oui/non", unit: "yes_no", measureNumber: 41 }));
    await db()
      .insert(reportValues)
      .values([
        { ...value("62", "2026-Q3", "N41-1", "value", null), value: true },
        { ...value("59", "2026-Q3", "N41-1", "value", null), value: false },
        { ...value("75", "2026-Q2", "N41-1", "value", null), value: 'texte, "cité"' },
        value("75", "2026-Q3", "N41-1", "not_available", null),
      ]);
    const rows = await valuesOfIndicator(db(), "N41-1", "2026-Q2", "2026-Q3");
    expect(rows).toHaveLength(1);
    const key = (v: { departmentCode: string; period: string }) => `${v.departmentCode}|${v.period}`;
    expect(storedValues(rows).sort((a, b) => key(a).localeCompare(key(b)))).toEqual([
      { departmentCode: "59", period: "2026-Q3", state: "value", value: false },
      { departmentCode: "62", period: "2026-Q3", state: "value", value: true },
      { departmentCode: "75", period: "2026-Q2", state: "value", value: 'texte, "cité"' },
      { departmentCode: "75", period: "2026-Q3", state: "not_available", value: null },
    ]);
    expect(storedValues(await valuesOfIndicator(db(), "N41-1", "2020-Q1", "2020-Q4"))).toEqual([]);
  });

  it("exports a text answer that looks like a formula as text, not as a formula", async () => {
    const stamp2 = "2026-10-20T09:00:00Z";
    await db()
      .insert(indicators)
      .values(indicator("N40-1", { ...at, label: "Texte", unit: "text", measureNumber: 40 }));
    await db().insert(reportValues).values({
      departmentCode: "62",
      period: "2026-Q3",
      indicatorCode: "N40-1",
      state: "value",
      value: '=HYPERLINK("http://evil","x")',
      updatedAt: stamp2,
    });
    const res = await api("/national/indicators/N40-1/values.csv?period=2026-Q3", national.headers);
    const text = new TextDecoder().decode(await res.arrayBuffer());
    expect(text).toContain(`62;Pas-de-Calais;2026-Q3;value;"'=HYPERLINK(""http://evil"",""x"")"`);
  });

  it("answers 404 for an unknown indicator and 422 for a half range", async () => {
    expect((await api("/national/indicators/NOPE?period=2026-Q3", national.headers)).status).toBe(404);
    const half = await api("/national/indicators/N48-1?from=2026-Q2", national.headers);
    expect(half.status).toBe(422);
    expect(await half.json()).toMatchObject({ errors: [{ in: "query", pointer: "/to" }] });
  });
});
